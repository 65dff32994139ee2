"""Split an article into paragraphs and sentences with exact code-point offsets.

``segment(text)`` never alters ``text``: every :class:`Segment` carries
``start``/``end`` offsets such that ``text[start:end]`` is the span, and a
span never starts or ends with whitespace (Unicode whitespace, or the
invisible zero-width / bidi format characters).

Paragraphs
    Every non-blank line is a paragraph.  Line breaks are ``\\n``, ``\\r\\n``,
    ``\\r``, U+2028, U+2029, U+0085, ``\\v``, ``\\f`` and U+001C-U+001E (the
    same set as :meth:`str.splitlines`).  A line made only of whitespace or
    invisible characters is blank.

Sentences (inside one paragraph; a line break always ends a sentence)
    * ``.`` ``!`` ``?`` ``؟`` ``؛`` end a sentence when followed by whitespace
      or the end of the paragraph, or by closing quotes/brackets that are then
      followed by whitespace or the end (the closers belong to the sentence
      that ends).  Runs such as ``?!`` or ``!!`` stay together.
    * A terminator that is not followed by whitespace never ends a sentence:
      ``1.5``, ``3.500``, URLs, ``U.S.``, e-mail addresses, ``أ.ح/ح.ع.ح``.
      (``1,5`` contains no terminator at all.)
    * A period right after a one-letter word (Arabic or Latin) is an initial,
      not a sentence end: ``أ. ح``, ``J. Smith``, ``د. محمد``.  Exception: the
      era letters م / هـ after a number (``عام 2016 م.``).  A few Latin titles
      (``Mr.``, ``Dr.``, ``Prof.`` ...) are also not sentence ends.
    * Ellipses (``..``, ``...``, ``…``) never end a sentence; seed articles
      use ``..`` as a pause inside a sentence.
    * Punctuation inside a quotation or brackets (``"`` ``“ ”`` ``« »`` ``( )``)
      does not end the sentence.  Depth is tracked per kind; a straight ``"``
      toggles.  An opener only counts if a matching closer occurs later in
      the same paragraph and it is not followed by whitespace, so an
      unbalanced or misplaced quote can never swallow the rest of the
      paragraph.  A terminator right before the closer that ends the
      (outermost) quotation does end the sentence when whitespace follows:
      ``قال "نعم سيحدث تداخل." ولم يقدم`` is two sentences.
    * A date glued to the first word at the start of a paragraph
      (``٢٤ أكتوبر ٢٠١٦أفاد مصدر``, a scraping artefact) becomes a sentence
      of its own.  Day + month + year, Arabic-Indic or ASCII digits, with
      Levantine, Egyptian, Maghrebi and Algerian/Tunisian month names (and
      ``تشرين الأول/أكتوبر`` pairs), optionally preceded by a weekday.

Paragraph boilerplate flags come from
:func:`fact.text.boilerplate.boilerplate_paragraphs`; sentences inherit them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from fact.text.boilerplate import boilerplate_paragraphs

__all__ = ["Segment", "SpanKind", "segment", "GAP_CHARS"]

SpanKind = Literal["paragraph", "sentence"]


@dataclass(frozen=True, slots=True)
class Segment:
    kind: SpanKind
    start: int  # Python code-point offsets into the text given to segment()
    end: int  # text[start:end] is the span text; never starts or ends with whitespace
    position: int  # 0-based order among spans of the same kind in the article
    paragraph: int  # position of the paragraph this span belongs to
    boilerplate: bool  # paragraph flag; sentences inherit their paragraph's flag


# --------------------------------------------------------------------------
# Character classes

_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_INVISIBLE = (
    "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u061c"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
#: Characters a span never starts or ends with: Unicode whitespace plus
#: invisible format characters.
GAP_CHARS = (
    # every character for which str.isspace() is true (Unicode 15)
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003"
    "\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000" + _INVISIBLE
)
_GAP_SET = frozenset(GAP_CHARS)
_GAP_CLASS = re.escape(GAP_CHARS)

_LINE_RE = re.compile(f"[^{re.escape(_LINE_BREAKS)}]+")
_NON_GAP_RE = re.compile(f"[^{_GAP_CLASS}]")

_TERMINATORS = ".!?؟؛…"
_STRONG = frozenset("!?؟؛")
_TERM_ANY_RE = re.compile(f"[{re.escape(_TERMINATORS)}]")
# A run of terminators with the closers glued to it, or a lone quote/bracket.
_TOKEN_RE = re.compile(f'(?P<term>[{re.escape(_TERMINATORS)}]+)(?P<close>["”»)\\]’]*)' '|["“”«»()]')
_QUOTE_ANY_RE = re.compile('["“”«»()]')

# The last word before a period (letters with optional diacritics/tatweel).
_MARKS = "\u0640\u064b-\u065f\u0670"
_LAST_WORD_RE = re.compile(f"(?:[^\\W\\d_][{_MARKS}]*)+$")
_ERA_RE = re.compile(r"\d\s*$")
_ERA_LETTERS = frozenset("مه")
_LATIN_TITLES = frozenset("mr mrs ms dr prof jr sr st vs gen col lt sgt capt gov sen rep mt".split())

# --------------------------------------------------------------------------
# Glued dates at the start of a paragraph


def _fuzzy(word: str) -> str:
    """Regex for an Arabic word allowing hamza/alef, ya/alef-maqsura and
    ta-marbuta/ha spelling variants (datelines carry no diacritics)."""
    out = []
    for ch in word:
        if ch == " ":
            out.append(r"\s+")
            continue
        if ch in "اأإآٱ":
            cls = "[اأإآٱ]"
        elif ch in "يى":
            cls = "[يى]"
        elif ch in "هة":
            cls = "[هة]"
        else:
            cls = re.escape(ch)
        out.append(cls)
    return "".join(out)


_MONTHS = sorted(
    {
        # Levantine / Iraqi
        "كانون الثاني",
        "شباط",
        "آذار",
        "نيسان",
        "أيار",
        "حزيران",
        "تموز",
        "آب",
        "أيلول",
        "تشرين الأول",
        "تشرين الثاني",
        "كانون الأول",
        # Egyptian / Gulf
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "إبريل",
        "مايو",
        "يونيو",
        "يونيه",
        "يوليو",
        "يوليه",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
        # Moroccan
        "ماي",
        "يوليوز",
        "غشت",
        "شتنبر",
        "نونبر",
        "دجنبر",
        # Algerian / Tunisian
        "جانفي",
        "فيفري",
        "أفريل",
        "جوان",
        "جويلية",
        "أوت",
    },
    key=len,
    reverse=True,
)
_WEEKDAYS = ["السبت", "الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة"]
_MONTH_RE = "(?:" + "|".join(_fuzzy(m) for m in _MONTHS) + ")"
_WEEKDAY_RE = "(?:" + "|".join(_fuzzy(d) for d in _WEEKDAYS) + ")"
_DIGIT = "[0-9\u0660-\u0669\u06f0-\u06f9]"
_GLUED_DATE_RE = re.compile(
    f"(?:(?:{_fuzzy('يوم')}\\s+)?{_WEEKDAY_RE}\\s*[،,]?\\s*)?"
    f"{_DIGIT}{{1,2}}\\s*{_MONTH_RE}"
    f"(?:\\s*[/\\-]\\s*{_MONTH_RE})?"
    f"\\s*[،,]?\\s*{_DIGIT}{{4}}"
    # glued: at least two letters follow the year directly
    r"(?=[^\W\d_]{2})"
)

# --------------------------------------------------------------------------


def _ends_with_initial(p: str, j: int) -> bool:
    """Whether the period at p[j] follows a one-letter word or a title."""
    if j == 0:
        return False
    window_start = max(0, j - 24)
    m = _LAST_WORD_RE.search(p, window_start, j)
    if m is None:
        return False
    word = m.group()
    if m.start() == window_start and window_start > 0:
        return False  # a very long word, certainly not an initial
    letters = [c for c in word if c.isalpha() and c != "\u0640"]
    if len(letters) == 1:
        # م / هـ after a number is the era (AD / AH), which may end a sentence.
        if letters[0] in _ERA_LETTERS and _ERA_RE.search(p, max(0, m.start() - 8), m.start()):
            return False
        return True
    return word.casefold() in _LATIN_TITLES


def _sentence_bounds(p: str, first: int) -> list[int]:
    """Relative end offsets of the sentences of paragraph ``p`` that start at
    or after ``first`` (the last sentence's end, ``len(p)``, is not listed)."""
    if not _TERM_ANY_RE.search(p, first):
        return []
    n = len(p)
    gap = _GAP_SET
    bounds: list[int] = []
    # Quotation state: a straight-quote flag and one depth per bracket kind,
    # plus the number of closers still ahead (an opener only counts if a
    # closer remains for it).
    dq_open = False
    d_curly = d_guil = d_paren = 0
    if _QUOTE_ANY_RE.search(p, first):
        dq_left = p.count('"', first)
        l_curly = p.count("”", first)
        l_guil = p.count("»", first)
        l_paren = p.count(")", first)
    else:
        dq_left = l_curly = l_guil = l_paren = 0

    for m in _TOKEN_RE.finditer(p, first):
        term = m.group("term")
        if term is None:
            # A lone quote or bracket.
            pos = m.start()
            ch = p[pos]
            opener_ok = pos + 1 < n and p[pos + 1] not in gap
            if ch == '"':
                dq_left -= 1
                if dq_open:
                    dq_open = False
                elif dq_left > 0 and opener_ok:
                    dq_open = True
            elif ch == "”":
                l_curly -= 1
                if d_curly:
                    d_curly -= 1
            elif ch == "»":
                l_guil -= 1
                if d_guil:
                    d_guil -= 1
            elif ch == ")":
                l_paren -= 1
                if d_paren:
                    d_paren -= 1
            elif ch == "“":
                if l_curly > d_curly and opener_ok:
                    d_curly += 1
            elif ch == "«":
                if l_guil > d_guil and opener_ok:
                    d_guil += 1
            elif ch == "(":
                if l_paren > d_paren and opener_ok:
                    d_paren += 1
            continue

        close_start, end = m.end("term"), m.end()
        followed_by_gap = end == n or p[end] in gap
        # Closing quotes/brackets glued to the terminator.  When whitespace
        # follows them they close; otherwise a straight quote there may open
        # a quotation (`قال."نعم"`) and the terminator is not a boundary.
        for k in range(close_start, end):
            ch = p[k]
            if ch == '"':
                dq_left -= 1
                if dq_open:
                    dq_open = False
                elif not followed_by_gap and dq_left > 0 and k + 1 < n and p[k + 1] not in gap:
                    dq_open = True
            elif ch == "”":
                l_curly -= 1
                if d_curly:
                    d_curly -= 1
            elif ch == "»":
                l_guil -= 1
                if d_guil:
                    d_guil -= 1
            elif ch == ")":
                l_paren -= 1
                if d_paren:
                    d_paren -= 1
            # "]" and "’" only attach to the sentence.
        if not followed_by_gap or end == n:
            continue  # glued to the next character / end of paragraph anyway
        if dq_open or d_curly or d_guil or d_paren:
            continue  # inside a quotation
        if _STRONG.isdisjoint(term):
            if term != ".":
                continue  # ellipsis: never a boundary
            if _ends_with_initial(p, m.start()):
                continue
        bounds.append(end)
    return bounds


def segment(text: str) -> list[Segment]:
    """Return the paragraphs and sentences of ``text`` in document order
    (each paragraph followed by its sentences).  See the module docstring."""
    paras: list[tuple[int, int]] = []
    for m in _LINE_RE.finditer(text):
        line = m.group()
        left = line.lstrip(GAP_CHARS)
        if not left:
            continue
        s = m.start() + len(line) - len(left)
        e = m.start() + len(line.rstrip(GAP_CHARS))
        paras.append((s, e))
    if not paras:
        return []

    flags = boilerplate_paragraphs([text[s:e] for s, e in paras])
    out: list[Segment] = []
    append = out.append
    non_gap = _NON_GAP_RE.search
    sent_pos = 0
    for ppos, ((ps, pe), flag) in enumerate(zip(paras, flags)):
        append(Segment("paragraph", ps, pe, ppos, ppos, flag))
        p = text[ps:pe]
        first = 0
        dm = _GLUED_DATE_RE.match(p)
        if dm is not None:
            first = dm.end()
            append(Segment("sentence", ps, ps + first, sent_pos, ppos, flag))
            sent_pos += 1
        start = first
        for b in _sentence_bounds(p, first) + [len(p)]:
            nm = non_gap(p, start, b)
            if nm is not None:
                append(Segment("sentence", ps + nm.start(), ps + b, sent_pos, ppos, flag))
                sent_pos += 1
            start = b
    return out
