"""Claim work put straight into the database, as the claim-task apply path stores it (fact.services.annotations
is another part's): articles cut into sentences, claims from outside, annotations with their verdict and
each article's stance and rationale, and already-checked matches."""
from datetime import date
from itertools import count

from fact.extensions import db
from fact.models import (
    Annotation, AnnotationRevision, Annotator, Article, ArticleStance, Claim, ClaimAppearance, ClaimMatch, ClaimOrigin,
    Span, StanceRationale, Verdict,
)
from fact.services.claims.aggregate import refresh_claims
from fact.services.claims.intake.store import claim_key
from fact.text.normalize import normalize_for_search
from tests.exports.direct import NOW

_ids = count(1_000_001)  # far above the Label Studio ids that tests deliver by webhook, so that the two mix


def article(sentences: list[str], url: str | None = None, title: str | None = None) -> tuple[Article, list[Span]]:
    """An article of one sentence a line, and its sentences as spans."""
    n = next(_ids)
    text = "\n".join(sentences)
    row = Article(title=title or f"مقال {n}", url=url, language="ar", text=text, content_hash=f"{n:064x}",
                  ingested_at=NOW)
    db.session.add(row)
    db.session.flush()
    spans, start = [], 0
    for position, sentence in enumerate(sentences):
        spans.append(Span(article_id=row.id, kind="sentence", start=start, end=start + len(sentence),
                          position=position, paragraph=position, text=sentence,
                          search_text=normalize_for_search(sentence)))
        start += len(sentence) + 1
    db.session.add_all(spans)
    db.session.flush()
    return row, spans


def imported_claim(text: str, claimant: str | None = None, claim_date: date | None = None,
                   appearances: list[tuple[str | None, date | None, str | None]] = ()) -> Claim:
    """A claim from outside, with its appearances (url, date, author)."""
    row = Claim(origin=ClaimOrigin.imported, claim_key=claim_key(text), text=text, search_text=normalize_for_search(text),
                language="ar", claimant=claimant, claim_date=claim_date, created_at=NOW, updated_at=NOW)
    for i, (url, appeared_at, author) in enumerate(appearances):
        row.appearances.append(ClaimAppearance(url=url, url_key=url, appeared_at=appeared_at, author=author,
                                               source=f"claims.jsonl:{i + 1}", key=f"{next(_ids):064x}"))
    db.session.add(row)
    db.session.flush()
    return row


def outside_annotator(name: str) -> int:
    """A named outside annotator (labels from elsewhere): a negative id."""
    annotator = Annotator(id=-next(_ids), name=name)
    db.session.add(annotator)
    db.session.flush()
    return annotator.id


def claim_task(claim: Claim, annotator_id: int, verdict: str | None = None,
               stances: dict[Article, tuple[str, list[Span]]] | None = None,
               superseded: dict[Article, tuple[str, list[Span]]] | None = None) -> Annotation:
    """One annotation of a claim task: its verdict, if any, and each article's stance with its rationale;
    `superseded`: stances of an earlier revision of the same annotation, history only."""
    n = next(_ids)
    annotation = Annotation(ls_annotation_id=n if annotator_id > 0 else -n, claim_id=claim.id,
                            annotator_id=annotator_id, ls_updated_at=NOW, created_at=NOW)
    revision = AnnotationRevision(annotation=annotation, ls_updated_at=NOW, annotator_id=annotator_id, via="test",
                                  received_at=NOW, result=[], result_hash=f"{n:064x}", status="accepted")
    db.session.add_all([annotation, revision])
    db.session.flush()
    if verdict is not None:
        db.session.add(Verdict(claim_id=claim.id, annotation_id=annotation.id, revision_id=revision.id, label=verdict,
                               annotator_id=annotator_id, start=0, end=len(claim.text), text=claim.text,
                               created_at=NOW))
    for kept, given in ((False, superseded or {}), (True, stances or {})):
        for article_row, (label, rationale) in given.items():
            stance = ArticleStance(claim_id=claim.id, article_id=article_row.id, annotation_id=annotation.id,
                                   revision_id=revision.id, annotator_id=annotator_id, stance=label, created_at=NOW,
                                   superseded_at=None if kept else NOW)
            stance.rationale = [StanceRationale(span_id=span.id) for span in rationale]
            db.session.add(stance)
    db.session.flush()
    refresh_claims([claim.id])
    return annotation


def match(claim: Claim, checked: Claim, status: str, rank: int = 1, score: float = 0.9) -> ClaimMatch:
    row = ClaimMatch(claim_id=claim.id, checked_claim_id=checked.id, rank=rank, score=score, status=status)
    db.session.add(row)
    db.session.flush()
    return row
