"""Label Studio webhook bodies shaped as Label Studio 1.23.2 sends them (see ../shared/LABEL_STUDIO.md):
per-region results share the region's id and repeat its start/end/text."""
from itertools import count

from schemas.labelstudio import AnnotationSchema

_ids = count(1)
T0, T1, T2 = "2026-11-22T10:00:00.000000Z", "2026-11-22T10:05:00.000000Z", "2026-11-22T10:09:00.000000Z"


def region(span_text: str, fragment: str, verdict="disputed", *, supports=(), refutes=(),
           urls_supporting=(), urls_refuting=(), region_id=None, occurrence=0) -> list[dict]:
    start = -1
    for _ in range(occurrence + 1):
        start = span_text.index(fragment, start + 1)
    end = start + len(fragment)
    rid = region_id or f"r{next(_ids)}"
    where = {"start": start, "end": end, "text": fragment}
    items = [{"id": rid, "from_name": "claim", "to_name": "text", "type": "labels",
              "origin": "manual", "value": {**where, "labels": ["Claim"]}}]
    if verdict is not None:
        items.append({"id": rid, "from_name": "verdict", "to_name": "text", "type": "choices",
                      "value": {**where, "choices": [verdict]}})
    for name, options in (("supports", supports), ("refutes", refutes)):
        if options:
            items.append({"id": rid, "from_name": name, "to_name": "text", "type": "choices",
                          "value": {**where, "choices": list(options)}})
    for name, urls in (("urls_supporting", urls_supporting), ("urls_refuting", urls_refuting)):
        if urls:
            items.append({"id": rid, "from_name": name, "to_name": "text", "type": "textarea",
                          "value": {**where, "text": list(urls)}})
    return items


def annotation(ls_id: int, task_id: int, result: list, updated_at: str, *, user=1, cancelled=False) -> dict:
    return {"id": ls_id, "result": result, "completed_by": user, "task": task_id,
            "was_cancelled": cancelled, "ground_truth": False,
            "created_at": "2026-11-22T10:00:00.000000Z", "updated_at": updated_at, "lead_time": 12.5}


def webhook(action: str, ann: dict, span_id: int | None) -> dict:
    data = {"text": "...", "span_id": span_id} if span_id is not None else {"text": "..."}
    return {"action": action, "annotation": ann,
            "task": {"id": ann["task"], "data": data, "meta": {"span_id": span_id}},
            "project": {"id": 1, "title": "fact", "token": "invite-token-never-stored"}}


def created(ls_id, span, result, at=T0, user=1) -> dict:
    """ANNOTATION_CREATED for annotation `ls_id` on the task of `span` (task 500 + ls_id)."""
    return webhook("ANNOTATION_CREATED", annotation(ls_id, 500 + ls_id, result, at, user=user), span.id)


def updated(ls_id, span, result, at=T1, user=1) -> dict:
    return webhook("ANNOTATION_UPDATED", annotation(ls_id, 500 + ls_id, result, at, user=user), span.id)


def loaded(ls_id, span, result, at=T0, user=1, cancelled=False, task=None):
    """An annotation as sync reads it from Label Studio: loaded by our schema, with its task's data."""
    raw = annotation(ls_id, task or 500 + ls_id, result, at, user=user, cancelled=cancelled)
    return AnnotationSchema().load(raw), {"span_id": span.id} if span is not None else {}


def deleted(*ls_ids: int) -> dict:
    return {"action": "ANNOTATIONS_DELETED", "annotations": [{"id": i} for i in ls_ids],
            "project": {"id": 1, "token": "invite-token-never-stored"}}


def offer(span, *choices: str) -> None:
    """Record that the task of `span` offered these sources ("span:N", "article:N"), as serving it does."""
    from fact.extensions import db
    from fact.services.tasks.payloads import record_offers

    record_offers([{"data": {"span_id": span.id, "form": {"sources": [{"value": c} for c in choices]}}}])
    db.session.commit()
