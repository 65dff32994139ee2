"""Places named in a sentence, and movements between them: what the hints' directions compare.

A gazetteer and a reader of Arabic phrasing, apart from the comparison itself
(:mod:`fact.matching.hints`).

Movements are read from ``من X إلى/الى/نحو/باتجاه/صوب Y`` (fillers such as
``مدينة``, ``غربا`` allowed in between, and a ل-prefixed destination:
``من سوريا للموصل``), ``إلى Y ... آتين/قادمين (إليها) من X`` and ``إلى Y
من X``, with places from :data:`PLACES` matched with their clitics
(بسوريا، للموصل، والرقة).  Cities are compared through their country
(:data:`PLACES` maps each to one), so ``من سوريا إلى العراق`` is the
reverse of ``من الموصل الى سوريا``; within one country the places
themselves are compared.  A movement in a clause that also holds a word of
prevention, risk, expectation, warning or negation (``منع``, ``مخاطر``,
``متوقعا``, ``حذر``, ``عدم``, ``يجب``, ``لم`` ...; looked for back to the
clause start and six words on) is *hypothetical*: it never disputes
anything, and agrees only with the same movement under the same cue (the
wire copies of ``يجب الحد من مخاطر فرار جماعي من الموصل إلى الرقة``), not
with ``منع ... من الفرار من الموصل باتجاه سوريا`` against ``على عكس ما كان
متوقعا من فرار ... من الموصل باتجاه سوريا`` (which says it did not happen).
"""

from __future__ import annotations

from dataclasses import dataclass

from fact.matching.lexicon import CLAUSE_BREAKS
from fact.text.normalize import normalize_for_search

__all__ = ["PLACES"]


# --------------------------------------------------------------------------
# Gazetteer

#: Place -> the country it is in (a country, or a region, maps to itself).
PLACES: dict[str, str] = {
    **{p: "العراق" for p in (
        "العراق", "الموصل", "تلعفر", "كركوك", "الحمدانية", "بغداد", "أربيل", "الرطبة", "قرقوش",
        "بعشيقة", "تكريت", "الفلوجة", "الرمادي", "سنجار", "البصرة", "نينوى", "كردستان", "كردستان العراق",
        "الشورة", "القيارة", "الأنبار", "برطلة", "سامراء", "بيجي", "النجف", "كربلاء", "الحويجة",
    )},
    **{p: "سوريا" for p in (
        "سوريا", "سورية", "الرقة", "دير الزور", "تدمر", "حلب", "دمشق", "الحسكة", "منبج", "إدلب", "حمص",
        "البوكمال", "جرابلس", "كوباني", "عين العرب", "القامشلي", "الطبقة", "دابق",
    )},
    **{p: "تركيا" for p in ("تركيا", "أنقرة", "إسطنبول", "اسطنبول", "غازي عنتاب")},
    **{p: "ليبيا" for p in ("ليبيا", "سرت", "بنغازي")},
    **{p: "فرنسا" for p in ("فرنسا", "باريس")},
    **{p: "الولايات المتحدة" for p in ("الولايات المتحدة", "أمريكا", "أميركا", "واشنطن")},
    **{p: "روسيا" for p in ("روسيا", "موسكو")},
    **{p: "إيران" for p in ("إيران", "طهران")},
    **{p: "السعودية" for p in ("السعودية", "الرياض")},
    **{p: "الأردن" for p in ("الأردن",)},
    **{p: "لبنان" for p in ("لبنان", "بيروت")},
    **{p: "مصر" for p in ("مصر", "القاهرة")},
    **{p: "بريطانيا" for p in ("بريطانيا", "لندن")},
    **{p: "ألمانيا" for p in ("ألمانيا", "برلين")},
    **{p: "بلجيكا" for p in ("بلجيكا", "بروكسل")},
    **{p: "اليمن" for p in ("اليمن",)},
    **{p: "أفغانستان" for p in ("أفغانستان",)},
    **{p: "أوروبا" for p in ("أوروبا", "أوربا")},
    **{p: "فلسطين" for p in ("فلسطين", "غزة", "قطاع غزة", "الضفة الغربية", "رام الله")},
    **{p: "إسرائيل" for p in ("إسرائيل", "تل أبيب")},
    **{p: "السودان" for p in ("السودان", "الخرطوم")},
    **{p: "اليمن" for p in ("صنعاء", "عدن", "الحديدة", "تعز")},
    **{p: "سوريا" for p in ("عفرين", "الغوطة", "الغوطة الشرقية", "دوما", "درعا", "اللاذقية", "طرطوس", "حماة")},
    **{p: "سوريا" for p in (  # towns of the war's news
        "خان شيخون", "داريا", "الزبداني", "مضايا", "سراقب", "يبرود", "بصرى الشام", "جسر الشغور", "معرة النعمان",
        "الميادين", "القصير", "تلبيسة", "الرستن", "السويداء", "القنيطرة", "الباب", "تل أبيض", "أريحا", "سلمية",
        "النبك", "الصنمين", "نوى", "كفرنبل", "الأتارب", "عندان", "حريتان", "تل رفعت", "اعزاز", "أعزاز", "مارع",
        "الراعي", "عين عيسى", "تل تمر", "رأس العين", "المعضمية", "عربين", "حرستا", "سقبا", "كفربطنا", "جوبر",
        "القابون", "برزة", "قدسيا", "وادي بردى", "الضمير", "الرحيبة", "جيرود", "القلمون", "إنخل", "جاسم",
        "الشيخ مسكين", "طفس", "داعل", "مورك", "اللطامنة", "كفرزيتا", "صوران", "محردة", "السقيلبية",
        "قلعة المضيق", "الحولة", "تلكلخ", "القريتين", "السخنة", "الشدادي", "عامودا", "الدرباسية", "المالكية",
        "كسب", "جبلة", "بانياس", "القرداحة", "حميميم", "الوعر", "بابا عمرو", "الخالدية", "مخيم اليرموك", "اليرموك",
        "بنش", "تفتناز", "معرة مصرين", "سرمدا", "الدانا", "حارم", "سلقين", "كفرتخاريم", "الأبزمو", "دارة عزة",
    )},
    # where the war's talks and pledging conferences met: "in Geneva" against "in Kuwait" is two meetings
    **{p: "سويسرا" for p in ("جنيف", "لوزان", "مونترو", "دافوس")},
    **{p: "النمسا" for p in ("فيينا",)},
    **{p: "كازاخستان" for p in ("كازاخستان", "أستانا", "استانا", "نور سلطان")},
    **{p: "روسيا" for p in ("سوتشي",)},
    **{p: "الولايات المتحدة" for p in ("نيويورك",)},
    **{p: "إيطاليا" for p in ("روما",)},
    **{p: "الإمارات" for p in ("الإمارات", "أبوظبي", "دبي")},
    **{p: "قطر" for p in ("قطر", "الدوحة")},
    **{p: "الصين" for p in ("الصين", "بكين")},
    **{p: "اليابان" for p in ("اليابان", "طوكيو")},
    **{p: "الهند" for p in ("الهند", "نيودلهي")},
    **{p: p for p in (
        "الجزائر", "المغرب", "تونس", "الصومال", "موريتانيا", "عمان", "الكويت", "البحرين", "باكستان", "كوريا",
        "أوكرانيا", "إيطاليا", "إسبانيا", "اليونان", "هولندا", "السويد", "النرويج", "الدنمارك", "فنلندا",
        "بولندا", "النمسا", "سويسرا", "كندا", "المكسيك", "البرازيل", "الأرجنتين", "فنزويلا", "كوبا", "إثيوبيا",
        "أثيوبيا", "كينيا", "نيجيريا", "أستراليا", "ماليزيا", "إندونيسيا", "الفلبين", "قبرص", "أفريقيا",
        "إفريقيا", "آسيا",
    )},
}  # fmt: skip
#: Nationality adjectives (nisba) -> their country: "الليرة التركية" names Turkey as surely as "تركيا".
_NISBA = {
    "جزائري": "الجزائر", "مغربي": "المغرب", "تونسي": "تونس", "ليبي": "ليبيا", "مصري": "مصر",
    "سوداني": "السودان", "صومالي": "الصومال", "يمني": "اليمن", "عماني": "عمان", "إماراتي": "الإمارات",
    "قطري": "قطر", "كويتي": "الكويت", "بحريني": "البحرين", "سعودي": "السعودية", "عراقي": "العراق",
    "سوري": "سوريا", "لبناني": "لبنان", "أردني": "الأردن", "فلسطيني": "فلسطين", "إسرائيلي": "إسرائيل",
    "تركي": "تركيا", "إيراني": "إيران", "أفغاني": "أفغانستان", "باكستاني": "باكستان", "هندي": "الهند",
    "صيني": "الصين", "ياباني": "اليابان", "كوري": "كوريا", "روسي": "روسيا", "أوكراني": "أوكرانيا",
    "ألماني": "ألمانيا", "فرنسي": "فرنسا", "بريطاني": "بريطانيا", "إيطالي": "إيطاليا", "إسباني": "إسبانيا",
    "يوناني": "اليونان", "هولندي": "هولندا", "بلجيكي": "بلجيكا", "سويدي": "السويد", "نرويجي": "النرويج",
    "دنماركي": "الدنمارك", "كندي": "كندا", "مكسيكي": "المكسيك", "برازيلي": "البرازيل",
    "أرجنتيني": "الأرجنتين", "فنزويلي": "فنزويلا", "كوبي": "كوبا", "إثيوبي": "إثيوبيا", "كيني": "كينيا",
    "نيجيري": "نيجيريا", "أسترالي": "أستراليا", "ماليزي": "ماليزيا", "إندونيسي": "إندونيسيا",
    "فلبيني": "الفلبين", "قبرصي": "قبرص", "أمريكي": "الولايات المتحدة", "أميركي": "الولايات المتحدة",
    "أوروبي": "أوروبا",
}  # fmt: skip
for _stem, _country in _NISBA.items():
    for _form in (_stem, _stem + "ة", _stem + "ين", _stem + "ون", _stem + "ا"):
        PLACES.setdefault(_form, PLACES.get(_country, _country))
        PLACES.setdefault("ال" + _form, PLACES.get(_country, _country))
_DISPLAY = {"سورية": "سوريا", "أميركا": "أمريكا", "أوربا": "أوروبا", "اسطنبول": "إسطنبول", "أثيوبيا": "إثيوبيا",
            "إفريقيا": "أفريقيا"}
_DISPLAY.update({form: PLACES[form] for form in PLACES if form.removeprefix("ال").removesuffix("ة").removesuffix("ين")
                 .removesuffix("ون").removesuffix("ا") in _NISBA})


def _build_index() -> tuple[dict[str, tuple[str, str]], dict[tuple[str, str], tuple[str, str]]]:
    one, two = {}, {}
    for place, country in PLACES.items():
        entry = (_DISPLAY.get(place, place), country)
        words = normalize_for_search(place).split()
        if len(words) == 1:
            one[words[0]] = entry
        else:
            two[(words[0], words[1])] = entry
    return one, two


_PLACE1, _PLACE2 = _build_index()


def _place_variants(w: str) -> list[tuple[str, bool]]:
    """(bare form, whether a ل was stripped) for a word that may carry و ف ب ل ك or لل."""
    out = [(w, False)]
    base = [w]
    if w[0] in "وف" and len(w) > 3:
        base.append(w[1:])
        out.append((w[1:], False))
    for form in base:
        if form.startswith("لل") and len(form) > 3:
            out.append(("ال" + form[2:], True))
        if form[0] in "بلك" and len(form) > 3:
            out.append((form[1:], form[0] == "ل"))
    return out


@dataclass(frozen=True, slots=True)
class _Place:
    name: str
    country: str
    end: int  # token index after the place
    lam: bool  # written with a ل prefix (a destination)


def _place_at(toks: list[str], i: int) -> _Place | None:
    if i >= len(toks) or not toks[i][0].isalpha():
        return None
    nxt = toks[i + 1] if i + 1 < len(toks) else ""
    for form, lam in _place_variants(toks[i]):
        entry = _PLACE2.get((form, nxt))
        if entry:
            return _Place(entry[0], entry[1], i + 2, lam)
        entry = _PLACE1.get(form)
        if entry:
            return _Place(entry[0], entry[1], i + 1, lam)
    return None


# --------------------------------------------------------------------------
# Directions

_N = normalize_for_search
_FROM = frozenset({"من", "ومن"})
_TO = frozenset(_N(w) for w in "إلى الى نحو باتجاه اتجاه تجاه صوب".split())
_COMING = frozenset(
    _N(w) for w in "آتين آتيا آتون آتية قادمين قادما قادمون قادمة قادم وافدين وافدا وافدون عائدين".split()
)
_TO_PRONOUNS = frozenset(_N(w) for w in "إليها إليه إليهم".split())
_FILLERS = frozenset(
    _N(w)
    for w in (
        "مدينة مدينتي مدن محافظة محافظتي بلدة قضاء منطقة مناطق العاصمة الأراضي أراضي داخل قرية ناحية "
        "غربا شرقا شمالا جنوبا مباشرة"
    ).split()
)
_CUES = frozenset(
    _N(w)
    for w in (
        "منع يمنع تمنع مخاطر خطر خطورة احتمال احتمالا احتمالات متوقعا متوقع يتوقع توقع توقعات الحد السماح عدم "
        "يحاول يحاولون سيحاولون تحاول محاولة حذر حذرت يحذر تحذير تحذيرات خشية يخشى تخشى مخاوف قلق يجب ينبغي "
        "لم لن ليس لا إلا إمكانية خطة مخطط سيناريو فرضيات"
    ).split()
)
_BREAKS = CLAUSE_BREAKS
_CLAUSE_LIMIT = 25
_AFTER_LIMIT = 6


@dataclass(frozen=True, slots=True)
class _Move:
    origin: _Place
    dest: _Place
    cue: str | None  # the hypothetical cue of its clause; None if asserted

    @property
    def asserted(self) -> bool:
        return self.cue is None

    @property
    def key(self) -> tuple[str, str]:
        """Country level, or place level inside one country."""
        if self.origin.country != self.dest.country:
            return (self.origin.country, self.dest.country)
        return (self.origin.name, self.dest.name)

    @property
    def display(self) -> str:
        return f"{self.origin.name} ← {self.dest.name}"


def _same_move(x: _Move, y: _Move) -> bool:
    """The same movement: the same places, or (both asserted) one names a country the other
    refines with a place in it (``سوريا ← الموصل`` and ``سوريا ← العراق``).  Hypothetical
    movements agree only with the same places under the same cue (``مخاطر`` and ``مخاطر``,
    not ``منع`` and ``متوقعا``)."""
    if x.cue != y.cue or x.key != y.key:
        return False
    if (x.origin.name, x.dest.name) == (y.origin.name, y.dest.name):
        return True
    if not x.asserted:
        return False
    return all(
        p.name == q.name or p.name == p.country or q.name == q.country
        for p, q in ((x.origin, y.origin), (x.dest, y.dest))
    )


def _skip_fillers(toks: list[str], i: int) -> int:
    while i < len(toks) and toks[i] in _FILLERS:
        i += 1
    return i


def _places_from(toks: list[str], i: int) -> list[_Place]:
    """A place at i (after fillers), with places coordinated by و after it."""
    place = _place_at(toks, _skip_fillers(toks, i))
    if place is None:
        return []
    out = [place]
    while place is not None and place.end < len(toks) and toks[place.end][:1] == "و":
        place = _place_at(toks, place.end)
        if place is not None:
            out.append(place)
    return out


def _cue_at(toks: list[str], k: int) -> str | None:
    t = toks[k]
    cue = t if t in _CUES else t[1:] if t[0] in "وفلب" and t[1:] in _CUES else None
    # "وليس العكس" (and not the reverse) affirms the movement.
    if cue is None or (k + 1 < len(toks) and toks[k + 1] == "العكس"):
        return None
    return cue


def _cue(toks: list[str], start: int, end: int) -> str | None:
    """The hypothetical cue in the clause around tokens start..end, if any: back to the
    clause start (at most _CLAUSE_LIMIT tokens), then _AFTER_LIMIT tokens on."""
    for k in range(start - 1, max(-1, start - 1 - _CLAUSE_LIMIT), -1):
        if toks[k] in _BREAKS:
            break
        if cue := _cue_at(toks, k):
            return cue
    for k in range(end, min(len(toks), end + _AFTER_LIMIT)):
        if toks[k] in _BREAKS:
            break
        if cue := _cue_at(toks, k):
            return cue
    return None


def _moves(toks: list[str]) -> list[_Move]:
    moves: list[_Move] = []
    n = len(toks)
    for i, t in enumerate(toks):
        if t in _FROM:
            origins = _places_from(toks, i + 1)
            if not origins:
                continue
            j = _skip_fillers(toks, origins[-1].end)
            dests: list[_Place] = []
            if j < n and toks[j] in _TO:
                dests = _places_from(toks, j + 1)
            else:
                lam = _place_at(toks, j)
                if lam is not None and lam.lam:
                    dests = [lam]
            if dests:
                cue = _cue(toks, i, dests[-1].end)
                moves += [_Move(o, d, cue) for o in origins for d in dests if o.name != d.name]
        elif t in _TO:
            dests = _places_from(toks, i + 1)
            if not dests:
                continue
            j = dests[-1].end
            # إلى سوريا من العراق
            if j < n and toks[j] in _FROM:
                origins = _places_from(toks, j + 1)
            else:
                # إلى الموصل آتين (إليها) من سوريا
                origins = []
                for k in range(j, min(n, j + 8)):
                    if toks[k] in _BREAKS:
                        break
                    if toks[k] in _COMING:
                        m = k + 1
                        if m < n and toks[m] in _TO_PRONOUNS:
                            m += 1
                        if m < n and toks[m] in _FROM:
                            origins = _places_from(toks, m + 1)
                        break
            if origins:
                cue = _cue(toks, i, origins[-1].end)
                moves += [_Move(o, d, cue) for o in origins for d in dests if o.name != d.name]
    return list(dict.fromkeys(moves))
