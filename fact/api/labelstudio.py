from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint, abort

from fact.api.auth import WEBHOOK_SECRET, secret_header_required
from fact.api.limits import database_time_limit
from fact.extensions import db
from fact.services.annotations.spool import apply_delivery, describe, is_transient, spool
from schemas.labelstudio import ANNOTATION_ACTIONS, DELETE_ACTION, WebhookOutcomeSchema, WebhookSchema

blp = Blueprint("labelstudio", __name__, description="Label Studio's webhook")


@blp.route("/labelstudio/webhook")
class Webhook(MethodView):
    @secret_header_required
    @database_time_limit("FACT_WEBHOOK_DB_TIMEOUT_MS")
    @blp.arguments(WebhookSchema)
    @blp.response(200, WebhookOutcomeSchema)
    @blp.doc(security=WEBHOOK_SECRET)
    @blp.alt_response(202, schema=WebhookOutcomeSchema, description=(
        "The database could not take the delivery: it is queued, and the worker applies it with retries "
        "(each annotation's outcome is \"queued\")."))
    def post(self, payload):
        """Receive an annotation created, updated or deleted in Label Studio (it waits 1 s for us, once)."""
        action = payload["action"]
        if action in ANNOTATION_ACTIONS and "annotation" not in payload:
            abort(422, errors={"json": {"annotation": [f"{action} needs an annotation."]}})
        try:
            outcomes, status = apply_delivery(payload), 200
        except Exception as error:
            db.session.rollback()
            if not is_transient(error):
                raise
            # Label Studio never sends it again: keep it for the worker rather than lose it.
            try:
                outcomes, status = spool(payload), 202
            except Exception:
                current_app.logger.exception("webhook %s: the queue failed too", action)
                raise error from None  # the database's failure, which answers 503
            current_app.logger.warning("webhook %s: the database failed (%s): queued", action,
                                       type(getattr(error, "orig", None) or error).__name__)
        current_app.logger.info("webhook %s: %s", action, describe(outcomes))
        return {"action": action, "outcomes": outcomes}, status
