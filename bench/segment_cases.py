"""A labelled set for sentence segmentation: paragraphs whose true sentence starts are known.

Sources, each in three styles:

* the seed paragraphs with their reviewed cuts (tests/text/data/seed_sentences.json, which the seed tests
  check segment() against: a full stop inside a quotation does not cut, a glued dateline does);
* ANS headlines (dev and train, s1 and s2) joined 2-6 to a paragraph, each ended by ``.``, ``؟`` or ``!``
  (a headline's own ``..`` pause or ``:`` stays inside it);
* both with the hard material of scraped news put inside sentences: decimals, thousands, Hijri dates,
  initials and agencies, titles, Latin fragments, URLs, e-mails, hashtags, mentions, emoji, model numbers,
  quotations with a full stop inside.

Styles: ``clean`` as written; ``tokenized`` as the real corpus was (a space on both sides of every
punctuation mark, inside numbers and initials too: ``نحو 1 . 78 مليار``, ``أ . ف . ب``, ``" إن . "``);
``scraped`` clean text with the scraper's faults: no space after some full stops (``المدينة.وقال``),
doubled and no-break spaces.
"""
from __future__ import annotations

import csv
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ANS = ROOT.parent / "shared" / "datasets" / "ans"
STYLES = ("clean", "tokenized", "scraped")


@dataclass(frozen=True)
class Case:
    source: str  # "seeds", "ans", "seeds+hard", "ans+hard"
    style: str
    text: str  # one paragraph
    starts: tuple[int, ...]  # code-point offsets where each sentence after the first starts


# --------------------------------------------------------------------------
# Gold sentences

SEED_GOLD = ROOT / "tests" / "text" / "data" / "seed_sentences.json"


Gold = tuple[list[str], list[str]]  # a paragraph's sentences, and what stands between each two


def seed_paragraphs() -> list[Gold]:
    """The seeds' sentences as reviewed (the file the seed tests check against), paragraph by paragraph,
    with the seed's own spacing between them (none after a glued dateline)."""
    by_file = json.loads(SEED_GOLD.read_text("utf-8"))
    out = []
    for name in sorted(by_file):
        lines = [line.strip() for line in (ROOT / "seeds" / name).read_text("utf-8").splitlines() if line.strip()]
        for line, sentences in zip(lines, by_file[name], strict=True):
            glues, cursor = [], len(sentences[0])
            for sentence in sentences[1:]:
                at = line.index(sentence, cursor)
                glues.append(line[cursor:at])
                cursor = at + len(sentence)
            out.append((sentences, glues))
    return out


def ans_headlines() -> list[str]:
    seen: set[str] = set()
    for name in ("stance_dev.csv", "stance_train.csv"):
        with (ANS / name).open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                for h in (row["s1"], row["s2"]):
                    h = " ".join(h.split()).rstrip(".")
                    # a headline of two sentences (`كيف انهارت الليرة؟ وماذا ينتظر`) is no gold for one
                    if len(h) > 10 and h not in seen and not re.search(r"[?؟!]\s", h):
                        seen.add(h)
    return sorted(seen)


def ans_paragraphs(rng: random.Random, count: int) -> list[Gold]:
    heads = ans_headlines()
    out = []
    for _ in range(count):
        chosen = rng.sample(heads, rng.randint(2, 6))
        sentences = [h if h[-1] in "?؟!" else h + rng.choice([".", ".", ".", ".", "؟", "!"]) for h in chosen]
        out.append((sentences, [" "] * (len(sentences) - 1)))
    return out


# --------------------------------------------------------------------------
# Hard material, put between two words of a sentence

HARD = [
    "نحو 1.78 مليار دولار",
    "بنسبة 3,5 بالمئة",
    "بلغ 12.500 دينار",
    "في 1438/8/8 هـ",
    "الساعة 10:30 صباحا",
    "(أ.ف.ب)",
    "أ. ف. ب",
    "د. محمد العلي",
    "م. أحمد",
    "J. Smith",
    "Mr. Kerry",
    "وكالة Reuters",
    "صحيفة The New York Times",
    "وزارة U.S. Defense",
    "عبر الموقع www.aljazeera.net/news/2016/10/24/report.html",
    "عبر الرابط https://example.org/a/b?id=3",
    "على البريد info@sana.sy",
    "وسم #حلب_تحترق",
    "حساب @UN_News",
    "😢",
    "🔴 عاجل",
    "طائرات سوخوي-30",
    "صواريخ S-400",
    'وقال "انتهى الأمر. لن نعود"',
    "وتابع «هل انتهت المعركة؟ لا»",
    "(انظر الصفحة 3. الفقرة 2)",
]


def _outside_quotes(words: list[str], at: int) -> bool:
    before = " ".join(words[:at])
    return before.count('"') % 2 == 0 and all(before.count(o) == before.count(c) for o, c in ("“”", "«»", "()"))


def with_hard(gold: Gold, rng: random.Random) -> Gold:
    """Put one piece of hard material into most sentences, outside quotations and not right after a
    number (``146 م. أحمد`` would read as the year 146 AD)."""
    sentences, glues = gold
    out = []
    for s in sentences:
        words = s.split(" ")
        if len(words) > 3 and rng.random() < 0.7:
            at = rng.randint(1, len(words) - 2)
            if _outside_quotes(words, at) and not words[at - 1][-1:].isdigit():
                words.insert(at, rng.choice(HARD))
        out.append(" ".join(words))
    return out, glues


# --------------------------------------------------------------------------
# Styles

_PUNCT = re.compile(r"\s*([.,:;!?؟،؛\"«»“”()\[\]{}/…])\s*")


def tokenize(sentence: str) -> str:
    """The real corpus's tokenization: every punctuation mark is a token of its own."""
    return " ".join(_PUNCT.sub(r" \1 ", sentence).split())


def _join(sentences: list[str], glues: list[str]) -> tuple[str, tuple[int, ...]]:
    text, starts = sentences[0], []
    for glue, sentence in zip(glues, sentences[1:], strict=True):
        text += glue
        starts.append(len(text))
        text += sentence
    return text, tuple(starts)


def render(gold: Gold, style: str, rng: random.Random) -> tuple[str, tuple[int, ...]]:
    sentences, glues = gold
    if style == "clean":
        return _join(sentences, glues)
    if style == "tokenized":
        return _join([tokenize(s) for s in sentences], glues)
    scraped = [rng.choice(["", " ", " ", "  ", "\u00a0"]) if glue == " " and s.endswith(".") else glue
               for glue, s in zip(glues, sentences)]
    return _join(sentences, scraped)


def build(seed: int = 12, ans_count: int = 600) -> list[Case]:
    rng = random.Random(seed)
    groups = {
        "seeds": seed_paragraphs(),
        "ans": ans_paragraphs(rng, ans_count),
    }
    groups["seeds+hard"] = [with_hard(p, rng) for p in groups["seeds"]]
    groups["ans+hard"] = [with_hard(p, rng) for p in groups["ans"]]
    cases = []
    for source, paragraphs in groups.items():
        for style in STYLES:
            for gold in paragraphs:
                text, starts = render(gold, style, rng)
                cases.append(Case(source, style, text, starts))
    return cases
