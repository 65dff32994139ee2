"""Pagination of SQL queries for smorest's @blp.paginate(): the totals go in the X-Pagination header.

A list with a sort can also be read by keyset (an `after` cursor, schemas/pagination.py): each page
starts past the previous page's last row instead of counting rows up to it, so that a deep page
costs what the first does. X-Pagination then carries `next_after`, the cursor of the next page.
"""
import json
from collections.abc import Callable

import flask_smorest
from sqlalchemy import ColumnElement, Select, func, select

from fact.extensions import db
from schemas.pagination import encode_cursor

_PAGE_NUMBERS = ("page", "previous_page", "next_page")


class Blueprint(flask_smorest.Blueprint):
    """smorest's Blueprint, whose X-Pagination also tells the next page's cursor (`next_after`), and,
    for a page read by cursor, no page numbers (it has none)."""

    def _set_pagination_metadata(self, page_params, result, headers):
        metadata = self._make_pagination_metadata(page_params.page, page_params.page_size, page_params.item_count)
        if getattr(page_params, "by_cursor", False):
            for key in _PAGE_NUMBERS:
                metadata.pop(key, None)
        if next_after := getattr(page_params, "next_after", None):
            metadata["next_after"] = next_after
        headers = {} if headers is None else headers
        headers[self.PAGINATION_HEADER_NAME] = json.dumps(metadata)
        return result, headers


def paginate(statement: Select, pagination_parameters, total: Select | None = None,
             page: Callable[[int, int, int], Select] | None = None, sort: str | None = None,
             after: ColumnElement | None = None) -> list:
    """One page of `statement`'s rows; tells smorest the total so that it can fill X-Pagination.

    `total` is a query of that total when there is a cheaper one than counting `statement`'s rows;
    `page(offset, limit, total)` a query of the page when the best one depends on where it lies.
    `sort` (the list's `sort` argument) asks for the next page's cursor; `after` is the condition of
    the cursor given (the rows past it), and the page starts there instead of at `page`'s offset.
    """
    if total is None:
        total = select(func.count()).select_from(statement.order_by(None).subquery())
    total = db.session.scalar(total)
    pagination_parameters.item_count = total
    offset, limit = pagination_parameters.first_item, pagination_parameters.page_size
    if after is not None:
        pagination_parameters.by_cursor = True
        offset = 0
    if offset >= total:  # past the last page: nothing to read (and no OFFSET past the backend's integers)
        return []
    # By cursor, one row more than the page tells whether there is a next one; by page, the total does.
    size = limit + 1 if after is not None else limit
    rows = page(offset, size, total) if page else statement.limit(size).offset(offset)
    rows = list(db.session.scalars(rows if after is None else rows.where(after)))
    more = len(rows) > limit if after is not None else len(rows) == limit and offset + limit < total
    rows = rows[:limit]
    if sort is not None and more:
        pagination_parameters.next_after = encode_cursor(sort, rows[-1])
    return rows
