"""Label Studio payloads as they reach us: webhook bodies and annotations from the API.

Label Studio does not validate results against the labeling config, so these schemas check the
shape, and fact.services.annotations checks the meaning (offsets, labels, cited sources).
"""
from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate

ANNOTATION_ACTIONS = ("ANNOTATION_CREATED", "ANNOTATION_UPDATED")
DELETE_ACTION = "ANNOTATIONS_DELETED"


class _Lenient(Schema):
    class Meta:
        unknown = EXCLUDE  # Label Studio adds fields between versions; we read only what we need


class IdOrObject(fields.Field):
    """Label Studio sends some references as an id, some as an object with an `id` (and more)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, dict):
            value = value.get("id")
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError("Not an id or an object with an id.")
        return value


class ResultItemSchema(_Lenient):
    id = fields.Str(required=True, validate=validate.Length(min=1))
    from_name = fields.Str(required=True)
    to_name = fields.Str(load_default=None)
    type = fields.Str(required=True)
    value = fields.Dict(required=True)


class AnnotationSchema(_Lenient):
    id = fields.Int(required=True, strict=True)
    task = IdOrObject(required=True)
    completed_by = fields.Raw(load_default=None)
    result = fields.List(fields.Raw(), load_default=list)
    was_cancelled = fields.Bool(load_default=False)
    created_at = fields.AwareDateTime(load_default=None, default_timezone=None)
    updated_at = fields.AwareDateTime(required=True)

    @pre_load
    def updated_defaults_to_created(self, data, **_kwargs):
        if isinstance(data, dict) and not data.get("updated_at") and data.get("created_at"):
            data = {**data, "updated_at": data["created_at"]}
        return data


class TaskRefSchema(_Lenient):
    id = fields.Int(required=True, strict=True)
    data = fields.Dict(load_default=dict)


class WebhookSchema(_Lenient):
    action = fields.Str(required=True)
    annotation = fields.Nested(AnnotationSchema)
    task = fields.Nested(TaskRefSchema)
    annotations = fields.List(fields.Nested(_Lenient.from_dict({"id": fields.Int(required=True, strict=True)})))


class AppliedSchema(Schema):
    ls_annotation_id = fields.Int()
    outcome = fields.Str(metadata={"description": "accepted, rejected, duplicate, stale, deleted, deleted-before, unknown"})
    reason = fields.Str(allow_none=True)


class WebhookOutcomeSchema(Schema):
    action = fields.Str()
    outcomes = fields.List(fields.Nested(AppliedSchema))
