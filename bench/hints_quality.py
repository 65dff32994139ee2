"""Whether dispute and corroboration hints are right: precision on pairs whose relation is known.

`python -m bench.hints_quality [--split dev|train] [--only ans|cases|realistic] [--articles N] [--seed S] [--show N]` prints the
tables of docs/ingest-hints.md; with `--semantic`, the same-event gate with e5 vectors against without
and its fit (bench/hints_semantic.py).

ANS (`../shared/datasets/ans/`): every distinct headline is an article of its own, matched as
`flask fact match` matches (the TF-IDF search of fact.matching.engine, the 20 nearest, hints, the 5
kept with hinted passages promoted: fact.services.matching.candidate_rows.choose). A candidate pair's
relation, from the labels (ans_relations): headlines joined by `agree` say the same; a `disagree`
(or `other`) label between two such classes holds for every pair across them; any other pair is
unknown and left out (headlines of different s1 are often the same story: ANS took one story several
times). A dispute hint is right on a `disagree` pair, a corroboration on an `agree` pair; each
unordered pair is counted once. "Found": the `disagree` pairs that are candidates (either way).
Different events sharing a unit are the hard cases' part.

Cases (bench/hint_cases.py): hand-labelled hard pairs of scraped news (clutter, dates, model numbers,
different events sharing a unit, negations, opposites), clean and tokenized (" . " / " ، ").
"""
import argparse
import csv
import unicodedata
from collections import defaultdict
from datetime import date
from pathlib import Path

import numpy as np

from fact.matching.engine import SentenceIndex
from fact.matching.events import ArticleSimilarity, days_apart
from bench.hint_cases import cases
from fact.matching.hints import Hint, hint, places_named
from fact.matching.hybrid import HybridIndex
from fact.services.matching.candidate_rows import choose

ROOT = Path(__file__).resolve().parent.parent
ANS = ROOT.parent / "shared" / "datasets" / "ans"
K, WIDE = 5, 20
NO_HINT = Hint("none", (), ())


def ans_records(split: str) -> list[dict]:
    with (ANS / f"stance_{split}.csv").open(encoding="utf-8") as f:
        return [{k: unicodedata.normalize("NFC", v.strip()) for k, v in r.items()} for r in csv.DictReader(f)]


def ans_relations(records: list[dict]) -> dict[frozenset, str]:
    """The relation of each pair of headlines the labels decide (see the module docstring): `agree`
    edges join headlines into classes that say the same; a `disagree` edge between two classes makes
    every pair across them disagree; an `other` headline is unrelated to its s1's class."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in records:
        root(r["s1"]), root(r["s2"])
        if r["stance"] == "agree":
            parent[root(r["s1"])] = root(r["s2"])
    members: dict[str, list[str]] = defaultdict(list)
    for x in parent:
        members[root(x)].append(x)
    relation: dict[frozenset, str] = {}
    for group in members.values():
        for i, x in enumerate(group):
            for y in group[i + 1 :]:
                relation[frozenset((x, y))] = "agree"
    for r in records:
        if r["stance"] in ("disagree", "other"):
            for x in members[root(r["s1"])]:
                for y in members[root(r["s2"])]:
                    if x != y:
                        relation.setdefault(frozenset((x, y)), r["stance"])
    return relation


class Candidates:
    """Every sentence's WIDE nearest, searched once, as `flask fact match` searches them: by words, or
    with `vectors` (one passage vector per text) words and meaning fused (fact.matching.hybrid)."""

    def __init__(self, texts: list[str], articles: list, days: list | None = None, vectors=None):
        index = SentenceIndex(texts, articles, approximate=False)
        self.article_similarity = ArticleSimilarity(index.matrix, articles, lambda row: places_named(texts[row]))
        if vectors is not None:
            index = HybridIndex(index, vectors)
        self.texts, self.days, self.vectors = texts, days, vectors
        self.columns, self.scores = index.search(np.arange(len(texts)), k=WIDE)
        self.valued = index.valued

    def kept(self, semantic_gate: bool = False) -> dict[tuple[int, int], tuple[float, object]]:
        """(row, candidate row) -> (score, hint) for the k passages each sentence keeps, as a match run
        keeps them (fact.services.matching.candidate_rows.CandidateWriter._hint); with `semantic_gate`, the hint's
        same-event test reads the cosine of the pair's vectors (fact.matching.events.close_enough)."""
        texts, days, valued = self.texts, self.days, self.valued
        cache: dict = {}
        out = {}
        for row in range(len(texts)):
            pool = []
            for other, score in zip(self.columns[row].tolist(), self.scores[row].tolist()):
                if other < 0:
                    continue
                if valued[row] and valued[other]:
                    apart = days_apart(days[row], days[other]) if days else None
                    pair = (texts[row], texts[other], apart)
                    found = cache.get(pair)
                    if found is None:
                        semantic = float(self.vectors[row] @ self.vectors[other]) if semantic_gate else None
                        found = cache[pair] = hint(texts[row], texts[other], days_apart=apart, semantic=semantic)
                    if found.kind != "none" and self.article_similarity.apart(row, other):
                        found = NO_HINT
                    kind = found.kind
                else:
                    found, kind = None, "none"
                pool.append((score, kind, (other, found)))
            for score, kind, (other, found) in choose(pool, K):
                out[row, other] = (score, found)
        return out


def candidate_pairs(texts: list[str], articles: list, days: list | None = None
                    ) -> dict[tuple[int, int], tuple[float, object]]:
    """The kept candidates of a lexical match (Candidates.kept), as without an embedder."""
    return Candidates(texts, articles, days).kept()


def measure(pairs: dict, texts: list[str], relation_of, by_rows: bool = False) -> dict:
    """Precision of each hint kind over unordered pairs (of texts, or of rows with by_rows), and the
    disagree pairs found and hinted."""
    hinted: dict[str, dict[frozenset, str]] = {"dispute": {}, "corroboration": {}}
    found_disagree: dict[frozenset, bool] = {}
    by_kind: dict[str, dict[frozenset, bool]] = defaultdict(dict)
    for (row, other), (score, found) in pairs.items():
        pair = frozenset((row, other)) if by_rows else frozenset((texts[row], texts[other]))
        relation = relation_of(pair)
        kind = found.kind if found is not None else "none"
        if relation == "disagree":
            found_disagree[pair] = found_disagree.get(pair, False) or kind == "dispute"
        if kind in hinted:
            hinted[kind][pair] = relation
        if kind == "dispute" and relation != "unknown":
            for difference_kind in {d.kind for d in found.differences}:
                by_kind[difference_kind][pair] = relation == "disagree"
    out = {}
    for kind, right in (("dispute", "disagree"), ("corroboration", "agree")):
        judged = [r for r in hinted[kind].values() if r != "unknown"]
        out[kind] = (sum(r == right for r in judged), len(judged), sum(r == "unknown" for r in hinted[kind].values()))
    out["found"] = (sum(found_disagree.values()), len(found_disagree))
    out["hinted"] = hinted
    out["by_kind"] = {k: (sum(v.values()), len(v)) for k, v in sorted(by_kind.items())}
    return out


def ans_set(split: str):
    """(texts, articles, days, judge) of an ANS split: each distinct headline an article of its own;
    judge(kept pairs) measures them (measure)."""
    records = ans_records(split)
    relation = ans_relations(records)
    texts = sorted({r["s1"] for r in records} | {r["s2"] for r in records})

    def judge(pairs: dict) -> dict:
        return measure(pairs, texts, lambda pair: "agree" if len(pair) == 1 else relation.get(pair, "unknown"))

    return texts, list(range(len(texts))), None, judge


def ans_table(split: str, show: int = 0) -> list[str]:
    texts, articles, _, judge = ans_set(split)
    got = judge(candidate_pairs(texts, articles))
    lines = [_row(f"ANS {split}", got), "", "dispute hints by kind of difference: " + ", ".join(
        f"{k} {r}/{n}" for k, (r, n) in got["by_kind"].items()), ""]
    if show:
        for kind, right in (("dispute", "disagree"), ("corroboration", "agree")):
            wrong = [(p, r) for p, r in got["hinted"][kind].items() if r not in (right, "unknown")]
            lines.append(f"  wrong {kind} hints ({len(wrong)}):")
            for pair, r in wrong[:show]:
                a, b = sorted(pair)
                lines.append(f"    [{r}] {a}  ||  {b}  -> {hint(a, b).differences or hint(a, b).agreements}")
    return lines


def cases_table() -> list[str]:
    """The hand-labelled cases (bench/hint_cases.py), each style: precision of each hint kind, and
    the share of the labelled disputes hinted."""
    lines = []
    for style in ("clean", "tokenized"):
        rows = [(want, hint(a, b).kind) for _, a, b, want in cases(style)]
        got = {kind: (sum(w == kind for w, k in rows if k == kind), sum(k == kind for _, k in rows), 0)
               for kind in ("dispute", "corroboration")}
        got["found"] = (sum(k == "dispute" for w, k in rows if w == "dispute"), sum(w == "dispute" for w, _ in rows))
        lines.append(_row(f"hard cases, {style} ({len(rows)} pairs)", got))
    return lines


def realistic_sentences(n: int, seed: int) -> tuple[list[str], list[str], list[dict | None], list]:
    """(texts, record ids, truth, article dates) of the sentences of bench/realistic.py's corpus, as its truth cuts
    them, and every clutter paragraph as one more "sentence" with no truth (the hint must refuse it
    even where boilerplate detection missed it). URL twins are left out (ingest keeps one)."""
    from bench.realistic import generate

    texts, records, truths, days = [], [], [], []
    for record in generate(n, seed):
        day = date.fromisoformat(record["published_at"]).toordinal() if record.get("published_at") else None
        truth = record["truth"]
        if truth.get("duplicate_of"):
            continue
        for paragraph in truth["paragraphs"]:
            if paragraph["clutter"]:
                texts.append(record["text"][paragraph["start"] : paragraph["end"]])
                records.append(truth["id"])
                truths.append(None)
                days.append(day)
            for sentence in paragraph["sentences"]:
                texts.append(record["text"][sentence["start"] : sentence["end"]])
                records.append(truth["id"])
                truths.append(sentence)
                days.append(day)
    return texts, records, truths, days


def realistic_relation(a: dict | None, b: dict | None) -> str:
    """Different events (or clutter): other; one event with a figure of one kind given differently:
    disagree; with every shared figure equal: agree; one event and no shared figure: same (a dispute
    there is wrong, a corroboration unknown)."""
    if a is None or b is None or a["event"] != b["event"]:
        return "other"
    values_a = {q["kind"]: q["value"] for q in a["quantities"] if q["count"]}
    values_b = {q["kind"]: q["value"] for q in b["quantities"] if q["count"]}
    shared = set(values_a) & set(values_b)
    if not shared:
        return "same"
    return "agree" if all(values_a[k] == values_b[k] for k in shared) else "disagree"


def realistic_set(n: int, seed: int):
    """(texts, articles, days, judge) of bench/realistic.py's corpus (realistic_sentences); judge(kept
    pairs) measures them by the truth, a dispute on one event with no shared figure counted wrong."""
    texts, records, truths, days = realistic_sentences(n, seed)

    def judge(pairs: dict) -> dict:
        relation = {frozenset((row, other)): realistic_relation(truths[row], truths[other]) for row, other in pairs}

        def relation_of(pair: frozenset) -> str:
            found = relation.get(pair, "other")
            return "unknown" if found == "same" else found

        got = measure(pairs, texts, relation_of, by_rows=True)
        # a dispute on a "same" pair is wrong: count it back in
        same_disputes = sum(relation.get(p) == "same" for p in got["hinted"]["dispute"])
        right, judged, unknown = got["dispute"]
        got["dispute"] = (right, judged + same_disputes, unknown - same_disputes)
        got["relation"] = relation
        return got

    return texts, records, days, judge


def realistic_table(n: int, seed: int, show: int = 0) -> list[str]:
    texts, records, days, judge = realistic_set(n, seed)
    got = judge(candidate_pairs(texts, records, days))
    relation = got["relation"]
    lines = [_row(f"realistic corpus, {n} articles, seed {seed} ({len(texts):,} sentences)", got), "",
             "dispute hints by kind of difference: " + ", ".join(f"{k} {r}/{m}" for k, (r, m) in got["by_kind"].items()), ""]
    if show:
        for kind, right in (("dispute", "disagree"), ("corroboration", "agree")):
            wrong = [(p, relation.get(p)) for p, r in got["hinted"][kind].items() if r not in (right, "unknown")
                     or (kind == "dispute" and relation.get(p) == "same")]
            lines.append(f"  wrong {kind} hints ({len(wrong)}):")
            for pair, r in wrong[:show]:
                a, b = (texts[i] for i in (sorted(pair) * 2)[:2])
                found = hint(a, b)
                lines.append(f"    [{r}] {a}  ||  {b}  -> {found.differences or found.agreements}")
    return lines


def _row(name: str, got: dict) -> str:
    (dr, dn, du), (cr, cn, cu), (fh, fn) = got["dispute"], got["corroboration"], got["found"]
    ratio = lambda a, b: f"{a / b:.2f}" if b else "-"  # noqa: E731
    return (f"| {name} | {ratio(dr, dn)} ({dr} of {dn}) | {ratio(cr, cn)} ({cr} of {cn}) | "
            f"{ratio(fh, fn)} ({fh} of {fn}) |")


HEADER = ["| set | dispute precision | corroboration precision | disagree pairs found with a dispute hint |",
          "|---|---|---|---|"]


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "train"], default="dev", help="develop on train, report dev")
    parser.add_argument("--only", choices=["ans", "cases", "realistic"])
    parser.add_argument("--articles", type=int, help="articles of the realistic corpus (400; 60 with --semantic)")
    parser.add_argument("--seed", type=int, default=2, help="of the realistic corpus")
    parser.add_argument("--show", type=int, default=0, help="print this many wrong hints of each kind")
    parser.add_argument("--semantic", action="store_true",
                        help="the same-event gate with e5 vectors against without, and its fit (bench.hints_semantic)")
    args = parser.parse_args(argv)
    if args.semantic:
        from bench import hints_semantic

        return hints_semantic.main(args.articles or 60)
    args.articles = args.articles or 400
    lines = list(HEADER)
    if args.only in (None, "cases"):
        lines += cases_table()
    if args.only in (None, "realistic"):
        lines += realistic_table(args.articles, args.seed, args.show)
    if args.only in (None, "ans"):
        lines += ans_table(args.split, args.show)
    print("\n".join(lines))


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
