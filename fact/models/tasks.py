"""Our map from spans to Label Studio tasks: Label Studio never de-duplicates, so the map is ours."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fact.extensions import db
from fact.models.types import UTCDateTime
from fact.models.articles import Span, utcnow


class Task(db.Model):
    """One span served as one task of one Label Studio project.

    A row is written (and committed) before its span is imported, with ls_task_id empty; the id is
    filled in once Label Studio answers. An empty id after a crash means: ask Label Studio whether
    the task arrived before importing it again.
    """

    __tablename__ = "tasks"
    __table_args__ = (UniqueConstraint("ls_project_id", "span_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    span_id: Mapped[int] = mapped_column(ForeignKey("spans.id", ondelete="CASCADE"), index=True)
    ls_project_id: Mapped[int]
    ls_task_id: Mapped[int | None] = mapped_column(unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    pushed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the span's candidate sources were last sent with the task; newer candidates are sent again.
    candidates_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When its span turned out to be boilerplate and the task, annotated already, was marked withdrawn
    # in Label Studio (an unannotated one is deleted there, and its row here).
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    span: Mapped[Span] = relationship()


class SyncMark(db.Model):
    """How far the last pull from a Label Studio project got (its tasks' newest updated_at)."""

    __tablename__ = "sync_marks"

    ls_project_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    task_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Offer(db.Model):
    """A source that a span's task put before its annotators (`kind` span or article, and its id).

    A verdict may cite only what its task offered, or a URL. Offers are only ever added: a task whose
    candidates were refreshed still accepts annotations made against what it showed before.
    """

    __tablename__ = "offers"

    span_id: Mapped[int] = mapped_column(ForeignKey("spans.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    source_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
