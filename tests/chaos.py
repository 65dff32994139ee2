"""Mixed deliveries (created, updated, deleted, repeated) of a few annotations, sent to a running server
many at once or one by one, and the state they leave: shared by tests/test_concurrency_server.py and
bench/chaos.py, which compare the two.

The state compared is what a user relies on, not the audit trail (which records the order things came
in): per annotation, whether it counts and with which revision; per claim with a counting verdict, its
stored aggregate; the counting verdicts. Every revision highlights one of a few fixed stretches of its
sentence that do not overlap, so which claim a highlight joins does not depend on what came first.
"""
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select, text

from fact.extensions import db
from fact.models import Annotation, AnnotationRevision, Claim, Span, Verdict
from fact.services.claims.aggregate import aggregate
from fact.services.claims.votes import labels_by_claim
from tests.payloads import annotation, deleted, region, webhook

SECRET_HEADER = "X-Fact-Webhook-Secret"
LABELS = ("corroborated", "disputed", "unverifiable")
BASE = datetime(2026, 11, 22, 10, 0, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Delivery:
    moment: datetime  # when Label Studio made it: the order of applying them one by one
    body: dict


def stretches(text_: str) -> list[str]:
    """Two stretches of a sentence that do not overlap: its first three words and its last three."""
    words = text_.split()
    first, last = " ".join(words[:3]), " ".join(words[-3:])
    if len(words) < 8 or text_.count(first) != 1 or text_.count(last) != 1:
        return []
    return [first, last]


def sentences(limit: int = 8) -> list[tuple[int, str, list[str]]]:
    """Seeded sentences with two stretches each: (span id, text, stretches)."""
    found = []
    for span in db.session.scalars(select(Span).where(Span.kind == "sentence").order_by(Span.id)):
        if len(found) == limit:
            break
        if parts := stretches(span.text):
            found.append((span.id, span.text, parts))
    return found


def deliveries(spans: list[tuple[int, str, list[str]]], annotations: int = 20, total: int = 300,
               seed: int = 7, first_id: int = 1) -> list[Delivery]:
    """About `total` deliveries over `annotations` annotations, shuffled: revisions (one in six
    invalid), deletes of a third of the annotations (some twice), and repeats of any of them."""
    rng = random.Random(seed)
    made: list[Delivery] = []
    for n in range(annotations):
        ls_id, (span_id, span_text, parts) = first_id + n, spans[n % len(spans)]
        # One annotator per annotation, as Label Studio gives each user one annotation of a task: of two,
        # the vote is the one that arrived later (fact.services.claims.votes), which is an order.
        user, moment = n + 1, BASE + timedelta(minutes=n, microseconds=rng.randrange(10**6))
        for version in range(rng.randint(2, 6)):
            moment += timedelta(seconds=rng.randint(1, 90), microseconds=rng.randrange(10**6))
            result = region(span_text, rng.choice(parts), rng.choice(LABELS), region_id=f"r{ls_id}",
                            urls_supporting=["https://example.org/a"] if rng.random() < 0.3 else ())
            if rng.random() < 1 / 6:
                result[1]["value"]["choices"] = ["maybe"]  # rejected: not a verdict of the config
            body = webhook("ANNOTATION_UPDATED" if version else "ANNOTATION_CREATED",
                           annotation(ls_id, 9000 + ls_id, result, stamp(moment), user=user), span_id)
            made.append(Delivery(moment, body))
        if rng.random() < 1 / 3:
            for _ in range(rng.choice((1, 1, 2))):
                made.append(Delivery(moment + timedelta(seconds=1), deleted(ls_id)))
    while len(made) < total:
        made.append(rng.choice(made))
    rng.shuffle(made)
    return made


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class Sent:
    seconds: list[float]
    statuses: list[int]
    wall: float

    @property
    def server_errors(self) -> int:
        return sum(status >= 500 for status in self.statuses)

    @property
    def queued(self) -> int:
        return self.statuses.count(202)


def send(base_url: str, secret: str, items: list[Delivery], threads: int) -> Sent:
    """POST every delivery to the webhook from `threads` clients at once (1: one by one, in order)."""
    import requests

    local = threading.local()

    def post(delivery: Delivery) -> tuple[float, int]:
        if not hasattr(local, "session"):
            local.session = requests.Session()
            local.session.headers[SECRET_HEADER] = secret
        started = time.perf_counter()
        answer = local.session.post(f"{base_url}/api/labelstudio/webhook", json=delivery.body, timeout=60)
        return time.perf_counter() - started, answer.status_code

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        done = list(pool.map(post, items))
    return Sent([s for s, _ in done], [status for _, status in done], time.perf_counter() - started)


def apply_as_sync(app, items: list[Delivery], share: float = 1 / 3, size: int = 7, seed: int = 1) -> int:
    """Apply a share of the annotation deliveries as sync does: in pages, each in one transaction of its
    own, from this process (run it in a thread beside the server's workers); how many pages."""
    from fact.services.annotations.apply import apply_annotations
    from schemas.labelstudio import ANNOTATION_ACTIONS, WebhookSchema

    rng, schema = random.Random(seed), WebhookSchema()
    chosen = [schema.load(d.body) for d in items if d.body["action"] in ANNOTATION_ACTIONS and rng.random() < share]
    pairs = [(payload["annotation"], payload["task"]["data"]) for payload in chosen]
    with app.app_context():
        for start in range(0, len(pairs), size):
            apply_annotations(pairs[start : start + size], via="sync")
            db.session.commit()
        db.session.remove()
    return -(-len(pairs) // size)


def queue_settings(folder) -> dict[str, str]:
    """The server's settings for a queue of this run's own (not the checkout's instance/queue.db)."""
    return {"FACT_QUEUE_URL": f"sqlite:///{folder / 'queue.db'}"}


def drain(app, settings: dict[str, str]) -> int:
    """Apply what the webhook queued (answered 202 when the database was busy), as `flask fact worker`
    does, until nothing is left; how many there were."""
    from fact.services.annotations.spool import queue

    app.config.update(settings)
    huey, done = queue(app), 0
    while (task := huey.dequeue()) is not None:
        huey.execute(task)
        done += 1
    return done


def one_by_one(items: list[Delivery]) -> list[Delivery]:
    """The same deliveries in the order Label Studio made them (a delete after its annotation's revisions)."""
    return sorted(items, key=lambda d: d.moment)


def state() -> dict:
    """What the deliveries left, without ids and times that differ between two equal states."""
    db.session.expire_all()
    accepted = dict(db.session.execute(
        select(Annotation.ls_annotation_id, AnnotationRevision.result_hash)
        .join(AnnotationRevision, AnnotationRevision.annotation_id == Annotation.id)
        .where(AnnotationRevision.status == "accepted")).all())
    annotations = {ls_id: ("deleted" if deleted_at else "counts", accepted.get(ls_id) if not deleted_at else None)
                   for ls_id, deleted_at in db.session.execute(
                       select(Annotation.ls_annotation_id, Annotation.deleted_at))}
    claims = sorted(db.session.execute(
        select(Claim.article_id, Claim.start, Claim.end, Claim.verdict_count, Claim.label, Claim.majority_label,
               Claim.agreement).where(Claim.verdict_count > 0)).all())
    verdicts = sorted(db.session.execute(
        select(Annotation.ls_annotation_id, Claim.start, Claim.end, Verdict.label, Verdict.annotator_id)
        .join(Annotation, Verdict.annotation_id == Annotation.id).join(Claim, Verdict.claim_id == Claim.id)
        .where(Verdict.superseded_at.is_(None))).all())
    return {"annotations": annotations, "claims": claims, "verdicts": verdicts}


def wrong(expected: dict, got: dict) -> int:
    """How many annotations, counting claims and counting verdicts differ between two states."""
    ids = expected["annotations"].keys() | got["annotations"].keys()
    annotations = sum(expected["annotations"].get(i) != got["annotations"].get(i) for i in ids)
    return annotations + sum(len(set(expected[part]) ^ set(got[part])) for part in ("claims", "verdicts"))


def recount_mismatches() -> list[int]:
    """Claims whose stored verdict_count or label is not what counting their verdicts again gives."""
    stored = {row.id: row for row in db.session.execute(
        select(Claim.id, Claim.verdict_count, Claim.majority_label, Claim.agreement))}
    by_claim = labels_by_claim(stored)
    return sorted(claim_id for claim_id, labels in by_claim.items()
                  if (len(labels), *aggregate(list(labels.values())))
                  != (stored[claim_id].verdict_count, stored[claim_id].majority_label, stored[claim_id].agreement))


def duplicates() -> int:
    """Counting verdicts beyond one per annotation and claim, and revisions stored twice."""
    counting = Verdict.superseded_at.is_(None)
    verdicts = db.session.scalar(select(func.count()).select_from(Verdict).where(counting)) - db.session.scalar(
        select(func.count()).select_from(
            select(Verdict.annotation_id, Verdict.claim_id).where(counting).distinct().subquery()))
    revisions = db.session.scalar(select(func.count()).select_from(AnnotationRevision)) - db.session.scalar(
        select(func.count()).select_from(select(AnnotationRevision.annotation_id, AnnotationRevision.ls_updated_at,
                                                AnnotationRevision.result_hash).distinct().subquery()))
    return verdicts + revisions


def forget() -> None:
    """Empty what deliveries write, so that the same server applies them again from nothing."""
    db.session.rollback()
    for table in ("evidence", "verdicts", "annotation_revisions", "annotations", "claims"):
        db.session.execute(text(f"DELETE FROM {table}"))
    db.session.commit()
