"""Wire copies: the same or nearly the same text, from another outlet or URL, is one article.

An article's content (its paragraphs that are not boilerplate, normalized for search, as words:
tokenized punctuation and diacritics do not count) is cut into word shingles; a MinHash of them
(datasketch) is cut into LSH bands, and each band's hash is stored (`article_bands`), so that
finding the articles that may be copies of a new one is one indexed query, whatever the number
of articles, with no index to hold in memory or rebuild. A candidate is then compared exactly, on
its stored text: it is the same article when the Jaccard similarity of their shingles reaches
THRESHOLD and nothing between them is a changed number or a negation (a copy that says 53 dead
where the other says 29 is another claim, not another appearance). docs/ingest-copies.md says how
the numbers were chosen.
"""
import difflib
import hashlib
import re
import zlib
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

from fact.text.normalize import normalize_for_search

SHINGLE = 4  # words
NUM_PERM = 128
BANDS, ROWS = 32, 4  # P(candidate) = 1 - (1 - J^4)^32: 0.23 at J 0.3, 0.87 at 0.5, 0.99 at 0.6
THRESHOLD = 0.6  # Jaccard of the shingles, checked exactly on the candidates
# Band keys two articles must share to be compared: one is shared by chance (P 0.23 at J 0.3), two
# are not (0.03 at J 0.3), and copies share many (P(two or more) 0.93 at J 0.6, 0.998 at J 0.7).
MIN_SHARED_BANDS = 2
SEED = 1
_WORD = re.compile(r"\d+|[^\W\d_]+")  # "الـ80" is two words, as "الـ 80" is
# Particles that turn a statement into its negation: one of these gained or lost is another claim.
NEGATIONS = frozenset({"لا", "لم", "لن", "ليس", "ليست", "غير", "عدم", "ينفي", "نفى", "تنفي", "نفت", "not", "no",
                       "never", "denies", "denied"})
# A dateline, in normalized text: a place (up to four words) and a dash, at the start of one of the
# first lines, then maybe a date, an agency in brackets or one of the agencies' names ("دمشق - سانا",
# "بيروت (رويترز) -", "دمشق - 12 / 5 / 2016 (ا ف ب)"). What is left of a short line is all dateline.
_AGENCY = r"(?:سانا|سبوتنيك|رويترز|الاناضول|بترا|وام|واس|قنا|كونا|ا ?ف ?ب|ا ش ا|د ب ا|فرانس برس|يو بي اي|وكالات)"
_DATELINE = re.compile(
    r"^\s*(?:\S+\s+){0,3}?\S+\s*(?:\([^)]{1,30}\)\s*)?[-–—ـ]+\s*"
    r"(?:[\d/.\s]{4,14}\s*)?(?:[(«\"][^)»\"]{1,30}[)»\"]\s*|" + _AGENCY + r"\b\s*)?[-–—ـ:]?\s*")
_LINE = 5
_SENTENCE = 15  # words: a drop and an insertion this close are one statement reworded  # words: a dateline or a credit line, swapped at the start or the end


def content_words(text: str) -> list[str]:
    """The words that decide whether two texts are copies: letters and digits after search
    normalization (so that ` . ` and `.`, diacritics and alef forms do not count), without the
    dateline, which each outlet writes its own way."""
    return paragraph_words(text.split("\n"))


def paragraph_words(paragraphs: list[str], normalized: list[str] | None = None) -> list[str]:
    """content_words of these paragraphs; `normalized`: their normalize_for_search, when known
    (ingest has it for every span), so that only the first lines are normalized again, for the
    dateline (whose dash may be a tatweel, which normalization drops)."""
    normalized = list(normalized) if normalized is not None else [normalize_for_search(p) for p in paragraphs]
    for i in [i for i, paragraph in enumerate(paragraphs) if paragraph.strip()][:3]:
        line = normalize_for_search(paragraphs[i].replace(" ـ ", " - "))
        if match := _DATELINE.match(line):
            rest = line[match.end():]
            normalized[i] = "" if len(_WORD.findall(rest)) <= _LINE - 2 else rest
    return _WORD.findall(" ".join(normalized))


def shingles(words: list[str]) -> np.ndarray:
    """32-bit hashes of the distinct SHINGLE-word runs (the whole text when it is shorter)."""
    if not words:
        return np.empty(0, dtype=np.uint64)
    ids = np.fromiter(map(_word_hash, words), dtype=np.uint64, count=len(words))
    width = min(SHINGLE, len(ids))
    mixed = np.zeros(len(ids) - width + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):  # wrapping arithmetic is the hash
        for k in range(width):
            mixed = mixed * np.uint64(0x100000001B3) + ids[k : len(ids) - width + 1 + k]
        mixed ^= mixed >> np.uint64(29)
        mixed *= np.uint64(0xBF58476D1CE4E5B9)
        mixed ^= mixed >> np.uint64(32)
    return np.unique(mixed & np.uint64(0xFFFFFFFF))


_WORD_HASHES: dict[str, int] = {}


def _word_hash(word: str) -> int:
    """crc32 of a word, remembered: news reuses its words, and hashing each anew was half the cost."""
    found = _WORD_HASHES.get(word)
    if found is None:
        if len(_WORD_HASHES) > 500_000:
            _WORD_HASHES.clear()
        found = _WORD_HASHES[word] = zlib.crc32(word.encode("utf-8", "surrogatepass"))
    return found


_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32").permutations  # drawn once, not per text


def signature(hashes: np.ndarray) -> np.ndarray:
    """The MinHash of these shingle hashes (datasketch's affine32 permutations, a fixed seed: the
    same text gives the same signature in every process)."""
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32", hashfunc=int, permutations=_PERMUTATIONS)
    minhash.update_batch(hashes.tolist())
    return minhash.hashvalues


def band_keys(hashes: np.ndarray) -> list[int]:
    """The article's LSH band keys: one signed 64-bit integer per band (BIGINT on both backends);
    two articles that share a key are candidates. None for a text with no words."""
    if not len(hashes):
        return []
    values = signature(hashes).astype("<u4")
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(values[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=8,
                                 salt=band.to_bytes(2, "little")).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


@dataclass(frozen=True)
class Comparison:
    similarity: float  # Jaccard of the shingles
    conflict: str | None = None  # what one says and the other contradicts, e.g. "29 ≠ 53"

    @property
    def same(self) -> bool:
        return self.similarity >= THRESHOLD and self.conflict is None


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    if not len(a) or not len(b):
        return 0.0
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / (len(a) + len(b) - shared)


def compare(words: list[str], hashes: np.ndarray, other_words: list[str], other_hashes: np.ndarray) -> Comparison:
    """How alike two texts are, and, when they are alike enough, whether one contradicts the other."""
    similarity = jaccard(hashes, other_hashes)
    if similarity < THRESHOLD:
        return Comparison(similarity)
    return Comparison(similarity, contradiction(words, other_words))


def contradiction(words: list[str], other: list[str]) -> str | None:
    """Where one text says something else than the other: any passage of one put in the place of
    a passage of the other (another number, place, name or wording; a negation), or a short
    negation gained or lost. What copies differ by is not one: a passage added or dropped (a
    dateline, a credit line, clutter, a sentence), a number that is a date's day or month, and a
    short line swapped at the very end (one outlet's credit line for another's); datelines are
    not among the words compared."""
    edits = _edits(words, other)
    for (ours, theirs, _, at), (next_ours, next_theirs, _, next_at) in zip(edits, edits[1:]):
        # Words dropped here and others put in a little further on: a statement reworded.
        if next_at - at < _SENTENCE and bool(ours) != bool(theirs) and bool(next_ours) != bool(next_theirs) \
                and bool(ours) != bool(next_ours):
            return f"{' '.join(ours or next_ours)} ≠ {' '.join(theirs or next_theirs)}"
    for ours, theirs, edge, _ in edits:
        changed, changed_other = _plain(ours, theirs), _plain(theirs, ours)
        numbers = _numbers(ours, changed), _numbers(theirs, changed_other)
        if numbers[0] != numbers[1] and numbers[0] and numbers[1]:
            return f"{' '.join(numbers[0])} ≠ {' '.join(numbers[1])}"
        negated = NEGATIONS.intersection(ours).symmetric_difference(NEGATIONS.intersection(theirs))
        if negated and (changed and changed_other or len(ours) + len(theirs) <= 2):
            return f"{' '.join(ours) or '∅'} ≠ {' '.join(theirs) or '∅'}"
        dated = {w for w in changed + changed_other if w.isdigit()} - set(numbers[0] + numbers[1])
        if not (changed and changed_other) or set(changed + changed_other) <= dated:
            continue
        if edge and max(len(ours), len(theirs)) <= _LINE:
            continue
        return f"{' '.join(ours)} ≠ {' '.join(theirs)}"
    return None


def _edits(words: list[str], other: list[str]) -> list[tuple[list[str], list[str], bool, int]]:
    """The passages where the two differ, as (ours, theirs, at the end of both, where in ours); edits fewer than SHINGLE words apart
    are one edit (with the words between), since a rewritten statement keeps some of its words."""
    edits, current = [], None
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, words, other, autojunk=False).get_opcodes():
        if tag == "equal":
            if current and i2 - i1 < SHINGLE:
                current = (current[0], i2, current[2], j2)
            elif current:
                edits.append(current)
                current = None
            continue
        current = (current[0], i2, current[2], j2) if current else (i1, i2, j1, j2)
    if current:
        edits.append(current)
    return [(_trim(words[i1:i2], other[j1:j2]), _trim(other[j1:j2], words[i1:i2]),
             i2 == len(words) and j2 == len(other), i1) for i1, i2, j1, j2 in edits]


def _trim(side: list[str], other: list[str]) -> list[str]:
    """An edit without the shared words it was joined across at its end (they are not in it)."""
    while side and side[-1] in other and other and other[-1] == side[-1]:
        side, other = side[:-1], other[:-1]
    return side


def _plain(side: list[str], other: list[str]) -> list[str]:
    """The words of one side that the other side does not have."""
    others = set(other)
    return [w for w in side if w not in others]


_MONTHS = frozenset("""يناير فبراير مارس ابريل مايو يونيو يوليو اغسطس سبتمبر اكتوبر نوفمبر ديسمبر كانون الثاني شباط
اذار نيسان ايار حزيران تموز اب ايلول تشرين الاول محرم صفر ربيع جمادي رجب شعبان رمضان شوال القعده الحجه ه هـ م
january february march april may june july august september october november december""".split())


def _numbers(side: list[str], changed: list[str]) -> list[str]:
    """The changed numbers of one side, but a date's day or month (next to a month's name or a
    year): a dateline's date differs from outlet to outlet. A year is a number."""
    found = []
    for at, word in enumerate(side):
        if not word.isdigit() or word not in changed:
            continue
        near = side[max(at - 2, 0) : at] + side[at + 1 : at + 3]
        if _MONTHS.intersection(near) or any(w.isdigit() and len(w) == 4 for w in near):
            continue
        found.append(word)
    return found
