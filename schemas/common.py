"""Pieces shared by several schemas."""
from marshmallow import Schema, ValidationError, validates_schema

# smorest parses these with a schema of its own, so the filter schemas must let them through.
PAGINATION_KEYS = frozenset({"page", "page_size"})


class QueryArgs(Schema):
    """Query-string arguments: an unknown parameter is an error (a typo must not silently widen a filter)."""

    @validates_schema(pass_original=True)
    def reject_unknown(self, _data, original, **_kwargs):
        known = {field.data_key or name for name, field in self.fields.items()} | PAGINATION_KEYS
        unknown = sorted(set(original) - known)
        if unknown:
            raise ValidationError({key: ["Unknown parameter."] for key in unknown})
