"""Retrieval tokens for a sentence: ``match_tokens(text)``.

The tokens a sentence is indexed by, so that another outlet's wording of the
same fact shares as many of them as possible.  Used as the ``analyzer=`` of a
scikit-learn ``TfidfVectorizer``; it runs on every sentence of the corpus, so
it does one :func:`normalize_for_search` call, one regex split, and one
PyStemmer ``stemWords`` call for the words not seen before (a per-word cache
holds the result for each normalized word).

Per word, after normalization (diacritics, hamza forms, ة/ه, ى/ي, digits):

* Stop words are dropped (:data:`STOP_WORDS`): particles, prepositions,
  pronouns, demonstratives, relatives, كان and its forms, also with a و/ف
  (or ب/ل/ك) glued on (``وفي``, ``ومن``, ``بأن``).  The reporting verbs قال,
  أضاف, تابع, أوضح and their forms are dropped too: nearly every news sentence
  has one, they say who speaks and not what happened, and they made unrelated
  short quotes look alike; the speaker's name or title stays.
* Clitics (:func:`fact.matching.quantities.clitic_variants`): the article with
  its proclitics (ال وال بال فال كال وبال لل ...) is stripped; a bare و/ف/ب/ل/ك
  may be part of the word (وزير, فرنسا, بلد, لبنان), so the word is indexed
  under both its unstripped and its stripped forms (recall over precision).
* Each form is stemmed with PyStemmer's Arabic (Snowball) stemmer; duplicate
  stems of one word are emitted once.
* Numbers become canonical tokens (:mod:`fact.matching.quantities`): ``#13``,
  ``#5000`` for خمسة آلاف / 5000 / ٥٠٠٠ / 5,000, ``#1500000`` for 1,5 مليون /
  1.5 مليون, both bounds of a range (``#5000 #6000``), and ``#~100`` for a
  vague "hundreds" (بضع مئات, المئات).  The number words and hedges consumed
  are not emitted again.  Years, dates and times stay as plain digits
  (``2016``).
* Latin words are kept casefolded.

``index_tokens(text)`` is what the matcher indexes: the match tokens, and for
every Arabic content word its root by the ISRI root stemmer (NLTK), as a token
of its own (``r:عمل``).  The light stem keeps the forms of a word apart
(``عملية``, ``عمليتان``, ``عمليتا``; ``السوري``, ``سوريا``)
where another outlet's wording uses another form; the root makes
them meet, and the light stems still weigh for the exact form.  On the seed
gold set it lifts recall@5 from 0.827 to 0.847 (docs/matching.md).
"""

from __future__ import annotations

import re
from itertools import chain

from fact.matching.quantities import (
    NORM_TOKEN_RE,
    NUMBER_TRIGGERS,
    canonical_tokens,
    clitic_variants,
    scan,
    stemmer,
)
from fact.text.normalize import normalize_for_search

__all__ = ["index_tokens", "match_tokens", "STOP_WORDS", "ROOT"]

#: Normalized stop words (see the module docstring).
STOP_WORDS = frozenset(normalize_for_search(w) for w in """
    في من إلى الى على عن أن إن ان أنه إنه أنها إنها انه انها ما لا لم لن قد لقد كان كانت كانوا يكون تكون
    هذا هذه هذان هاتان هؤلاء ذلك تلك هناك هنا الذي التي الذين اللذين اللتين اللذان اللتان اللواتي اللاتي
    مع بعد قبل حيث كما أو أم ثم بل لكن لكنه لكنها إذا إذ أي كل بعض عند منذ حتى خلال بين
    هو هي هم هن هما نحن أنا أنت أنتم فيه فيها فيهم منه منها منهم عليه عليها عليهم إليه إليها إليهم
    به بها بهم له لها لهم عنه عنها عنهم أيضا إلا أما الآن سوف ليس لدى يا و ف ب ل ك
    قال قالت قالوا يقول تقول يقولون أضاف أضافت أضافوا يضيف تابع تابعت أوضح أوضحت
    """.split())
_STOP_PREFIXES = ("وب", "ول", "فب", "فل", "وك")

#: The prefix of root tokens (``index_tokens``).
ROOT = "r:"

_CACHE: dict[str, tuple[str, ...]] = {}
_ROOTS: dict[str, tuple[str, ...]] = {}
_CACHE_LIMIT = 500_000
_HAS_DIGIT = re.compile(r"\d").search


def _is_stop(w: str) -> bool:
    if w in STOP_WORDS:
        return True
    if w[0] in "وفبلك" and w[1:] in STOP_WORDS:
        return True
    return w[:2] in _STOP_PREFIXES and w[2:] in STOP_WORDS


def _fill(cache: dict[str, tuple[str, ...]], words: set[str]) -> None:
    """Compute and cache the tokens of words not seen before (one stemWords call)."""
    plans: list[tuple[str, int, int]] = []
    forms: list[str] = []
    for w in words:
        if not w[0].isalpha():
            cache[w] = ()
        elif w.isascii() or not ("\u0600" <= w[0] <= "\u06ff"):
            cache[w] = (w,)
        elif _is_stop(w):
            cache[w] = ()
        else:
            variants = clitic_variants(w)
            plans.append((w, len(forms), len(variants)))
            forms.extend(variants)
    stems = stemmer().stemWords(forms)
    for w, at, count in plans:
        cache[w] = tuple(dict.fromkeys(s for s in stems[at : at + count] if s))


def _roots(cache: dict[str, tuple[str, ...]], words: set[str]) -> None:
    """Cache the root token of each word not seen before (none for stop words, digits, Latin)."""
    from nltk.stem.isri import ISRIStemmer  # rule-based: no data to download

    isri = ISRIStemmer()
    for w in words:
        if "\u0600" <= w[0] <= "\u06ff" and not _is_stop(w):
            cache[w] = (ROOT + isri.stem(w),)
        else:
            cache[w] = ()


def match_tokens(text: str) -> list[str]:
    """The retrieval tokens of a sentence (see the module docstring)."""
    return _tokens(normalize_for_search(text), roots=False)


def index_tokens(text: str) -> list[str]:
    """The match tokens of a sentence and the roots of its Arabic content words (module docstring)."""
    return _tokens(normalize_for_search(text), roots=True)


def _tokens(norm: str, roots: bool) -> list[str]:
    if not norm:
        return []
    toks = NORM_TOKEN_RE.findall(norm)
    out = _match_tokens(norm, toks)
    if roots:
        global _ROOTS
        if len(_ROOTS) > _CACHE_LIMIT:
            _ROOTS = {}
        cache = _ROOTS
        missing = set(toks).difference(cache)
        if missing:
            _roots(cache, missing)
        out.extend(chain.from_iterable(map(cache.__getitem__, toks)))
    return out


def _match_tokens(norm: str, toks: list[str]) -> list[str]:
    global _CACHE
    if len(_CACHE) > _CACHE_LIMIT:
        _CACHE = {}  # replaced, not cleared: a concurrent call keeps the dict it filled
    cache = _CACHE
    missing = set(toks).difference(cache)
    if missing:
        _fill(cache, missing)
    if not (_HAS_DIGIT(norm) or not NUMBER_TRIGGERS.isdisjoint(toks)):
        return list(chain.from_iterable(map(cache.__getitem__, toks)))
    out: list[str] = []
    consumed = bytearray(len(toks))
    for hit in scan(toks, units=False):
        consumed[hit.start : hit.num_end] = b"\x01" * (hit.num_end - hit.start)
        out.extend(canonical_tokens(hit))
    for t, used in zip(toks, consumed):
        if used:
            continue
        if t[0].isdigit():
            out.append(t)  # a year, a date or a time
        else:
            out.extend(cache[t])
    return out
