"""Pagination of SQL queries for smorest's @blp.paginate(): the totals go in the X-Pagination header."""
from collections.abc import Callable

from sqlalchemy import Select, func, select

from fact.extensions import db


def paginate(statement: Select, pagination_parameters, total: Select | None = None,
             page: Callable[[int, int, int], Select] | None = None) -> list:
    """One page of `statement`'s rows; tells smorest the total so that it can fill X-Pagination.

    `total` is a query of that total when there is a cheaper one than counting `statement`'s rows;
    `page(offset, limit, total)` a query of the page when the best one depends on where it lies.
    """
    if total is None:
        total = select(func.count()).select_from(statement.order_by(None).subquery())
    total = db.session.scalar(total)
    pagination_parameters.item_count = total
    offset, limit = pagination_parameters.first_item, pagination_parameters.page_size
    if offset >= total:  # past the last page: nothing to read (and no OFFSET past the backend's integers)
        return []
    rows = page(offset, limit, total) if page else statement.limit(limit).offset(offset)
    return list(db.session.scalars(rows))
