"""Wire copies: how alike copies and different articles are, and what a threshold merges.

    python -m bench.copies [--articles 300] [--seed 7]

Bases are the seed articles and articles built from ANS headlines (../shared/datasets/ans, the
train split: 6 to 14 headlines of different events, in 2 to 4 paragraphs). Each base gets wire
variants as outlets make them (a dateline, a credit line, share widgets and teasers, a sentence
dropped or added, tokenized punctuation, and two or three of these at once); the negatives are
different articles: two articles of one event that share their lede or a quote (ANS `agree`
paraphrases as their headlines), the seeds' own pair on one event (003, 004), the same article
with one statement contradicted as ANS does it (another number, a negation: its `disagree`
headline in place of the `agree` one), and unrelated articles that share an outlet's clutter.
Prints, per threshold, the pairs merged (an LSH candidate, similar enough, no contradiction), how
many the contradiction check stopped and the LSH's candidate recall; then the cost of band keys.
"""
import argparse
import csv
import random
import re
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from fact.services.ingest import copies

ROOT = Path(__file__).resolve().parent.parent
ANS = ROOT.parent / "shared" / "datasets" / "ans"
SEEDS = ROOT / "seeds"
DATELINES = ["دمشق - سانا", "بيروت (رويترز) -", "القاهرة - أ ش أ", "عمان - بترا", "لندن - «الحياة»",
             "دمشق - 12 / 5 / 2016 (أ ف ب)", "موسكو - سبوتنيك"]
CREDITS = ["المصدر: وكالات", "(أ ف ب)", "تحرير: أحمد سليمان", "المصدر : رويترز", "© جميع الحقوق محفوظة"]
CLUTTER = ["شارك على فيسبوك تويتر واتساب", "اقرأ / ي أيض ا : الأكثر قراءة", "{ * welcomeName * } { * loginWidget * } تسجيل الدخول",
           "Your browser does not support the video tag .", "1438 / 8 / 8 ه", "اشترك في النشرة البريدية ليصلك كل جديد",
           "تابعونا على تلغرام", "الأكثر مشاهدة اليوم"]
NUMBER = re.compile(r"\d+")


def ans_pairs(split: str = "train") -> list[dict]:
    with (ANS / f"stance_{split}.csv").open(encoding="utf-8") as rows:
        return list(csv.DictReader(rows))


def tokenize(text: str) -> str:
    """Scraped style: a space before every period, comma and quote."""
    return re.sub(r"\s*([.،,:؛\"«»])\s*", r" \1 ", text)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!؟?])\s+", text) if s.strip()]


def build_bases(rng: random.Random, count: int) -> tuple[list[str], list[tuple[str, str, str]]]:
    """Articles of ANS headlines, and (headline, agree paraphrase, disagree headline) triples."""
    pairs = ans_pairs()
    by_s1 = defaultdict(dict)
    for row in pairs:
        by_s1[row["s1"]].setdefault(row["stance"], row["s2"])
    headlines = sorted(by_s1)
    rng.shuffle(headlines)
    triples = [(s1, v["agree"], v["disagree"]) for s1, v in by_s1.items() if "agree" in v and "disagree" in v]
    bases = []
    for n in range(count):
        picked = rng.sample(headlines, rng.randint(6, 14))
        cuts = sorted(rng.sample(range(1, len(picked)), min(len(picked) - 1, rng.randint(1, 3))))
        paragraphs = [" . ".join(picked[a:b]) + " ." for a, b in zip([0, *cuts], [*cuts, len(picked)])]
        bases.append("\n".join(paragraphs))
    seeds = [path.read_text("utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    return seeds + bases, triples


def variant(rng: random.Random, text: str, others: list[str], kinds: list[str]) -> str:
    lines = text.split("\n")
    for kind in kinds:
        if kind == "dateline":
            lines[0] = f"{rng.choice(DATELINES)} {lines[0]}" if rng.random() < 0.5 else lines[0]
            if not lines[0].startswith(tuple(DATELINES)):
                lines.insert(0, rng.choice(DATELINES))
        elif kind == "credit":
            lines.append(rng.choice(CREDITS))
        elif kind == "swap":  # the base's dateline and credit line, as another outlet writes them
            dateline, credit = rng.sample(DATELINES, 2), rng.sample(CREDITS, 2)
            return (f"{dateline[0]} {text}\n{credit[0]}", f"{dateline[1]} {text}\n{credit[1]}")
        elif kind == "clutter":
            for _ in range(rng.randint(1, 3)):
                lines.insert(rng.randint(0, len(lines)), rng.choice(CLUTTER))
            if rng.random() < 0.5:  # a teaser: another article's first sentence
                lines.insert(rng.randint(1, len(lines)), "اقرأ أيضا: " + sentences(rng.choice(others))[0])
        elif kind == "drop":
            flat = sentences("\n".join(lines))
            if len(flat) > 3:
                del flat[rng.randrange(1, len(flat))]
                lines = [" ".join(flat)]
        elif kind == "add":
            lines.insert(rng.randint(1, len(lines)), rng.choice(sentences(rng.choice(others))))
        elif kind == "tokenize":
            lines = [tokenize(line) for line in lines]
    return "\n".join(lines)


KINDS = ["dateline", "credit", "clutter", "drop", "add", "tokenize"]


def positives(rng: random.Random, bases: list[str]) -> list[tuple[str, str, str]]:
    found = []
    for i, base in enumerate(bases):
        others = bases[:i] + bases[i + 1:]
        for kind in KINDS:
            found.append((kind, base, variant(rng, base, others, [kind])))
        found.append(("dateline and credit swapped", *variant(rng, base, others, ["swap"])))
        for n in (2, 3):
            kinds = rng.sample(KINDS, n)
            found.append(("+".join(kinds), base, variant(rng, base, others, kinds)))
    return found


def negatives(rng: random.Random, bases: list[str], triples) -> list[tuple[str, str, str]]:
    found = []
    seeds = sorted(SEEDS.glob("*.txt"))
    found.append(("seeds 003/004, one event", seeds[3].read_text("utf-8"), seeds[4].read_text("utf-8")))
    for base in bases:
        s1, agree, disagree = rng.choice(triples)
        body = base.split("\n")
        other = rng.choice(bases).split("\n")
        # One event, two articles: each its own headline and body, the same lede quoted.
        lede = sentences(base)[0]
        found.append(("one event, shared lede", f"{s1}\n{base}", f"{agree}\n{lede}\n" + "\n".join(other)))
        # One event, two articles sharing a quoted paragraph.
        found.append(("one event, shared paragraph", f"{s1}\n" + "\n".join(body),
                      f"{agree}\n{body[0]}\n" + "\n".join(other[1:] or other)))
        # The same article, one statement contradicted as ANS contradicts it.
        found.append(("contradicted headline (ANS disagree)", f"{s1}\n{base}", f"{disagree}\n{base}"))
        numbered = [m for m in NUMBER.finditer(base)]
        if numbered:
            m = rng.choice(numbered)
            changed = base[: m.start()] + str(int(m.group()) + rng.randint(2, 40)) + base[m.end():]
            found.append(("another number", base, changed))
        words = base.split(" ")
        at = rng.randrange(1, len(words) - 1)
        found.append(("a negation", base, " ".join(words[:at] + ["لم"] + words[at:])))
        # Two unrelated short items of one outlet, its clutter around each.
        frame = rng.sample(CLUTTER, 4)
        short_a, short_b = sentences(base)[0], sentences(rng.choice(bases))[0]
        found.append(("unrelated, one outlet's clutter", "\n".join([*frame[:2], short_a, *frame[2:]]),
                      "\n".join([*frame[:2], short_b, *frame[2:]])))
    return found


def measure(pairs):
    rows = []
    for kind, a, b in pairs:
        wa, wb = copies.content_words(a), copies.content_words(b)
        ha, hb = copies.shingles(wa), copies.shingles(wb)
        similarity = copies.jaccard(ha, hb)
        conflict = copies.contradiction(wa, wb) if similarity >= 0.3 else None
        shared = len(set(copies.band_keys(ha)) & set(copies.band_keys(hb)))
        candidate = shared >= copies.MIN_SHARED_BANDS
        rows.append((kind, similarity, conflict, candidate))
    return rows


def report(title, rows, thresholds, merge_is_right):
    print(f"\n## {title}: {len(rows)} pairs\n")
    print("| kind | pairs | Jaccard min / median | " + " | ".join(f"merged at {t}" for t in thresholds)
          + " | flagged as contradicting | LSH candidate (2+ bands) |")
    print("|---|---|---|" + "---|" * (len(thresholds) + 2))
    by_kind = defaultdict(list)
    for row in rows:
        by_kind[row[0] if "+" not in row[0] else "2 or 3 at once"].append(row)
    for kind, group in [*by_kind.items(), ("all", rows)]:
        sims = [r[1] for r in group]
        merged = [sum(1 for r in group if r[1] >= t and r[2] is None and r[3]) for t in thresholds]
        print(f"| {kind} | {len(group)} | {min(sims):.2f} / {np.median(sims):.2f} | "
              + " | ".join(f"{m} ({m / len(group):.0%})" for m in merged)
              + f" | {sum(1 for r in group if r[2])} | {sum(1 for r in group if r[3])} |")


def lookup_cost(rng: random.Random, bases: list[str]) -> None:
    """Signature and band keys of one article, against reading its words alone (the baseline)."""
    texts = [variant(rng, rng.choice(bases), bases, ["clutter"]) for _ in range(2000)]
    started = time.perf_counter()
    for text in texts:
        copies.content_words(text)
    bare = time.perf_counter() - started
    started = time.perf_counter()
    for text in texts:
        copies.band_keys(copies.shingles(copies.content_words(text)))
    full = time.perf_counter() - started
    print(f"\nband keys of {len(texts)} articles: {full:.2f} s, {full / bare:.1f}x reading their words alone "
          f"({bare:.2f} s)")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    bases, triples = build_bases(rng, args.articles)
    thresholds = [0.4, 0.5, 0.6, 0.7, 0.8]
    print(f"# Wire copies (seed {args.seed}, {len(bases)} bases; shingles of {copies.SHINGLE} words, "
          f"{copies.BANDS} bands x {copies.ROWS} rows, threshold {copies.THRESHOLD})")
    report("Wire variants (should merge)", measure(positives(rng, bases)), thresholds, True)
    report("Different articles (must not merge)", measure(negatives(rng, bases, triples)), thresholds, False)
    lookup_cost(rng, bases)


if __name__ == "__main__":
    main()
