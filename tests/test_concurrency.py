"""What deliveries leave is a function of what was delivered, whatever the order, the repeats or the
path (webhook or a sync page); and writers decide one at a time while readers go on reading."""
import random
import threading

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from fact.extensions import db
from fact.models import Annotation, Claim
from fact.models.articles import utcnow
from fact.progress import progress
from fact.services.annotations import sync
from fact.services.annotations.apply import apply_annotation, apply_annotations, delete_annotations
from fact.services.annotations.apply import lock_rows
from schemas.labelstudio import ANNOTATION_ACTIONS, WebhookSchema
from tests import chaos
from tests.helpers import current_labels
from tests.payloads import T0, T1, T2, annotation, created, deleted, region, updated


def apply_body(body: dict) -> list:
    """One delivery through the service the webhook calls, committed as the webhook commits it."""
    payload = WebhookSchema().load(body)
    if payload["action"] in ANNOTATION_ACTIONS:
        outcomes = [apply_annotation(payload["annotation"], payload["task"]["data"], via="webhook")]
    else:
        outcomes = delete_annotations([item["id"] for item in payload["annotations"]], via="webhook")
    db.session.commit()
    return outcomes


def settled() -> dict:
    """The state, checked against a recount and for duplicates on the way."""
    assert chaos.recount_mismatches() == []
    assert chaos.duplicates() == 0
    return chaos.state()


def test_a_delete_that_arrives_before_its_create_keeps_the_annotation_from_counting(hook, client, eleven):
    early = hook(deleted(1))

    late = [hook(created(1, eleven, region(eleven.text, "11 دولة"))),
            hook(updated(1, eleven, region(eleven.text, "11 دولة", "corroborated"), at=T2))]

    assert early.json["outcomes"][0]["outcome"] == "unknown"
    assert [r.json["outcomes"][0]["outcome"] for r in late] == ["deleted-before", "deleted-before"]
    assert current_labels() == []
    assert client.get("/api/claims").json == []
    assert hook(deleted(1)).json["outcomes"][0]["outcome"] == "duplicate"


def test_a_rejected_newer_revision_does_not_hide_an_older_valid_one(hook, eleven):
    rejected = hook(updated(1, eleven, region(eleven.text, "11 دولة", "maybe"), at=T1))

    older = hook(created(1, eleven, region(eleven.text, "11 دولة", "disputed"), at=T0))

    assert rejected.json["outcomes"][0]["outcome"] == "rejected"
    assert older.json["outcomes"][0]["outcome"] == "accepted"
    assert current_labels() == ["disputed"]  # as when the two come in the order they were made


def test_two_revisions_saved_at_the_same_moment_end_alike_whichever_comes_first(hook, eleven):
    one = created(1, eleven, region(eleven.text, "11 دولة", "disputed", region_id="a"), at=T1)
    other = updated(1, eleven, region(eleven.text, "11 دولة", "corroborated", region_id="a"), at=T1)
    hook(one), hook(other)
    first = settled()
    chaos.forget()

    hook(other), hook(one)

    assert settled() == first
    assert len(current_labels()) == 1


@pytest.fixture
def spans(seeded):
    return chaos.sentences(4)


def test_every_order_of_the_same_deliveries_leaves_the_same_state(spans):
    items = chaos.deliveries(spans, annotations=6, total=40, seed=3)
    for delivery in chaos.one_by_one(items):
        apply_body(delivery.body)
    expected = settled()
    assert any(state == "deleted" for state, _ in expected["annotations"].values())
    assert expected["verdicts"] and expected["claims"]

    rng = random.Random(5)
    for _ in range(6):
        chaos.forget()
        order = rng.sample(items, len(items))
        for delivery in order:
            apply_body(delivery.body)

        assert settled() == expected


def test_sync_pages_among_webhooks_reach_the_state_of_one_by_one(spans):
    items = chaos.deliveries(spans, annotations=8, total=60, seed=11)
    for delivery in chaos.one_by_one(items):
        apply_body(delivery.body)
    expected = settled()
    chaos.forget()

    schema, rng, page = WebhookSchema(), random.Random(2), []
    for delivery in items:  # a third go into sync pages of up to 7 (repeats in a page included)
        payload = schema.load(delivery.body)
        if payload["action"] in ANNOTATION_ACTIONS and rng.random() < 1 / 3:
            page.append((payload["annotation"], payload["task"]["data"]))
            if len(page) == 7:
                apply_annotations(page, via="sync")
                db.session.commit()
                page = []
        else:
            apply_body(delivery.body)
    apply_annotations(page, via="sync")
    db.session.commit()

    assert settled() == expected


def test_a_sync_page_deletes_only_what_it_had_before_the_sync_began(hook, eleven):
    task = 500 + 1  # created() puts annotation n on task 500 + n
    hook(created(1, eleven, region(eleven.text, "11 دولة", "disputed"), user=1))
    started = utcnow()
    hook(webhook_on(task, 2, eleven, region(eleven.text, "11 دولة", "corroborated")))  # after its snapshot

    page = [{"id": task, "data": {"span_id": eleven.id}, "annotations": []}]  # the snapshot: 1 gone, 2 unseen
    report = sync.SyncReport()
    with progress() as bar:  # silent: not a terminal
        sync.apply_page(page, report, bar, started)
    db.session.commit()

    assert report.outcomes == {"deleted": 1}
    assert current_labels() == ["corroborated"]


def webhook_on(task_id: int, ls_id: int, span, result) -> dict:
    from tests.payloads import webhook

    return webhook("ANNOTATION_CREATED", annotation(ls_id, task_id, result, T0, user=2), span.id)


class OtherWriter:
    """A second connection that holds what a writer would hold: SQLite's write lock, or on PostgreSQL
    an EXCLUSIVE lock on the tables a delivery writes (readers may still read them)."""

    def __init__(self, url: str):
        self.url = make_url(url)
        if self.url.get_backend_name() == "sqlite":
            import sqlite3

            self.connection = sqlite3.connect(self.url.database, timeout=0, isolation_level=None,
                                              check_same_thread=False)
        else:
            import psycopg

            self.connection = psycopg.connect(self.url.set(drivername="postgresql").render_as_string(False))

    def hold(self) -> None:
        if self.url.get_backend_name() == "sqlite":
            self.connection.execute("BEGIN IMMEDIATE")
        else:
            self.connection.execute("LOCK TABLE annotations, annotation_revisions, verdicts, claims IN EXCLUSIVE MODE")

    def try_to_decide(self, ls_id: int) -> None:
        """What a second worker does first on a delivery of ls_id (raises if it would have to wait)."""
        if self.url.get_backend_name() == "sqlite":
            self.connection.execute("BEGIN IMMEDIATE")
        else:
            self.connection.execute("SELECT id FROM annotations WHERE ls_annotation_id = %s FOR UPDATE NOWAIT",
                                    (ls_id,))

    def release(self) -> None:
        if self.url.get_backend_name() != "sqlite":
            self.connection.rollback()
        elif self.connection.in_transaction:
            self.connection.execute("ROLLBACK")

    def close(self) -> None:
        self.connection.close()


@pytest.fixture
def other(migrated):
    writer = OtherWriter(migrated)
    yield writer
    writer.close()


def test_a_delivery_is_decided_under_a_lock_no_other_writer_can_take(hook, eleven, other):
    hook(created(1, eleven, region(eleven.text, "11 دولة")))

    lock_rows([1])  # what applying does before it reads anything about annotation 1

    with pytest.raises(Exception, match="database is locked|could not obtain lock"):
        other.try_to_decide(1)
    other.release()
    db.session.commit()
    other.try_to_decide(1)  # once we are done, the other goes ahead
    other.release()


def test_reads_go_on_while_a_writer_holds_its_locks(hook, client, eleven, other):
    hook(created(1, eleven, region(eleven.text, "11 دولة")))
    db.session.commit()
    other.hold()

    claims = client.get("/api/claims")

    other.release()
    assert claims.status_code == 200 and [c["verdict_count"] for c in claims.json] == [1]


def test_a_delivery_waits_for_a_writer_that_holds_the_lock_instead_of_failing(hook, eleven, other):
    db.session.commit()
    other.hold()
    threading.Timer(0.2, other.release).start()

    response = hook(created(1, eleven, region(eleven.text, "11 دولة")))

    assert response.status_code == 200 and response.json["outcomes"][0]["outcome"] == "accepted"
    assert db.session.scalar(select(Claim.verdict_count)) == 1
    assert db.session.scalar(select(Annotation.deleted_at)) is None
