"""Pagination of SQL queries for smorest's @blp.paginate(): the totals go in the X-Pagination header.

A list with a sort can also be read by keyset (an `after` cursor, schemas/pagination.py): each page
starts past the previous page's last row instead of counting rows up to it, so that a deep page
costs what the first does. X-Pagination then carries `next_after`, the cursor of the next page.

A list counts its rows up to FACT_COUNT_LIMIT (10,000) and no further: counting 942k verdicts took
138 ms at p99 on PostgreSQL, more than the page itself (docs/benchmarks.md, "Claims API"). Past the
limit X-Pagination says `total_at_least` instead of `total`, `total_pages` and `last_page`, and
`next_page` is there while the page is full; GET /api/stats has the exact counts.
"""
import json
from collections.abc import Callable

import flask_smorest
from flask import current_app
from sqlalchemy import ColumnElement, Select

from fact.database import Total, count_rows
from fact.extensions import db
from schemas.pagination import encode_cursor

_PAGE_NUMBERS = ("page", "previous_page", "next_page")
_PAST_THE_COUNT = ("total", "total_pages", "last_page", "next_page")


class Blueprint(flask_smorest.Blueprint):
    """smorest's Blueprint, whose X-Pagination also tells the next page's cursor (`next_after`), for a
    page read by cursor no page numbers (it has none), and for a count past the limit its lower bound."""

    def _set_pagination_metadata(self, page_params, result, headers):
        total: Total = page_params.total
        metadata = self._make_pagination_metadata(page_params.page, page_params.page_size, total.count)
        if total.capped:
            for key in _PAST_THE_COUNT:
                metadata.pop(key, None)
            metadata["total_at_least"] = total.count
            metadata["page"] = page_params.page
            if page_params.page > 1:
                metadata["previous_page"] = page_params.page - 1
            if getattr(page_params, "more", False):
                metadata["next_page"] = page_params.page + 1
        if getattr(page_params, "by_cursor", False):
            for key in _PAGE_NUMBERS:
                metadata.pop(key, None)
        if next_after := getattr(page_params, "next_after", None):
            metadata["next_after"] = next_after
        headers = {} if headers is None else headers
        headers[self.PAGINATION_HEADER_NAME] = json.dumps(metadata)
        return result, headers


def paginate(statement: Select, pagination_parameters, rows: Select | None = None,
             page: Callable[[int, int, Total], Select] | None = None, sort: str | None = None,
             after: ColumnElement | None = None) -> list:
    """One page of `statement`'s rows; tells smorest the total so that it can fill X-Pagination.

    `rows` is a cheaper query with as many rows as `statement` to count, when there is one;
    `page(offset, limit, total)` a query of the page when the best one depends on where it lies.
    `sort` (the list's `sort` argument) asks for the next page's cursor; `after` is the condition of
    the cursor given (the rows past it), and the page starts there instead of at `page`'s offset.
    """
    total = count_rows(db.session, statement if rows is None else rows, current_app.config["FACT_COUNT_LIMIT"])
    pagination_parameters.total = total
    pagination_parameters.item_count = total.count
    offset, limit = pagination_parameters.first_item, pagination_parameters.page_size
    if after is not None:
        pagination_parameters.by_cursor = True
        offset = 0
    if offset >= total.count and not total.capped:  # past the last page: nothing to read (and no OFFSET
        return []  # past the backend's integers)
    # One row more than the page tells whether there is a next one, when the total cannot.
    peek = after is not None or total.capped
    rows_read = page(offset, limit + 1 if peek else limit, total) if page else (
        statement.limit(limit + 1 if peek else limit).offset(offset))
    found = list(db.session.scalars(rows_read if after is None else rows_read.where(after)))
    more = len(found) > limit if peek else len(found) == limit and offset + limit < total.count
    found = found[:limit]
    pagination_parameters.more = more
    if sort is not None and more:
        pagination_parameters.next_after = encode_cursor(sort, found[-1])
    return found
