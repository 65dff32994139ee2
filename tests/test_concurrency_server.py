"""A real gunicorn with 2 workers on the session's test database: a few hundred deliveries of 20
annotations sent by 20 clients at once end exactly as the same deliveries sent one by one, in the
order Label Studio made them."""
import uuid

import pytest

from bench.servers import gunicorn
from fact.extensions import db
from tests import chaos


@pytest.mark.server
def test_concurrent_mixed_deliveries_end_as_the_same_deliveries_one_by_one(app, seeded, migrated, tmp_path):
    items = chaos.deliveries(chaos.sentences(8), annotations=20, total=300, seed=17)
    db.session.commit()  # the test's own session holds nothing while the workers write
    secret = uuid.uuid4().hex

    with gunicorn(migrated, secret, tmp_path / "gunicorn.log") as base:
        together = chaos.send(base, secret, items, threads=20)
        got, mismatches, duplicates = chaos.state(), chaos.recount_mismatches(), chaos.duplicates()
        chaos.forget()
        alone = chaos.send(base, secret, chaos.one_by_one(items), threads=1)
        expected = chaos.state()

    assert set(together.statuses) == set(alone.statuses) == {200}, (tmp_path / "gunicorn.log").read_text()[-3000:]
    assert mismatches == [] and duplicates == 0
    assert got == expected
    assert len(expected["annotations"]) == 20 and expected["verdicts"]
    assert {state for state, _ in expected["annotations"].values()} == {"counts", "deleted"}
