"""Which way a sentence says things went: opposites (rises / falls) and negations (لم، لن، ليس، نفى).

Two reports of one event that differ only in a direction contradict as surely as two numbers do
("الدولار يرتفع" / "الدولار يهبط", "تؤكد" / "تنفي", "يصل" / "يغادر"). :func:`polarity` reads, per
sentence, the words of :data:`OPPOSITES` it holds (each a pair of sides of one axis, +1 or -1) and
its negations; :mod:`fact.matching.hints` compares two readings.

Words are matched after normalization (fact.text.normalize) with their clitics stripped
(fact.matching.lexicon.clitic_variants) and the common verb prefixes and suffixes (ي ت ن س, ت ا وا
ون ان ين) too, so ``ترتفع``, ``ارتفعت``, ``والارتفاع`` and ``سيرتفع`` are all the "up" side of "level".

Negations: the particles ``لا لم لن ليس غير عدم دون بدون بلا`` (a particle within SCOPE words
before a polar word takes it to its other side: "لم يسيطر"), and the negating words
(:data:`NEGATING_WORDS`: ``نفى``, ``رفض``, ``فشل``, ``ألغى`` ...), which negate what they govern
when the other sentence does not use their axis at all ("أرامكو تنفي رفع أسعار البنزين" against
"أرامكو ترفع أسعار الوقود"). Two negations cancel ("لا يوجد ما يمنع تسليم" affirms the delivery).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from fact.matching.lexicon import CLAUSE_BREAKS, clitic_variants
from fact.text.normalize import normalize_for_search

__all__ = ["OPPOSITES", "NEGATING_WORDS", "Polarity", "polarity", "polar_word", "POLAR_WORDS"]

#: axis -> (words of the +1 side, words of the -1 side); each a verb's past and present stems and
#: its nouns, written once (inflections are derived: see _forms).
OPPOSITES: dict[str, tuple[str, str]] = {
    "level": (
        "ارتفع رتفع ارتفاع مرتفع صعد صعود تضاعف يتضاعف قفز قفزة زاد زيد زيادة تزايد قياسي تعافى تعافي تعاف انتعش نتعش "
        "انتعاش نما نمو ينمو أعلى لأعلى تحسن حسن مكاسب كسب ربح أرباح عوض عزز دعما تخطى تخطي تجاوز يتجاوز ازداد تزداد يزداد",
        "انخفض نخفض انخفاض منخفض هبط هبوط تراجع تدهور دهور تدني تدنى هوى يهوي تهوي هوي انهار نهار "
        "انهيار خسر خسائر خسارة أدنى لأدنى خفض تخفيض قلة نقص ضعف يفقد تهاوى تهاوي انكمش "
        "انكماش تباطأ تباطؤ ترنح تراجعا أقل يقل تقل هوت انحدار ينحدر",
    ),
    "presence": ("حضر حضور شارك مشاركة يشارك", "غاب غياب يغيب تغيب قاطع مقاطعة يقاطع"),
    "movement": (
        "وصل يصل وصول دخل دخول يدخل عاد عودة يعود بقاء بقي يبقى تمسك",
        "غادر يغادر مغادرة خرج خروج يخرج رحيل يرحل انسحب انسحاب ينسحب فرار فر يفر ترحيل",
    ),
    "outcome": ("فاز يفوز فوز انتصر انتصار ينتصر حصد يحصد نجح ينجح نجاح تنال نال", "خسر يخسر هزيمة فشل يفشل إخفاق عجز يعجز"),
    "assent": (
        "يقبل وافق يوافق موافقة أقر يقر إقرار أيد يؤيد تأييد رحب يرحب ترحيب",
        "رفض يرفض رفضت عارض يعارض معارضة استنكر يستنكر",
    ),
    "truth": ("أكد يؤكد تؤكد تأكيد اعترف يعترف اعتراف كشف يكشف", "نفى ينفي نفي أنكر ينكر إنكار"),
    "open": ("فتح يفتح افتتاح افتتح يفتتح", "أغلق يغلق غلق إغلاق إقفال"),
    "start": (
        "تواصل يواصل واصل مواصلة بدأ يبدأ بدء انطلق انطلاق باشر يباشر استأنف يستأنف استئناف إطلاق أطلق يطلق فرض يفرض إعادة",
        "أجل يؤجل تأجيل أوقف يوقف إيقاف توقف يتوقف علق يعلق تعليق ألغى يلغي إلغاء جمد يجمد تجميد تأخر تأخير",
    ),
    "life": ("نجا ينجو نجاة", "وفاة توفي يتوفى مقتل قتل يقتل مات موت مصرع قتلى ضحايا"),
    "guilt": ("اتهم يتهم اتهام متهم إدانة أدان يدين إعدام يعدم تجريد", "براءة تبرئة برأ يبرئ عفو العفو"),
    "calm": ("هدوء تهدئة هدأ", "مواجهات اشتباكات اشتباك تصعيد توتر توترات احتدام معارك عنف غارات قصف"),
    "accord": ("مصالحة تصالح صلح اتفاق توصل يتوصل", "صراع صراعات نزاع خلاف خلافات"),
    "allow": ("سمح يسمح منح يمنح", "منع يمنع حظر يحظر"),
    "custody": ("اعتقل يعتقل اعتقال احتجز يحتجز احتجاز حبس بحبس سجن يسجن", "أفرج يفرج فرج الإفراج سراح"),
    "rank": ("صدارة يتصدر تتصدر", "مؤخرة ذيل"),
    "support": ("دعم يدعم داعم تدعم ساند يساند تساند مساندة", "عارض تعارض"),
}  # fmt: skip

#: Words that negate what they govern, where the other sentence has no word of their axis.
NEGATING_WORDS = frozenset(normalize_for_search(w) for w in (
    "نفى ينفي تنفي نفي أنكر ينكر رفض يرفض ترفض فشل يفشل تفشل أخفق يخفق إخفاق عجز يعجز تعجز ألغى يلغي "
    "تلغي إلغاء تجاهل يتجاهل تتجاهل"
).split())  # fmt: skip
_PARTICLES = frozenset(normalize_for_search(w) for w in "لا لم لن ليس ليست ليسوا لست غير عدم دون بدون بلا".split())
_PARTICLES_WA = _PARTICLES | {"و" + w for w in _PARTICLES} | {"ف" + w for w in _PARTICLES}
#: "لا يزال" (still), "وليس العكس" (and not the reverse), "دون 1300 دولار" (below): particles that
#: negate nothing.
_STILL = frozenset(normalize_for_search(w) for w in "يزال تزال يزالون زال زالت".split())

_PREFIXES = ("سي", "ست", "سن", "ي", "ت", "ن", "ا")
_SUFFIXES = ("ون", "ين", "ان", "وا", "ات", "تا", "ت", "ا", "ه", "")


def _lexicon() -> dict[str, tuple[str, int]]:
    out: dict[str, tuple[str, int]] = {}
    for axis, sides in OPPOSITES.items():
        for sign, words in ((1, sides[0]), (-1, sides[1])):
            for word in words.split():
                out.setdefault(normalize_for_search(word), (axis, sign))
    return out


_LEXICON = _lexicon()
#: The normalized words of OPPOSITES and the negation particles: a sentence with none of them has no polarity.
POLAR_WORDS = frozenset(_LEXICON) | _PARTICLES


@lru_cache(maxsize=65536)
def polar_word(token: str) -> tuple[str, int] | None:
    """(axis, side) of a normalized token, or None."""
    if not token or not token[0].isalpha():
        return None
    for form in clitic_variants(token):
        for suffix in _SUFFIXES:
            if suffix and not (form.endswith(suffix) and len(form) - len(suffix) >= 3):
                continue
            stem = form[: len(form) - len(suffix)] if suffix else form
            found = _LEXICON.get(stem)
            if found is not None:
                return found
            for prefix in _PREFIXES:
                if stem.startswith(prefix) and len(stem) - len(prefix) >= 3:
                    found = _LEXICON.get(stem[len(prefix) :])
                    if found is not None:
                        return found
    return None


@dataclass(frozen=True, slots=True)
class Polarity:
    sides: tuple[tuple[str, int, str, frozenset[str]], ...]  # (axis, +1/-1, the word, the words near it)
    particles: tuple[str, ...]  # negation particles, in order
    negations: tuple[str, ...]  # negating words (NEGATING_WORDS), in order

    def axes(self) -> dict[str, set[int]]:
        out: dict[str, set[int]] = {}
        for axis, sign, _, _ in self.sides:
            out.setdefault(axis, set()).add(sign)
        return out

    def word(self, axis: str) -> str:
        return next(w for a, _, w, _ in self.sides if a == axis)

    def near(self, axis: str) -> frozenset[str]:
        """The words near this axis's polar words."""
        return frozenset().union(*(n for a, _, _, n in self.sides if a == axis))


#: A particle negates a polar word this many tokens after it at most ("لم يسيطر", "لن تشارك").
SCOPE = 3
#: The words this far either side of a polar word are what it is said of ("أسعار النفط"), but for
#: particles, prepositions and the verbs of speech (_NOT_NEAR).
NEAR = 2
_NOT_NEAR = frozenset(normalize_for_search(w) for w in (
    "في من إلى الى على عن مع بعد قبل منذ حتى ما أن إن التي الذي الذين هو هي حي مدينة "
    "تحدث تحدثوا تحدثت اشتكى اشتكوا اشتكت حذر حذروا حذرت قال قالوا قالت أعلن أعلنت أكد أكدوا"
).split())  # fmt: skip


def polarity(words: list[str]) -> Polarity:
    """The polar words and negation particles of a sentence's normalized tokens. A polar word right
    after a particle (SCOPE) is taken on its other side, and shown with the particle."""
    sides, particles, negations = [], [], []
    last_particle, last_at = "", -SCOPE - 1
    for i, w in enumerate(words):
        if w in _PARTICLES_WA:
            nxt = words[i + 1] if i + 1 < len(words) else ""
            if nxt in _STILL or nxt == "العكس" or (nxt[:1].isdigit() and w.endswith("دون")):
                continue
            particles.append(w)
            last_particle, last_at = w, i
            continue
        found = polar_word(w)
        if found is not None:
            before = [v for v in words[max(0, i - NEAR) : i] if v[0].isalpha() and v not in _PARTICLES_WA and v not in _NOT_NEAR]
            near = frozenset(clitic_variants(v)[0] for v in before + _said_of(words[i + 1 :]))
            if i - last_at <= SCOPE:
                sides.append((found[0], -found[1], f"{last_particle} {w}", near))
            else:
                sides.append((found[0], found[1], w, near))
        if _negating(w):
            negations.append(w)
    return Polarity(tuple(sides), tuple(particles), tuple(negations))


def _said_of(words: list[str]) -> list[str]:
    """The words of the NEAR that follow a polar word which can be what it is said of (not particles,
    prepositions or verbs of speech: _NOT_NEAR); a number or a pronoun between takes no place, so
    that "بالعفو عن 12 مدانا" is said of the convicts and "ارتفاع هو الأفضل للذهب" of gold. A clause
    break ends them."""
    out, taken = [], 0
    for v in words:
        if v in CLAUSE_BREAKS or taken == NEAR:
            break
        if v[0].isdigit() or v in _PRONOUNS:
            continue
        taken += 1
        if v[0].isalpha() and v not in _PARTICLES_WA and v not in _NOT_NEAR:
            out.append(v)
    return out


_PRONOUNS = frozenset(normalize_for_search(w) for w in "هو هي هم هما".split())


@lru_cache(maxsize=65536)
def _negating(token: str) -> bool:
    return any(form in NEGATING_WORDS or form[:-1] in NEGATING_WORDS for form in clitic_variants(token))
