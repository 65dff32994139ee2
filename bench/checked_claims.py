"""Already checked (fact.matching.checked): MAP@5 as the CheckThat! "previously fact-checked claims"
task scores it, and the precision and recall of the suggest and link decisions.

    python -m bench.checked_claims [--embedder e5-small]

ANS, per split: the checked claims are its distinct headlines `s1` and, as distractors, the distinct
headlines of 300 realistic articles (bench.realistic, seed 2), and for dev the train headlines too (a
desk's pool only grows). Each distinct `s2` is a new claim: an `agree` partner is the same claim (the
one right answer), a `disagree` or `other` partner a near non-match (a contradiction of a checked
claim is near it by words and meaning, and must not be linked). An `s2` that is itself in the pool
verbatim is left out (an import merges exact duplicates before any matching). ANS's headlines come
in clusters joined by `agree` pairs (an `s2` reused as another pair's `s1`): every checked claim of a
new claim's cluster is the same claim (bench.claim_sets.same_claims). The thresholds are
fitted on train (LINK: the lowest score whose links are right 95 % of the time, inf when no score
is; SUGGEST: the best F2) and applied to dev. Seeds: each seed article's sentences that have a gold counterpart are new claims
against the other four articles' sentences (and the realistic headlines): a `corroborates`
counterpart is the same claim, a `disputes` one a near non-match; thresholds from ANS train.
Lexical alone, semantic alone and the hybrid are run side by side, each with its own thresholds.
"""
import argparse
import json
import math
import sys
from dataclasses import replace

import numpy as np

from bench.claim_sets import ans_pairs, cached_vectors, realistic_headlines, same_claims
from fact.matching.checked import LINK, SUGGEST, CheckedClaims, decision
from fact.matching.embedders import load_embedder
from fact.matching.evaluation import map_at_k

RANKINGS = ("lexical", "semantic", "hybrid")
PRECISION = 0.95


class Set:
    """A pool of checked claims, new claims, and for each new claim the right ids (maybe none)."""

    def __init__(self, pool: list[str], queries: dict[str, set[str]], near: dict[str, set[str]], embedder):
        self.pool = list(dict.fromkeys(pool))
        ids = {t: i for i, t in enumerate(self.pool)}
        self.queries = [q for q in queries if q not in ids]
        self.relevant = [{ids[t] for t in queries[q] if t in ids} for q in self.queries]
        self.near = [{ids[t] for t in near.get(q, ()) if t in ids} - r for q, r in zip(self.queries, self.relevant)]
        self.checked = CheckedClaims(range(len(self.pool)), self.pool, ["checked"] * len(self.pool),
                                     cached_vectors(embedder, self.pool, "claims"))
        self.vectors = cached_vectors(embedder, self.queries, "claims")

    def nearest(self, ranking: str):
        return self.checked.nearest(self.queries, self.vectors, k=5, ranking=ranking)


def ans_set(split: str, embedder, distractors: list[str]) -> Set:
    """New claims: each `s2`; the same claim: every headline of its agree cluster (same_claims)."""
    queries: dict[str, set[str]] = {}
    near: dict[str, set[str]] = {}
    pairs = ans_pairs(split)
    same = same_claims(pairs)
    for s1, s2, stance in pairs:
        queries.setdefault(s2, set()).update(same.get(s2, set()) - {s2})
        if stance != "agree":
            near.setdefault(s2, set()).update(same.get(s1, {s1}))
    return Set(sorted({p[0] for p in pairs}) + distractors, queries, near, embedder)


def decisions(found, relevant, suggest: float, link: float, near=None) -> dict[str, float]:
    """Precision and recall of both decisions (a suggestion is right when the right claim is among those
    offered; a link when it is the one linked); `near`: also the share of offers that hold the claim or
    a claim it contradicts (also worth showing the lead)."""
    offered = linked = right_offers = right_links = useful = 0
    positives = sum(bool(r) for r in relevant)
    for matches, right, close in zip(found, relevant, near or [set()] * len(found)):
        d = decision(matches, suggest, link)
        offered += bool(d.suggested)
        right_offers += bool(right & {m.claim_id for m in d.suggested})
        useful += bool((right | close) & {m.claim_id for m in d.suggested})
        linked += d.link is not None
        right_links += d.link is not None and d.link.claim_id in right
    return {"suggest_p": right_offers / offered if offered else 1.0, "suggest_r": right_offers / positives,
            "useful": useful / offered if offered else 1.0,
            "link_p": right_links / linked if linked else None, "link_r": right_links / positives}


def fitted(found, relevant) -> tuple[float, float]:
    """(suggest, link) thresholds on this set: LINK the lowest top score whose links reach PRECISION,
    SUGGEST the score with the best F2 of the suggestion."""
    candidates = sorted({round(m[0].score, 3) for m in found if m})
    link = next((t for t in candidates if (decisions(found, relevant, t, t)["link_p"] or 0) >= PRECISION
                 and decisions(found, relevant, t, t)["link_r"] > 0), math.inf)

    def f2(t):
        d = decisions(found, relevant, t, link)
        p, r = d["suggest_p"], d["suggest_r"]
        return 5 * p * r / (4 * p + r) if p + r else 0.0

    return max(candidates[:: max(1, len(candidates) // 400)], key=f2), link


def report(name: str, s: Set, thresholds: dict[str, tuple[float, float]]) -> None:
    print(f"\n## {name} ({len(s.pool)} checked claims; {len(s.queries)} new claims, "
          f"{sum(bool(r) for r in s.relevant)} with the same claim among them)\n")
    print("| ranking | MAP@5 | recall@1 | suggest at | suggest P | suggest R | offers of the claim or its "
          "contradiction | link at | link P | link R | near non-matches linked |\n|---|---|---|---|---|---|---|---|---|---|---|")
    for ranking in RANKINGS:
        found = s.nearest(ranking)
        ranked = {i: [m.claim_id for m in f] for i, f in enumerate(found)}
        score = map_at_k(ranked, dict(enumerate(s.relevant)), 5)
        at1 = np.mean([bool(f) and f[0].claim_id in r for f, r in zip(found, s.relevant) if r])
        suggest, link = thresholds[ranking]
        d = decisions(found, s.relevant, suggest, link, s.near)
        near = [i for i, (r, n) in enumerate(zip(s.relevant, s.near)) if n and not r]
        wrong = sum(bool(found[i]) and found[i][0].score >= link and found[i][0].claim_id in s.near[i] for i in near)
        print(f"| {ranking} | {score:.3f} | {at1:.3f} | {suggest:.3f} | {d['suggest_p']:.3f} | {d['suggest_r']:.3f} "
              f"| {d['useful']:.3f} | {link:.3f} | {_share(d['link_p'])} | {d['link_r']:.3f} | {wrong} of {len(near)} |")


def _share(value: float | None) -> str:
    return "none made" if value is None else f"{value:.3f}"


def seed_sets(embedder, distractors: list[str]) -> list[Set]:
    from bench.embed_quality import GOLD, seed_sentences

    keys, articles, texts = seed_sentences()
    same: dict[str, set[str]] = {}
    near: dict[str, set[str]] = {}
    for pair in json.loads(GOLD.read_text("utf-8"))["pairs"]:
        for x, y in ((pair["a"], pair["b"]), (pair["b"], pair["a"])):
            (same if pair["relation"] == "corroborates" else near).setdefault(
                f"{x['article']}|{x['sentence']}", set()).add(y["sentence"])
    out = []
    for article in sorted(set(articles)):
        mine = [k for k, a in zip(keys, articles) if a == article and (k in same or k in near)]
        pool = [t for t, a in zip(texts, articles) if a != article]
        out.append(Set(pool + distractors, {k.split("|", 1)[1]: same.get(k, set()) for k in mine},
                       {k.split("|", 1)[1]: near.get(k, set()) for k in mine}, embedder))
    return out


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench.checked_claims", description=__doc__.splitlines()[0])
    parser.add_argument("--embedder", default="e5-small")
    args = parser.parse_args(argv)
    embedder = load_embedder(args.embedder)
    distractors = realistic_headlines(300, 2)
    train = ans_set("train", embedder, distractors)
    thresholds = {r: fitted(train.nearest(r), train.relevant) for r in RANKINGS}
    print(f"Thresholds fitted on ANS train (suggest, link): {thresholds}; fact.matching.checked uses "
          f"SUGGEST {SUGGEST} and LINK {LINK}")
    report("ANS train (fitted on)", train, thresholds)
    train_s1 = sorted({p[0] for p in ans_pairs("train")})
    report("ANS dev (never fitted on)", ans_set("dev", embedder, distractors + train_s1), thresholds)
    report("Seeds, each article against the four others", _Joined(seed_sets(embedder, distractors)), thresholds)


class _Joined(Set):
    """The five seed sets read as one: each new claim searched in its own pool, ids made distinct."""

    def __init__(self, sets: list[Set]):
        self.sets, self.pool, self.queries, self.relevant, self.near = sets, [], [], [], []
        for s in sets:
            offset = len(self.pool)
            self.pool += s.pool
            self.queries += s.queries
            self.relevant += [{i + offset for i in r} for r in s.relevant]
            self.near += [{i + offset for i in n} for n in s.near]

    def nearest(self, ranking: str):
        out, offset = [], 0
        for s in self.sets:
            out += [[replace(m, claim_id=m.claim_id + offset) for m in found] for found in s.nearest(ranking)]
            offset += len(s.pool)
        return out


if __name__ == "__main__":
    main(sys.argv[1:])
