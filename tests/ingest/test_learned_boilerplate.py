"""Boilerplate learned from what an outlet's pages repeat: flagged in old and new articles alike,
never the news that repeats too (a wire story's background, a wire headline, a teaser's own article)."""
import re

import pytest
from sqlalchemy import select

from fact.extensions import db
from fact.models import Article, Span
from fact.services.ingest.articles import ArticleInput, ingest_articles
from fact.services.tasks.payloads import taskable_spans

SLOGAN = "شبكة الشام الإخبارية صوت الحقيقة"
LOGIN = "{ * welcomeName * } { * loginWidget * } تسجيل الدخول"
SHARE = "شارك فيسبوك تويتر واتساب تيليغرام"
BACKGROUND = ("وتشهد سوريا منذ منتصف آذار 2011 نزاعا داميا تسبب بمقتل أكثر من 310 آلاف شخص وبدمار هائل في "
              "البنى التحتية وبنزوح وتشريد أكثر من نصف السكان داخل البلاد وخارجها.")
# Real sentences, one story each (no two share a sentence).
STORIES = [
    ("مقتل 12 مدنيا بغارات على حلب",
     ["قال المرصد السوري لحقوق الإنسان إن 12 مدنيا قتلوا وأصيب 30 آخرون بغارات على أحياء حلب الشرقية مساء أمس.",
      "وأوضح مدير المرصد أن بين القتلى أربعة أطفال وأن فرق الدفاع المدني ما زالت تبحث عن ناجين تحت الأنقاض."]),
    ("قافلة مساعدات تدخل مضايا المحاصرة",
     ["دخلت قافلة مساعدات مؤلفة من 44 شاحنة إلى بلدة مضايا المحاصرة صباح اليوم بحسب الهلال الأحمر.",
      "وقال مسؤول في المجلس المحلي إن المساعدات تكفي نحو 40 ألف شخص لمدة شهر واحد فقط."]),
    ("انطلاق مؤتمر جنيف بمشاركة 17 دولة",
     ["انطلقت في جنيف اليوم أعمال مؤتمر دولي حول سوريا بمشاركة ممثلين عن 17 دولة ومنظمات أممية.",
      "وقال المبعوث الأممي إن المؤتمر يهدف إلى تثبيت وقف إطلاق النار وإيصال المساعدات إلى المناطق المحاصرة."]),
    ("نزوح آلاف العائلات من ريف إدلب",
     ["نزحت أكثر من 3000 عائلة من ريف إدلب الجنوبي خلال الأيام الماضية هربا من القصف المتواصل.",
      "وأكد ناشطون أن المخيمات الحدودية لم تعد تتسع للوافدين الجدد وأن كثيرين يبيتون في العراء."]),
    ("سقوط قذائف على أحياء دمشق",
     ["سقطت عشرات القذائف على أحياء سكنية وسط دمشق ظهر اليوم ما أدى إلى إصابة 9 أشخاص بجروح.",
      "وذكرت وكالة الأنباء الرسمية أن القذائف أطلقت من مواقع المسلحين في الغوطة الشرقية."]),
    ("الإفراج عن 80 معتقلا في صفقة تبادل",
     ["أفرجت السلطات اليوم عن 80 معتقلا في إطار صفقة تبادل جرت بوساطة محلية في ريف حمص الشمالي.",
      "وقال أحد المفرج عنهم إنه أمضى أكثر من ثلاث سنوات في السجن دون أن يعرض على أي محكمة."]),
]


def tokenized(line: str) -> str:
    """The scraped style: a space on each side of every period, comma, colon and quote."""
    return re.sub(r"\s*([.,،:\"])\s*", r" \1 ", line).strip()


def page(story: int, *, before=(), after=(), glue_head=None, glue_tail=None, style=str, body_of=None) -> str:
    """A page of `story` (its headline over the body of story `body_of`, if given)."""
    headline, body = STORIES[story]
    if body_of is not None:
        body = STORIES[body_of][1]
    if glue_head:
        headline = f"{glue_head} {headline}"
    body = list(body)
    if glue_tail:
        body[-1] = f"{body[-1]} {glue_tail}"
    return "\n".join(style(line) for line in [*before, headline, *body, *after])


def ingest(*texts: str, outlet: str = "شبكة الشام", outlets: list[str] | None = None) -> list[int]:
    names = outlets or [outlet] * len(texts)
    outcomes = ingest_articles([ArticleInput(text=t, outlet_name=n) for t, n in zip(texts, names)])
    db.session.commit()
    return [o.article_id for o in outcomes]


def flags(article_id: int, kind: str = "paragraph") -> dict[str, bool]:
    return {s.text: s.is_boilerplate for s in db.session.scalars(
        select(Span).where(Span.article_id == article_id, Span.kind == kind))}


def tasks(article_id: int) -> list[str]:
    return [s.text for s in db.session.scalars(taskable_spans().where(Span.article_id == article_id))]


@pytest.mark.parametrize("style", [str, tokenized], ids=["clean", "tokenized"])
def test_a_line_an_outlet_repeats_in_three_articles_becomes_boilerplate_in_the_old_ones_too(app, style):
    first = ingest(page(0, after=[SLOGAN], style=style), page(1, after=[SLOGAN], style=style))
    assert not any(flags(a)[style(SLOGAN)] for a in first)  # twice is not yet a pattern

    third = ingest(page(2, after=[tokenized(SLOGAN) if style is str else SLOGAN], style=str))

    assert all(flags(a)[style(SLOGAN)] for a in first)
    assert flags(third[0])[tokenized(SLOGAN) if style is str else SLOGAN]
    assert all(SLOGAN not in t.replace(" ", " ") for a in first + third for t in tasks(a))
    assert len(tasks(first[0])) == 3  # the headline and the two sentences stay


def test_a_line_another_outlet_repeats_is_not_learned_for_this_one(app):
    ingest(page(0, after=[SLOGAN]), page(1, after=[SLOGAN]), outlet="الأولى")
    other = ingest(page(2, after=[SLOGAN]), outlet="الثانية")
    assert flags(other[0])[SLOGAN] is False


def test_a_background_paragraph_repeated_across_an_outlets_articles_stays_news(app):
    ids = ingest(*(page(i, after=[BACKGROUND, SLOGAN]) for i in range(4)))
    for article_id in ids:
        assert flags(article_id)[BACKGROUND] is False
        assert flags(article_id)[SLOGAN] is True
        assert any(task in BACKGROUND for task in tasks(article_id))


def test_a_teaser_of_an_outlets_headline_is_boilerplate_but_its_article_keeps_the_headline(app):
    headline = STORIES[0][0]
    own, teased = ingest(page(0), page(1, after=["الأكثر قراءة", headline]))
    assert flags(own)[headline] is False
    assert flags(teased)[headline] is True
    assert headline in tasks(own) and headline not in tasks(teased)


def test_a_wire_headline_several_outlets_run_stays_news_and_their_share_widget_does_not(app):
    outlets = ["الأولى", "الثانية", "الثالثة", "الرابعة"]
    # each outlet's own report under the wire headline (the same page thrice would be one article, a copy)
    ids = ingest(*(page(0, after=[SHARE, f"© {name}"], body_of=3 + n) for n, name in enumerate(outlets[:3])),
                 page(1, after=[SHARE]), outlets=outlets)
    for article_id in ids[:3]:
        assert flags(article_id)[STORIES[0][0]] is False
    ingest(page(2, after=[SHARE]), outlet="الأولى")  # the widget twice in one outlet: a widget
    assert all(flags(a)[SHARE] for a in ids)


@pytest.mark.parametrize("style", [str, tokenized], ids=["clean", "tokenized"])
def test_a_widget_glued_to_the_headline_is_cut_off_and_the_headline_stays_a_task(app, style):
    ids = ingest(page(0, before=[LOGIN], style=style), page(1, before=[LOGIN], style=style),
                 page(2, before=[LOGIN], style=style), page(3, glue_head=LOGIN, style=style))
    article = db.session.get(Article, ids[3])
    headline = style(STORIES[3][0])

    assert headline in tasks(article.id)
    assert not any("loginWidget" in t for t in tasks(article.id))
    new = db.session.scalar(select(Span).where(Span.article_id == article.id, Span.text == headline))
    assert article.text[new.start : new.end] == headline  # offsets into the stored text


def test_a_slogan_glued_to_the_last_line_is_cut_off_in_older_articles_once_learned(app):
    glued = ingest(page(0, glue_tail=SLOGAN))
    ingest(page(1, after=[SLOGAN]), page(2, after=[SLOGAN]), page(3, after=[SLOGAN]))

    last = STORIES[0][1][-1]
    assert last in tasks(glued[0])
    assert not any(SLOGAN in t for t in tasks(glued[0]))


ARCHIVE = ["أرشيف شهر آذار 2016", *(f"{headline} - 2016/3/{day}" for day, (headline, _) in enumerate(STORIES, 1)),
           "الصفحة 2 من 14"]
PROFILE = ["الملف الشخصي: abu_omar", "عدد المشاركات: 412", "تاريخ التسجيل: 2012/4/9", "الرتبة: عضو مميز",
           "آخر نشاط: منذ 3 أيام", "إرسال رسالة خاصة", "عرض جميع مواضيع العضو"]


@pytest.mark.parametrize("lines", [ARCHIVE, PROFILE], ids=["archive", "profile"])
def test_a_page_that_is_not_an_article_is_flagged_as_a_whole(app, lines):
    (page_id,) = ingest("\n".join(lines))
    assert db.session.get(Article, page_id).is_listing
    assert tasks(page_id) == []


def test_an_article_with_a_list_of_short_lines_is_not_a_listing(app):
    names = ["محمد الأحمد", "خالد العمر", "سامر الحسن", "أحمد الخطيب", "علي الشامي", "عمر القاسم"]
    (article_id,) = ingest(page(0, after=["وهذه أسماء القتلى:", *names]))
    assert not db.session.get(Article, article_id).is_listing
    assert STORIES[0][1][0] in tasks(article_id)


def test_candidates_of_and_pointing_to_sentences_learned_as_boilerplate_are_forgotten(app):
    from fact.models import Candidate
    from fact.services.matching.candidates import match_sentences

    ingest(page(0, after=[SLOGAN]), page(1, after=[SLOGAN]))
    match_sentences(full=True)
    slogans = set(db.session.scalars(select(Span.id).where(Span.text == SLOGAN, Span.kind == "sentence")))
    assert db.session.scalar(select(Candidate.id).where(Candidate.candidate_span_id.in_(slogans)))

    ingest(page(2, after=[SLOGAN]))

    pointing = select(Candidate.id).where(Candidate.candidate_span_id.in_(slogans) | Candidate.span_id.in_(slogans))
    assert db.session.scalar(pointing) is None
    again = match_sentences()
    assert again.matched >= 1  # the sentences that lost a candidate, and the new article's
    assert db.session.scalar(pointing) is None


def test_ingest_stores_each_paragraphs_key_and_lead_mark_with_it(app):
    """The key a repeat is found by, and whether a line comes before the prose, are written with the
    paragraph: a second write of the row rewrote its every index entry (docs/benchmarks.md)."""
    from fact.text.repeats import paragraph_key

    first = ingest(page(0, before=[SHARE]))[0]
    paragraphs = db.session.scalars(select(Span).where(Span.article_id == first, Span.kind == "paragraph")
                                    .order_by(Span.position)).all()

    assert [(p.repeat_key, p.leading) for p in paragraphs] == [
        (paragraph_key(p.text), i < 2) for i, p in enumerate(paragraphs)]  # the widget and the headline lead
    assert len(paragraphs) == 4
