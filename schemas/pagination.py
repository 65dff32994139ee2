"""The `after` cursor of keyset pages: where the previous page ended, in the list's sort.

A cursor is base64url of the JSON `[sort, value of the sort column, id]` of a page's last row. It is
opaque to clients (they send back the `next_after` of X-Pagination) but not secret: a hand-made one
names a position in the list, nothing more, so it is checked for shape, types and ranges (a 422 with
a field message, the same on both backends), not signed.
"""
import base64
import binascii
import json
from datetime import datetime, timezone
from typing import Any, NamedTuple

from marshmallow import Schema, ValidationError, fields, validates_schema

from schemas.fields import INT_MAX

_BAD = "Not a cursor of this list: send back the next_after of X-Pagination."


class Cursor(NamedTuple):
    sort: str  # as the list's `sort` argument: a column name, `-` for descending
    value: Any  # that column's value in the last row (the id itself when sorting by id)
    id: int


def encode_cursor(sort: str, row) -> str:
    """The cursor of the page after `row`, in the list sorted by `sort`."""
    value = getattr(row, sort.lstrip("-"))
    if isinstance(value, datetime):
        value = value.isoformat()
    raw = json.dumps([sort, value, row.id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _integer(value, minimum: int) -> int:
    if type(value) is not int or not minimum <= value <= INT_MAX:  # bool is an int: not a count
        raise ValidationError(_BAD)
    return value


def _time(value) -> datetime:
    try:
        when = datetime.fromisoformat(value) if isinstance(value, str) else None
        if when is None or when.utcoffset() is None:
            raise ValidationError(_BAD)
        return when.astimezone(timezone.utc)
    except (ValueError, OverflowError):  # not ISO, or out of range once in UTC
        raise ValidationError(_BAD) from None


class CursorField(fields.String):
    """An `after` cursor, decoded to a Cursor. `sorts` maps each sort column to its kind: id, count or time."""

    _KINDS = {"id": lambda value: _integer(value, 1), "count": lambda value: _integer(value, 0), "time": _time}

    def __init__(self, sorts: dict[str, str], **kwargs):
        super().__init__(**kwargs)
        self.sorts = sorts

    def _deserialize(self, value, attr, data, **kwargs) -> Cursor:
        text = super()._deserialize(value, attr, data, **kwargs)
        if len(text) > 200:  # ours are under 120 characters; a long one is not worth decoding
            raise ValidationError(_BAD)
        try:
            decoded = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
        except (binascii.Error, ValueError):  # not base64, not UTF-8 or not JSON
            raise ValidationError(_BAD) from None
        if not isinstance(decoded, list) or len(decoded) != 3 or not isinstance(decoded[0], str):
            raise ValidationError(_BAD)
        sort, value, id_ = decoded
        kind = self.sorts.get(sort.removeprefix("-"))
        if kind is None:
            raise ValidationError(_BAD)
        return Cursor(sort, self._KINDS[kind](value), _integer(id_, 1))


class KeysetArgs(Schema):
    """A list's query arguments with an `after` cursor (declare it: `after = CursorField(sorts)`).

    `after` and `page` are two ways to say where a page starts: given both, neither wins.
    """

    @validates_schema(pass_original=True)
    def one_start(self, data, original, **_kwargs):
        if "after" not in data:
            return
        if "page" in original:
            raise ValidationError("Give page or after, not both.", "after")
        if data["after"].sort != data["sort"]:
            raise ValidationError(f"This cursor is of the list sorted by {data['after'].sort}: "
                                  f"ask with that sort, or start again without after.", "after")


def after_field(sorts: dict[str, str]) -> CursorField:
    return CursorField(sorts, metadata={
        "description": "Start after this cursor (the next_after of X-Pagination), instead of a page number"})
