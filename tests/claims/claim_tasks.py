"""What the claim-task tests share: a claim from outside and the evidence the search would have found for
it (rows written directly: the search is another module's, tested there)."""
import json
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import delete, select

from fact.extensions import db
from fact.models import Claim, ClaimEvidence, ClaimOrigin, ClaimPassage, Span

# A claim the seeds speak to: seed 004 says 11 countries met in Paris, the others say 13.
ARABIC_CLAIM = {"text": "اجتمع وزراء دفاع 13 دولة في باريس لبحث معركة الموصل", "claimant": "حساب على تويتر",
                "claim_date": "2016-10-25", "language": "ar",
                "appearances": [{"url": "https://twitter.com/example/status/1", "date": "2016-10-25",
                                 "author": "حساب أخبار"}]}


def import_claim(runner, tmp_path: Path, record: dict = ARABIC_CLAIM) -> Claim:
    path = tmp_path / "claims.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    result = runner.invoke(args=["fact", "claims", "import", str(path)])
    assert result.exit_code == 0, result.output
    return db.session.scalar(select(Claim).where(Claim.origin == ClaimOrigin.imported, Claim.text == record["text"]))


def give_evidence(claim: Claim, passages: list[Span], at: datetime | None = None) -> list[ClaimEvidence]:
    """The claim's evidence: the articles of these passages, ranked as given, replacing what it had."""
    at = at or datetime.now(timezone.utc)
    db.session.execute(delete(ClaimEvidence).where(ClaimEvidence.claim_id == claim.id))
    rows: dict[int, ClaimEvidence] = {}
    for span in passages:
        row = rows.get(span.article_id)
        if row is None:
            row = rows[span.article_id] = ClaimEvidence(claim_id=claim.id, article_id=span.article_id,
                                                         rank=len(rows) + 1, score=1.0 / (len(rows) + 1), computed_at=at)
            db.session.add(row)
        row.passages.append(ClaimPassage(span_id=span.id, rank=len(row.passages) + 1, score=0.5, found_by="both"))
    db.session.commit()
    return list(rows.values())
