"""The store of claims from outside: the claim another writer stored first is merged into, not duplicated."""
from sqlalchemy import insert

from fact.extensions import db
from fact.models import Claim, ClaimOrigin, Label
from fact.models.articles import utcnow
from fact.services.claims.intake import store
from fact.services.claims.intake.verdicts import VerdictMap
from tests.helpers import count

TEXT = "أعلنت الوزارة إغلاق المدارس"


def test_a_claim_stored_by_another_writer_after_the_lookup_is_merged_into(app, monkeypatch):
    """Between our lookup and our insert, another writer commits the same claim: the unique key refuses
    ours (PostgreSQL waits for the other transaction), and the record becomes an appearance of theirs."""
    with db.engine.begin() as other:
        other.execute(insert(Claim.__table__).values(
            origin=ClaimOrigin.imported.value, claim_key=store.claim_key(TEXT), text=TEXT, search_text="x",
            created_at=utcnow(), updated_at=utcnow(), verdict_count=0, agreement="none"))
    lookups = []
    real_find = store._find

    def late_find(key):  # the first lookup ran before the other writer's commit
        lookups.append(key)
        return None if len(lookups) == 1 else real_find(key)

    monkeypatch.setattr(store, "_find", late_find)

    taken = store.take_claim({"text": "اعلنت الوزارة اغلاق المدارس", "appearances": [{"url": "https://a.example/1"}],
                              "outside_verdict": {"rating": "كاذب"}}, VerdictMap(), "api")
    db.session.commit()

    assert taken.outcome == store.MERGED and len(lookups) == 2
    assert count(Claim) == 1
    claim = db.session.get(Claim, taken.claim_id)
    assert [a.url for a in claim.appearances] == ["https://a.example/1"]
    assert claim.outside_label == Label.disputed

