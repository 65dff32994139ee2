"""What the test modules share besides fixtures (those are in conftest.py): where the seeds are, the test
app's configuration and secrets, and reading back what the app stored."""
from pathlib import Path

from sqlalchemy import func, select

from fact.config import Config
from fact.extensions import db
from fact.models import Span, Task, Verdict

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
API_TOKEN = "test-api-token"
SECRET = "test-webhook-secret"  # the webhook secret of the `hook` fixture


def make_config(url: str) -> type[Config]:
    """The app's configuration for a test on the database at `url`."""
    return type(
        "TestConfig",
        (Config,),
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "FACT_API_TOKEN": API_TOKEN},
    )


def sentence(fragment: str) -> Span:
    """The seed sentence that contains `fragment`."""
    return db.session.scalar(select(Span).where(Span.kind == "sentence", Span.text.contains(fragment)))


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def current_labels() -> list[str]:
    """The labels of the verdicts that are not superseded, in the order they were stored."""
    return list(db.session.scalars(select(Verdict.label).where(Verdict.superseded_at.is_(None)).order_by(Verdict.id)))


def task_of(span: Span) -> int:
    """The Label Studio task id that push gave `span`."""
    return db.session.scalar(db.select(Task.ls_task_id).where(Task.span_id == span.id))
