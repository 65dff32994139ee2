"""Label Studio payloads as they reach us: webhook bodies and annotations from the API.

Label Studio does not validate results against the labeling config, so these schemas check the
shape, and fact.services.annotations.apply checks the meaning (offsets, labels, cited sources).
"""
from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate, validates

from schemas.fields import INT_MAX, Id, Json, Text

ANNOTATION_ACTIONS = ("ANNOTATION_CREATED", "ANNOTATION_UPDATED")
DELETE_ACTION = "ANNOTATIONS_DELETED"


class _Lenient(Schema):
    class Meta:
        unknown = EXCLUDE  # Label Studio adds fields between versions; we read only what we need


def _in_range(value) -> None:
    if not 1 <= value <= INT_MAX:
        raise ValidationError(f"An id must be from 1 to {INT_MAX}.")


class IdOrObject(fields.Field):
    """Label Studio sends some references as an id, some as an object with an `id` (and more)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, dict):
            value = value.get("id")
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError("Not an id or an object with an id.")
        _in_range(value)
        return value


class UserRef(Json):
    """completed_by: a user id or a user object. Only its id and e-mail are stored, so only they must fit;
    a missing id is the service's to reject (the revision is kept, with its reason)."""

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        user_id, email = (value.get("id"), value.get("email")) if isinstance(value, dict) else (value, None)
        if isinstance(user_id, int) and not isinstance(user_id, bool):
            _in_range(user_id)
        if email is not None and (not isinstance(email, str) or len(email) > 320):
            raise ValidationError("The e-mail must be a string of at most 320 characters.")
        return value


class ResultItemSchema(_Lenient):
    id = Text(required=True, validate=validate.Length(min=1, max=200))
    from_name = Text(required=True)
    to_name = Text(load_default=None)
    type = Text(required=True)
    value = fields.Dict(required=True)


class AnnotationSchema(_Lenient):
    id = Id(required=True, strict=True)
    task = IdOrObject(required=True)
    completed_by = UserRef(load_default=None)
    result = fields.List(Json(), load_default=list, metadata={"description": "Stored as sent, in its revision"})
    was_cancelled = fields.Bool(load_default=False)
    created_at = fields.AwareDateTime(load_default=None, default_timezone=None)
    updated_at = fields.AwareDateTime(required=True)

    @pre_load
    def updated_defaults_to_created(self, data, **_kwargs):
        if isinstance(data, dict) and not data.get("updated_at") and data.get("created_at"):
            data = {**data, "updated_at": data["created_at"]}
        return data


class TaskRefSchema(_Lenient):
    id = Id(required=True, strict=True)
    data = Json(load_default=dict)

    @validates("data")
    def span_id_in_range(self, data, **_kwargs):
        if not isinstance(data, dict):
            raise ValidationError("Not an object.")
        if isinstance(data.get("span_id"), int) and not isinstance(data["span_id"], bool):
            _in_range(data["span_id"])


class WebhookSchema(_Lenient):
    action = Text(required=True, validate=validate.Length(max=100))
    annotation = fields.Nested(AnnotationSchema)
    task = fields.Nested(TaskRefSchema)
    annotations = fields.List(fields.Nested(_Lenient.from_dict({"id": Id(required=True, strict=True)})))


class AppliedSchema(Schema):
    ls_annotation_id = fields.Int()
    outcome = fields.Str(metadata={"description": "accepted, rejected, duplicate, stale, deleted, deleted-before, unknown"})
    reason = fields.Str(allow_none=True)


class WebhookOutcomeSchema(Schema):
    action = fields.Str()
    outcomes = fields.List(fields.Nested(AppliedSchema))
