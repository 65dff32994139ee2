"""Annotations as they came from Label Studio, with every revision kept for the audit trail."""
import enum
from datetime import datetime

from sqlalchemy import JSON, Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fact.extensions import db
from fact.models.types import UTCDateTime
from fact.models.articles import utcnow


class RevisionStatus(enum.StrEnum):
    accepted = "accepted"  # its claims and verdicts are the annotation's current ones
    superseded = "superseded"  # was accepted; a newer revision replaced it
    rejected = "rejected"  # failed validation: kept for review, changed nothing else
    stale = "stale"  # arrived after a newer revision (an out-of-order delivery): history only


class Annotator(db.Model):
    """A Label Studio user, so that verdicts can show who gave them. Filled in by setup and sync."""

    __tablename__ = "annotators"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)  # Label Studio's user id
    email: Mapped[str | None] = mapped_column(String(320))
    name: Mapped[str | None] = mapped_column(String(320))


class Annotation(db.Model):
    """One Label Studio annotation, whatever we heard of it first.

    A row is made (INSERT ... ON CONFLICT DO NOTHING) and locked before anything is decided about an
    annotation, so that two deliveries of it are decided one after the other. A delete that arrives
    before its annotation leaves a row with no revision, deleted: the create that follows does not
    count. Such a row knows no task, annotator or time (those columns are empty until a revision).
    """

    __tablename__ = "annotations"

    id: Mapped[int] = mapped_column(primary_key=True)
    ls_annotation_id: Mapped[int] = mapped_column(unique=True)
    ls_task_id: Mapped[int | None] = mapped_column(index=True)
    span_id: Mapped[int | None] = mapped_column(ForeignKey("spans.id", ondelete="SET NULL"), index=True)
    # The claim of a claim task (fact.models.claim_work.ClaimTask), or of labels imported from elsewhere.
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id", ondelete="SET NULL"), index=True)
    annotator_id: Mapped[int | None] = mapped_column(index=True)  # Label Studio's user id
    # Label Studio's updated_at of the newest revision we have (accepted or not).
    ls_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    was_cancelled: Mapped[bool] = mapped_column(default=False)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    revisions: Mapped[list["AnnotationRevision"]] = relationship(
        back_populates="annotation", order_by="AnnotationRevision.id"
    )


class AnnotationRevision(db.Model):
    """One delivery of an annotation that changed something: what arrived, how, and what we made of it."""

    __tablename__ = "annotation_revisions"
    __table_args__ = (UniqueConstraint("annotation_id", "ls_updated_at", "result_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    annotation_id: Mapped[int] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"), index=True)
    ls_updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    annotator_id: Mapped[int]
    via: Mapped[str] = mapped_column(String(32))  # webhook action or "sync"
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The annotation's result list only: never the whole payload, which carries the project's tokens.
    result: Mapped[list] = mapped_column(JSON)
    result_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[RevisionStatus] = mapped_column(
        Enum(RevisionStatus, native_enum=False, length=16, create_constraint=True, name="revision_status"),
        index=True,
    )
    reason: Mapped[str | None] = mapped_column(Text)

    annotation: Mapped[Annotation] = relationship(back_populates="revisions")
