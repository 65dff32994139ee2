"""Fields every input schema uses, so that both database backends accept and refuse the same values.

PostgreSQL's INTEGER holds at most 2^31-1 and its text cannot hold NUL; SQLite takes 2^63-1 and NUL.
Checking here, before any query, makes the rule one for both backends, and the answer a 422 with a
field message instead of a database error.
"""
from marshmallow import ValidationError, fields, validate

from fact.text.normalize import normalize_query
from fact.text.rules import string_problem

INT_MAX = 2**31 - 1  # PostgreSQL INTEGER: every id, offset and count column we store or compare with


class _Storable:
    """Refuse what no backend should be given: NUL (PostgreSQL cannot store it) and lone surrogates
    (not Unicode: they cannot be encoded as UTF-8)."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if problem := string_problem(text):  # the rule ingest applies to files too; a regex, fast on 5 MB
            raise ValidationError(problem)
        return text


class Text(_Storable, fields.String):
    """A string every backend stores as given. Give it the column's length: validate.Length(max=n)."""


class SearchQuery(Text):
    """`q`: text to find through the Arabic search normalization; one that normalizes to nothing
    (only diacritics or spaces) would match everything, so it is refused."""

    def __init__(self, **kwargs):
        super().__init__(validate=validate.Length(min=1, max=500), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if not normalize_query(text):
            raise ValidationError("Nothing left to search for after normalization.")
        return text


class Url(_Storable, fields.Url):
    """A URL every backend stores as given."""


class Json(fields.Raw):
    """Any JSON value, stored as given (a JSON column): every string in it, keys too, must be storable."""

    def _deserialize(self, value, attr, data, **kwargs):
        pending = [value]
        while pending:  # iterative: the request guard bounds the depth, nothing bounds the breadth
            item = pending.pop()
            if isinstance(item, dict):
                pending += [*item.keys(), *item.values()]
            elif isinstance(item, list):
                pending += item
            elif isinstance(item, str) and (problem := string_problem(item)):
                raise ValidationError(problem)
        return value


class Integer(fields.Integer):
    """A whole number within the INTEGER column it is stored in or compared with (default 0..2^31-1)."""

    def __init__(self, *, minimum: int = 0, maximum: int = INT_MAX, **kwargs):
        super().__init__(validate=validate.Range(min=minimum, max=maximum), **kwargs)


class Id(Integer):
    """A row id, ours or Label Studio's: 1..2^31-1 (a larger one cannot name a stored row)."""

    def __init__(self, **kwargs):
        super().__init__(minimum=1, **kwargs)
