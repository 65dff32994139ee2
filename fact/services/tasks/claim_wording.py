"""The words of a claim task (a claim from outside, judged against the articles found for it), in the
claim's language: Arabic or English, as fact.services.tasks.wording is for a sentence's task."""
from fact.models import ArticleStanceLabel


WORDS = {
    "ar": {
        "instruction": "اقرأ الادعاء، ثم اختر موقف كل مقال منه، وعلِّم الجمل التي تحمل هذا الموقف، "
                       "ثم اختر الحكم على الادعاء واضغط «Submit».",
        "claim": "الادعاء",
        "claimant": "صاحب الادعاء",
        "comma": "، ",
        "appeared": "ظهر في",
        "stances": "موقف كل مقال من الادعاء",
        "rationale": "الجمل التي تحمل الموقف (علِّم ما ينطبق)",
        "verdict": "الحكم على الادعاء",
        "articles": "مقالات",
        "no_evidence": "لم يُعثر على مقالات بعد",
    },
    "en": {
        "instruction": "Read the claim, give each article its stance towards it, tick the sentences that carry "
                       "that stance, then give the claim its verdict and Submit.",
        "claim": "The claim",
        "claimant": "Claimed by",
        "comma": ", ",
        "appeared": "Appeared in",
        "stances": "Each article's stance towards the claim",
        "rationale": "The sentences that carry the stance (tick those that do)",
        "verdict": "Verdict on the claim",
        "articles": "articles",
        "no_evidence": "no articles found yet",
    },
}
STANCES = {
    "ar": {ArticleStanceLabel.agree: "يؤيد", ArticleStanceLabel.disagree: "ينفي",
           ArticleStanceLabel.discuss: "يناقش دون حسم", ArticleStanceLabel.unrelated: "لا صلة له"},
    "en": {ArticleStanceLabel.agree: "agrees", ArticleStanceLabel.disagree: "disagrees",
           ArticleStanceLabel.discuss: "discusses", ArticleStanceLabel.unrelated: "unrelated"},
}
