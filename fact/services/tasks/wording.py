"""The words a task puts before its annotator, in the task's language (Arabic or English).

Label Studio's labeling config is one per project, so the config reads these from task data
(`$form.words.*`, `$form.verdicts`, the stances under each source) and every task carries them in
the language of its article. A language without its own words gets the English ones.
"""
from markupsafe import Markup

from fact.models import Label

WORDS = {
    "ar": {
        "claim": "ادعاء",
        "instruction": "اختر «ادعاء» ثم ظلّل كلمات الادعاء بالفأرة، ثم اختر الحكم وموقف كل مصدر تستشهد به، ثم «Submit». "
                       "إن لم تحمل الجملة ادعاءً فاضغط «Skip».",
        "verdict": "الحكم على الادعاء",
        "sources": "المصادر: اختر «يؤيد» أو «ينفي» للمصدر الذي تستشهد به",
        "urls_supporting": "روابط تؤيده، رابط في كل سطر",
        "urls_refuting": "روابط تنفيه، رابط في كل سطر",
        "also_published": "نشره أيضًا",
        "dispute": "خلاف محتمل",
        "corroboration": "تأكيد محتمل",
        "semantic": "قريب في المعنى",
        "both": "الكلمات نفسها والمعنى",
    },
    "en": {
        "claim": "Claim",
        "instruction": "Choose “Claim”, select the claim’s words with the mouse, then give the verdict and the stance of "
                       "each source you cite, then Submit. If the sentence makes no claim, press Skip.",
        "verdict": "Verdict on the claim",
        "sources": "Sources: choose “supports” or “refutes” for each source you cite",
        "urls_supporting": "URLs that support it, one per line",
        "urls_refuting": "URLs that refute it, one per line",
        "also_published": "Also published by",
        "dispute": "possible dispute",
        "corroboration": "possible corroboration",
        "semantic": "close in meaning",
        "both": "same words and meaning",
    },
}
VERDICTS = {
    "ar": {Label.corroborated: "مؤكَّد", Label.disputed: "متنازع عليه", Label.unverifiable: "لا يمكن التحقق منه"},
    "en": {Label.corroborated: "corroborated", Label.disputed: "disputed", Label.unverifiable: "unverifiable"},
}
STANCES = {"ar": {"supports": "يؤيد", "refutes": "ينفي"}, "en": {"supports": "supports", "refutes": "refutes"}}
RIGHT_TO_LEFT = {"ar", "fa", "he", "ur", "ps", "ckb", "dv", "yi"}


def words_language(language: str | None) -> str:
    """The language whose words a task in `language` (a BCP 47 tag) shows: its own, else English."""
    base = (language or "").split("-")[0].lower()
    return base if base in WORDS else "en"


def direction(language: str | None) -> str:
    return "rtl" if (language or "").split("-")[0].lower() in RIGHT_TO_LEFT else "ltr"


def isolated(text: str) -> Markup:
    """`text` escaped and isolated for bidi, so that a number stays beside its noun in either direction:
    "13 دولة" laid out inside English words keeps its own (right-to-left) order."""
    return Markup('<bdi dir="auto">{}</bdi>').format(text)


def hint_note(hint: str | None, differences: list[dict], language: str) -> Markup:
    """"⚠ possible dispute: 13 دولة ≠ 11 دولة", each value isolated; "" when there is no hint."""
    symbol = {"dispute": "⚠", "corroboration": "✓"}.get(hint or "")
    if symbol is None:
        return Markup("")
    pairs = Markup("; ").join(Markup("{} ≠ {}").format(isolated(d["ours"]), isolated(d["theirs"]))
                               for d in differences)
    words = WORDS[language]
    return Markup('<i dir="auto">{} {}{}</i>').format(symbol, words[hint], Markup(": ") + pairs if pairs else "")

