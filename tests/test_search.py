"""The substring index behind q: it must propose every claim the plain LIKE finds, and no other."""
import pytest
from sqlalchemy import delete, select

from fact.extensions import db
from fact.models import Claim
from fact.search import claim_text_contains
from tests.payloads import created, region


def found(conditions) -> list[int]:
    return list(db.session.scalars(select(Claim.id).where(*conditions).order_by(Claim.id)))


def test_the_index_proposes_exactly_the_claims_that_contain_the_text(hook, eleven, thirteen):
    hook(created(1, eleven, region(eleven.text, "11 دولة")))
    hook(created(2, thirteen, region(thirteen.text, "13 دولة في التحالف")))
    dialect = db.engine.dialect.name
    conditions = claim_text_contains("دوله", dialect)

    both = found(conditions)

    assert len(both) == 2
    assert found(conditions[:1]) == both  # the index alone (on SQLite: the FTS5 trigram table)
    assert found(claim_text_contains("التحالف", dialect)) == [max(both)]
    # two characters: the pair index on PostgreSQL, a scan on SQLite; alone as exact as the rule
    assert found(claim_text_contains("13", dialect)[:1]) == found(claim_text_contains("13", dialect)) == [max(both)]


def test_the_index_forgets_deleted_claims(hook, eleven):
    hook(created(1, eleven, region(eleven.text, "11 دولة")))
    db.session.execute(delete(Claim))
    db.session.commit()

    assert found(claim_text_contains("دوله", db.engine.dialect.name)[:1]) == []


@pytest.mark.parametrize("path", ["/api/claims", "/api/verdicts", "/api/spans"])
def test_a_query_that_normalizes_to_nothing_is_refused_rather_than_matching_everything(client, path):
    response = client.get(path, query_string={"q": "\u064b\u0650 \u0640"})  # two diacritics and a tatweel

    assert response.status_code == 422
    assert response.json["errors"]["query"]["q"] == ["Nothing left to search for after normalization."]
