"""Rows put straight into the database, without a webhook: what the property-based tests need many
of, quickly, with values no seed article holds (any text, any timestamp)."""
from datetime import datetime, timezone
from itertools import count

from fact.extensions import db
from fact.models import Annotation, AnnotationRevision, Article, Claim, Outlet, Verdict

NOW = datetime(2026, 11, 22, 10, tzinfo=timezone.utc)
_ids = count(1)


def article(outlet: str | None = None) -> Article:
    n = next(_ids)
    row = Article(title=f"article {n}", language="ar", text="نص", content_hash=f"{n:064x}", ingested_at=NOW,
                  outlet=Outlet(name=outlet) if outlet is not None else None)
    db.session.add(row)
    db.session.flush()
    return row


def claim(of: Article, text: str = "نص", updated_at: datetime = NOW) -> Claim:
    start = next(_ids)  # claims are unique by their place in the article
    row = Claim(article_id=of.id, start=start, end=start + len(text), text=text, search_text=text, created_at=NOW,
                updated_at=updated_at, verdict_count=1, agreement="single", majority_label="disputed",
                label="disputed")
    db.session.add(row)
    db.session.flush()
    return row


def verdict(of: Claim, annotator_id: int, label: str, *, text: str = "نص", created_at: datetime = NOW,
            superseded: bool = False) -> Verdict:
    """A verdict from an annotation of its own (so any number of them can be current on one claim)."""
    n = next(_ids)
    annotation = Annotation(ls_annotation_id=n, ls_task_id=n, annotator_id=annotator_id, ls_updated_at=NOW,
                            created_at=NOW)
    revision = AnnotationRevision(annotation=annotation, ls_updated_at=NOW, annotator_id=annotator_id, via="test",
                                  received_at=NOW, result=[], result_hash="0" * 64, status="accepted")
    row = Verdict(claim_id=of.id, annotation=annotation, revision=revision, label=label, annotator_id=annotator_id,
                  start=0, end=len(text), text=text, created_at=created_at, superseded_at=NOW if superseded else None)
    db.session.add(row)
    db.session.flush()
    return row
