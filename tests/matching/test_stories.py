"""Story clusters: wire copies of one story are one cluster, and an article that repeats a little of
two stories (a roundup) cannot chain them into one."""
from sqlalchemy import select

from fact.extensions import db
from fact.models import Article
from fact.services.ingest.articles import ArticleInput, ingest_articles
from fact.services.matching.candidates import match_sentences

ALEPPO = [
    "قال المرصد السوري لحقوق الإنسان إن 12 مدنيا قتلوا بغارات على أحياء حلب الشرقية مساء أمس.",
    "وأوضح مدير المرصد أن بين القتلى أربعة أطفال وامرأتين من عائلة واحدة في حي الشعار.",
    "وتواصل فرق الدفاع المدني البحث عن ناجين تحت أنقاض مبنى من خمسة طوابق انهار بالكامل.",
    "وتحاصر القوات الحكومية الأحياء الشرقية منذ أكثر من ثلاثة أشهر وسط نقص حاد في الأدوية.",
    "وناشد الأطباء في المستشفى الميداني المنظمات الدولية إرسال أكياس الدم والمضادات الحيوية.",
    "ولم يصدر تعليق رسمي من دمشق على الاتهامات باستهداف الأسواق الشعبية في المدينة.",
]
MADAYA = [
    "دخلت قافلة مساعدات مؤلفة من 44 شاحنة إلى بلدة مضايا المحاصرة صباح اليوم بحسب الهلال الأحمر.",
    "وتحمل الشاحنات الطحين والأرز وحليب الأطفال ومواد التعقيم لنحو أربعين ألف نسمة.",
    "وقال مسؤول في المجلس المحلي إن عشرات السكان توفوا جوعا خلال فصل الشتاء الماضي.",
    "وتفرض ميليشيات موالية حصارا خانقا على البلدة الواقعة في ريف دمشق الغربي قرب الحدود اللبنانية.",
    "وطالبت منظمة أطباء بلا حدود بإجلاء المرضى ذوي الحالات الحرجة إلى مستشفيات العاصمة فورا.",
    "وتزامن دخول القافلة مع إدخال مساعدات مماثلة إلى بلدتي الفوعة وكفريا في ريف إدلب.",
]
ROUNDUP = [
    "وفي حصاد اليوم من مختلف المحافظات السورية تنوعت الأحداث بين الميدان والسياسة والإغاثة.",
    "وفي الجنوب جرت اشتباكات متقطعة على أطراف درعا البلد دون تغير في خطوط السيطرة.",
    "وفي الشرق أعلن مجلس دير الزور العسكري تقدما محدودا على ضفاف نهر الفرات.",
    "وفي جنيف التقى المبعوث الأممي وفدي الحكومة والمعارضة كلا على حدة لبحث جدول الأعمال.",
    ALEPPO[0], ALEPPO[1], MADAYA[0], MADAYA[1],
]


def story(lines: list[str], edit: int | None = None) -> str:
    """A copy of a story, one sentence per line; `edit` drops that sentence (an edited wire copy)."""
    return "\n".join(line for i, line in enumerate(lines) if i != edit)


def test_wire_copies_are_one_story_and_a_roundup_does_not_chain_two(app):
    articles = [("الأولى", story(ALEPPO)), ("الثانية", story(ALEPPO, edit=3)), ("الثالثة", story(ALEPPO, edit=5)),
                ("الأولى", story(MADAYA)), ("الثانية", story(MADAYA, edit=2)), ("الرابعة", story(ROUNDUP))]
    outcomes = ingest_articles([ArticleInput(text=text, outlet_name=outlet) for outlet, text in articles])
    db.session.commit()
    ids = [o.article_id for o in outcomes]

    match_sentences(full=True)

    cluster = dict(db.session.execute(select(Article.id, Article.story_cluster_id)).all())
    aleppo, madaya = {cluster[a] for a in ids[:3]}, {cluster[a] for a in ids[3:5]}
    assert len(aleppo) == 1 and len(madaya) == 1
    assert aleppo != madaya
