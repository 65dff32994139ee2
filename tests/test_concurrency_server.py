"""A real gunicorn with 2 workers on the session's test database: a few hundred deliveries of 20
annotations sent by 20 clients at once, a third of them also applied meanwhile by sync's pages, end
exactly as the same deliveries sent one by one, in the order Label Studio made them. A delivery the database was too busy to take at once is answered 202
and queued; the queue is drained (as `flask fact worker` does) before the states are compared."""
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.servers import gunicorn
from fact.extensions import db
from tests import chaos


@pytest.mark.server
def test_concurrent_mixed_deliveries_end_as_the_same_deliveries_one_by_one(app, seeded, migrated, tmp_path):
    items = chaos.deliveries(chaos.sentences(8), annotations=20, total=300, seed=17)
    db.session.commit()  # the test's own session holds nothing while the workers write
    secret, settings, log = uuid.uuid4().hex, chaos.queue_settings(tmp_path), tmp_path / "gunicorn.log"

    with gunicorn(migrated, secret, log, settings) as base, ThreadPoolExecutor(1) as beside:
        syncing = beside.submit(chaos.apply_as_sync, app, items)  # sync's pages, in this process meanwhile
        together = chaos.send(base, secret, items, threads=20)
        assert syncing.result() > 0
        chaos.drain(app, settings)  # a delivery the database was too busy for (202) is applied by the worker
        got, mismatches, duplicates = chaos.state(), chaos.recount_mismatches(), chaos.duplicates()
        chaos.forget()
        alone = chaos.send(base, secret, chaos.one_by_one(items), threads=1)
        chaos.drain(app, settings)
        expected = chaos.state()

    assert set(together.statuses + alone.statuses) <= {200, 202}, log.read_text()[-3000:]
    assert mismatches == [] and duplicates == 0
    assert got == expected
    assert len(expected["annotations"]) == 20 and expected["verdicts"]
    assert {state for state, _ in expected["annotations"].values()} == {"counts", "deleted"}
