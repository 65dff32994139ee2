from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from sqlalchemy.exc import IntegrityError

from fact.api.auth import secret_header_required
from fact.api.limits import database_time_limit
from fact.extensions import db
from fact.services.annotations import apply_annotation, delete_annotations
from schemas.labelstudio import ANNOTATION_ACTIONS, DELETE_ACTION, WebhookOutcomeSchema, WebhookSchema

blp = Blueprint("labelstudio", __name__, description="Label Studio's webhook")


@blp.route("/labelstudio/webhook")
class Webhook(MethodView):
    @secret_header_required
    @database_time_limit("FACT_WEBHOOK_DB_TIMEOUT_MS")
    @blp.arguments(WebhookSchema)
    @blp.response(200, WebhookOutcomeSchema)
    def post(self, payload):
        """Receive an annotation created, updated or deleted in Label Studio (it waits 1 s for us, once)."""
        try:
            outcomes = _apply(payload)
            db.session.commit()
        except IntegrityError:  # a concurrent delivery of the same annotation won the insert: apply again
            db.session.rollback()
            outcomes = _apply(payload)
            db.session.commit()
        current_app.logger.info("webhook %s: %s", payload["action"],
                                ", ".join(f"{o.ls_annotation_id} {o.outcome}" for o in outcomes) or "nothing to do")
        return {"action": payload["action"], "outcomes": outcomes}


def _apply(payload: dict) -> list:
    action = payload["action"]
    if action in ANNOTATION_ACTIONS:
        if "annotation" not in payload:
            abort(422, errors={"json": {"annotation": [f"{action} needs an annotation."]}})
        task = payload.get("task") or {}
        return [apply_annotation(payload["annotation"], task.get("data"), via=action.lower())]
    if action == DELETE_ACTION:
        ids = [item["id"] for item in payload.get("annotations") or []]
        return delete_annotations(ids, via=action.lower())
    current_app.logger.info("webhook action %s ignored", action)
    return []
