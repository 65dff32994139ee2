"""Tasks of sentences that turn out to be boilerplate leave Label Studio: deleted if nobody has
annotated them, marked if somebody has, and never sent again."""
from sqlalchemy import select

from fact.extensions import db
from fact.models import Span, Task
from fact.services.ingest.articles import ArticleInput, ingest_articles
from tests.payloads import region

SLOGAN = "موقع الجسر نت منبر من لا منبر له"
STORIES = [
    "قال المرصد السوري لحقوق الإنسان إن 12 مدنيا قتلوا وأصيب 30 آخرون بغارات على أحياء حلب الشرقية مساء أمس.",
    "دخلت قافلة مساعدات مؤلفة من 44 شاحنة إلى بلدة مضايا المحاصرة صباح اليوم بحسب الهلال الأحمر.",
    "انطلقت في جنيف اليوم أعمال مؤتمر دولي حول سوريا بمشاركة ممثلين عن 17 دولة ومنظمات أممية.",
    "نزحت أكثر من 3000 عائلة من ريف إدلب الجنوبي خلال الأيام الماضية هربا من القصف المتواصل.",
]


def ingest(*stories: str) -> None:
    ingest_articles([ArticleInput(text=f"{story}\n{SLOGAN}", outlet_name="موقع الجسر") for story in stories])
    db.session.commit()


def slogan_tasks() -> list[Task]:
    return list(db.session.scalars(select(Task).join(Span, Task.span_id == Span.id).where(Span.text == SLOGAN)
                                   .order_by(Task.id)))


def test_tasks_of_lines_learned_as_boilerplate_are_deleted_or_marked_and_never_sent_again(app, runner, project, ls):
    ingest(*STORIES[:2])
    assert runner.invoke(args=["fact", "push"]).exit_code == 0
    (annotated, annotated_span), (_, untouched_span) = ((t.ls_task_id, t.span_id) for t in slogan_tasks())
    ls.annotations.create(id=annotated, result=region(SLOGAN, "منبر", "unverifiable"))

    ingest(*STORIES[2:])  # the slogan is in four articles of the outlet now: boilerplate everywhere
    result = runner.invoke(args=["fact", "push"])

    assert result.exit_code == 0, result.output
    sentences_line = result.output.splitlines()[0]  # the next line is the claims project's
    assert sentences_line.endswith("2 withdrawn (their sentence turned out to be boilerplate)")
    in_studio = {t.data["span_id"]: t for t in ls.tasks.list(project=project, fields="all", page_size=1000)}
    assert untouched_span not in in_studio  # deleted (Label Studio may give its id to a new task)
    assert in_studio[annotated_span].meta["withdrawn"] == "boilerplate"
    assert [(t.ls_task_id, t.withdrawn_at is not None) for t in slogan_tasks()] == [(annotated, True)]
    new_slogans = set(db.session.scalars(select(Span.id).where(Span.text == SLOGAN, Span.kind == "sentence")))
    new_slogans -= {annotated_span, untouched_span}
    assert len(new_slogans) == 2 and new_slogans.isdisjoint(in_studio)
    assert "0 task(s) created" in runner.invoke(args=["fact", "push"]).output
