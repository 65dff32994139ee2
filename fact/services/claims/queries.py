"""The filters of GET /api/claims, /api/verdicts and /api/articles/<id>/claims, in one place.

Both lists take the same query arguments (schemas/claims.py). Claims are filtered on their stored
aggregate and, for what concerns verdicts (label, annotator, time), with one semi-join on the counting
verdicts, so that the conditions hold for the same verdict and the planner can use the verdict
indexes instead of joining a million rows; a time range with one bound alone (`since` or `until`)
reads the claim's stored newest or oldest counting verdict time instead. Verdicts are filtered on their own columns and their
claim's aggregate. Either list is read past an `after` cursor (keyset pages) by claims_after or
verdicts_after: (sort column, id) beyond the cursor's.
"""
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, func, literal, select, tuple_
from sqlalchemy.orm import contains_eager, joinedload, load_only, selectinload

from fact.database import Total
from fact.extensions import db
from fact.models import Article, Claim, ClaimOrigin, Evidence, Outlet, Verdict
from fact.search import claim_text_contains
from fact.text.normalize import normalize_query
from fact.services.claims.votes import CURRENT

CLAIM_SORTS = {"id": Claim.id, "updated_at": Claim.updated_at, "verdict_count": Claim.verdict_count}
VERDICT_SORTS = {"id": Verdict.id, "created_at": Verdict.created_at}


def _article_ids(args: dict) -> Select | None:
    """The articles an outlet, story or publication-date filter allows, or None when there is none."""
    where = []
    if "outlet" in args:
        where.append(Article.outlet_id.in_(select(Outlet.id).where(Outlet.name == args["outlet"])))
    if "story_cluster_id" in args:
        where.append(Article.story_cluster_id == args["story_cluster_id"])
    if "published_since" in args:
        where.append(Article.published_at >= args["published_since"])
    if "published_until" in args:
        where.append(Article.published_at <= args["published_until"])
    return select(Article.id).where(*where) if where else None


def _verdict_conditions(args: dict, label_key: str) -> list[ColumnElement]:
    """Conditions on one counting verdict: its label (under `label_key`), annotator and time."""
    where = [CURRENT]
    if label_key in args:
        where.append(Verdict.label == args[label_key])
    if "annotator_id" in args:
        where.append(Verdict.annotator_id == args["annotator_id"])
    if "since" in args:
        where.append(Verdict.created_at >= args["since"])
    if "until" in args:
        where.append(Verdict.created_at <= args["until"])
    return where


def _claim_conditions(args: dict) -> list[ColumnElement]:
    """Conditions on the claim itself: its article and its aggregate."""
    where = []
    if "article_id" in args:
        where.append(Claim.article_id == args["article_id"])
    if (articles := _article_ids(args)) is not None:
        where.append(Claim.article_id.in_(articles))
    if "verdict" in args:
        where.append(Claim.label == args["verdict"])
    if "agreement" in args:
        where.append(Claim.agreement == args["agreement"])
    if "adjudicated" in args:
        adjudicated = Claim.adjudicated_label.is_not(None)
        where.append(adjudicated if args["adjudicated"] else ~adjudicated)
    if "q" in args:
        where += claim_text_contains(normalize_query(args["q"]), db.engine.dialect.name)
    if "origin" in args:
        where.append(Claim.origin == args["origin"])
    return where


def _narrow(args: dict) -> bool:
    """Whether the claims are already narrowed to some articles (then verdicts are probed per claim)."""
    return any(key in args for key in ("article_id", "outlet", "story_cluster_id", "published_since",
                                       "published_until"))


def _order(columns: dict, sort: str, tiebreak) -> list:
    column = columns[sort.lstrip("-")]
    descending = sort.startswith("-")
    ordered = [column.desc() if descending else column]
    if column is not tiebreak:
        ordered.append(tiebreak.desc() if descending else tiebreak)
    return ordered


def _after(columns: dict, args: dict, tiebreak) -> ColumnElement | None:
    """The rows past `args["after"]` in its sort: (sort column, id) beyond the cursor's, ties broken by id.

    One row-value comparison, which both backends answer from an index on (column, id) as a range.
    """
    if (cursor := args.get("after")) is None:
        return None
    column = columns[cursor.sort.lstrip("-")]
    descending = cursor.sort.startswith("-")
    if column is tiebreak:
        return tiebreak < cursor.id if descending else tiebreak > cursor.id
    key, position = tuple_(column, tiebreak), tuple_(literal(cursor.value, column.type), literal(cursor.id))
    return key < position if descending else key > position


def claims_after(args: dict) -> ColumnElement | None:
    """The claims past the `after` cursor of GET /api/claims, or None without one."""
    return _after(CLAIM_SORTS, args, Claim.id)


def verdicts_after(args: dict) -> ColumnElement | None:
    """The verdicts past the `after` cursor of GET /api/verdicts, or None without one."""
    return _after(VERDICT_SORTS, args, Verdict.id)


def _verdict_details(relationship):
    """A page's verdicts in one query (with their annotation and annotator), their sources in another."""
    return selectinload(relationship).options(
        joinedload(Verdict.annotation), joinedload(Verdict.annotator),
        selectinload(Verdict.evidence).joinedload(Evidence.span),
    )


def _one_time_bound(args: dict) -> ColumnElement | None:
    """`since` or `until` alone among the verdict conditions, as a condition on the claim's stored times.

    With both bounds there is none: a claim with counting verdicts only before and after the range
    has its newest after `since` and its oldest before `until`, with no verdict in the range.
    """
    if {"label", "annotator_id"} & args.keys() or ("since" in args) == ("until" in args):
        return None
    if "since" in args:
        return Claim.newest_verdict_at >= args["since"]
    return Claim.oldest_verdict_at <= args["until"]


@dataclass(frozen=True)
class _ClaimFilter:
    """The conditions of claims_query; `verdicts_alone` holds the counting verdicts' own conditions when
    they are the only filter: every listed claim is then the claim of one of those verdicts, so the
    total is counted from the verdict index alone (claims_counted) and the page may be found by
    walking the claims (claims_page_query)."""
    where: list[ColumnElement]
    verdicts_alone: list[ColumnElement] | None = None


def _claims_filter(args: dict, probe: bool = False, past: Sequence[ColumnElement] = ()) -> _ClaimFilter:
    """`probe` asks for each claim's verdicts to be probed by index (a correlated EXISTS, see
    claims_page_query); `past` are conditions on the verdicts that only narrow a page
    (_claims_past_cursor), never the total."""
    where = _claim_conditions(args)
    if (bound := _one_time_bound(args)) is not None:
        # A claim has a counting verdict in the range exactly when its newest (oldest) one is in it.
        return _ClaimFilter(where + [bound])
    verdict_where = _verdict_conditions(args, "label")
    if len(verdict_where) == 1:  # CURRENT alone: no label, annotator or time
        if "agreement" not in args and "verdict" not in args and args.get("origin") != ClaimOrigin.imported:
            # Listed: claims with a counting verdict (implied by the verdict filters below), or a label;
            # a claim from outside is there to be checked: with origin=imported, all are listed.
            where.append(Claim.verdict_count > 0)
        return _ClaimFilter(where)
    if _narrow(args) or probe:
        # A few thousand claims of some articles, or the first pages: probe each claim's verdicts by index.
        where.append(select(Verdict.id).where(Verdict.claim_id == Claim.id, *verdict_where, *past).exists())
        return _ClaimFilter(where)
    # IN, not a correlated EXISTS: SQLite would run EXISTS once per claim of the whole table,
    # but builds an IN list from the verdict indexes once; PostgreSQL plans both alike.
    alone = verdict_where if not where else None
    where.append(Claim.id.in_(select(Verdict.claim_id).where(*verdict_where, *past)))
    return _ClaimFilter(where, alone)


def _claims_past_cursor(args: dict) -> list[ColumnElement]:
    """In id order past a cursor, the same bound on the verdicts' claim_id: PostgreSQL does not carry it
    across a semi-join by itself, and read a label's verdict index from its start at every page."""
    cursor = args.get("after")
    if cursor is None or cursor.sort.lstrip("-") != "id":
        return []
    return [Verdict.claim_id < cursor.id if cursor.sort.startswith("-") else Verdict.claim_id > cursor.id]


def claims_query(args: dict, probe: bool = False) -> Select:
    """Claims matching `args`, with their counting verdicts loaded; sorted by `sort` (default id).

    Without an `agreement` filter only claims with a counting verdict are listed (agreement=none
    lists the others). `probe`: the verdict conditions as a correlated EXISTS (claims_page_query).
    """
    return (
        select(Claim).where(*_claims_filter(args, probe, _claims_past_cursor(args)).where)
        .options(_verdict_details(Claim.current_verdicts), selectinload(Claim.appearances))
        .order_by(*_order(CLAIM_SORTS, args.get("sort", "id"), Claim.id))
    )


def claims_page_query(args: dict, offset: int, limit: int, total: Total) -> Select:
    """The page of claims_query(args) from `offset`, knowing that `total` claims match.

    When only verdict conditions filter, the page is found one of two ways, which list the same
    claims in the same order: build the list of the matching verdicts' claims (IN), reading each of
    them; or walk the claims in sort order and probe each one's verdicts by index (EXISTS) until the
    page is filled, about (offset + limit) * claims / total probes. SQLite runs the form it is given,
    so the walk is chosen while it probes no more claims than the list would read: the first pages
    of a label or a time alone, a third of the claims, take under a millisecond instead of building
    a list of 130k (docs/benchmarks.md, "Claims API"); the last pages keep the list.
    """
    return claims_query(args, _walk_is_cheaper(args, offset, limit, total)).limit(limit).offset(offset)


def _walk_is_cheaper(args: dict, offset: int, limit: int, total: Total) -> bool:
    """Whether walking the claims in order probes fewer of them than the list of matching verdicts reads:
    about (offset + limit) * claims / total probes against `total` claims listed. A count that stopped
    at its limit is a lower bound, as is the page's end: the walk is judged on the larger."""
    matching = max(total.count, offset + limit) if total.capped else total.count
    if _claims_filter(args).verdicts_alone is None or not matching:
        return False
    claims = db.session.scalar(select(func.max(Claim.id))) or 0
    return (offset + limit) * claims <= matching * matching


def claims_counted(args: dict) -> Select:
    """As many rows as claims_query(args) lists, cheaper to count.

    When only verdict conditions filter (annotator, label, time), the distinct claims of the matching
    verdicts, read from the verdict index: probing each claim's primary key to count an annotator's
    10k claims took most of a request at a million verdicts (docs/benchmarks.md, "Claims API").
    Verdicts cannot outlive their claim (a foreign key, ON DELETE CASCADE), so the two counts agree.

    A time range with one bound alone never gets here: it is a range of the claims' stored newest
    (oldest) counting verdict time (_one_time_bound), counted from that index.
    """
    found = _claims_filter(args)
    if found.verdicts_alone is None:
        return select(Claim.id).where(*found.where)
    return select(Verdict.claim_id).where(*found.verdicts_alone).distinct()


def claim_detail_query(claim_id: int) -> Select:
    """One claim with its counting verdicts, its whole history and its adjudications."""
    return (
        select(Claim).where(Claim.id == claim_id)
        .options(_verdict_details(Claim.current_verdicts), _verdict_details(Claim.verdicts),
                 selectinload(Claim.adjudications), selectinload(Claim.appearances))
    )


def verdicts_counted(args: dict) -> Select:
    """As many rows as verdicts_query(args) lists: without a condition on their claim, the verdicts
    alone (a verdict cannot outlive its claim: a foreign key, ON DELETE CASCADE), which a partial index
    answers (with the join, 871 against 133 ms for a million verdicts on SQLite)."""
    verdict_where, claim_where = _verdict_conditions(args, "label"), _claim_conditions(args)
    if not claim_where:
        return select(Verdict.id).where(*verdict_where)
    return select(Verdict.id).join(Verdict.claim).where(*verdict_where, *claim_where)


def verdicts_query(args: dict) -> Select:
    """Counting verdicts matching `args` (`label` is the verdict's own, `verdict` its claim's)."""
    where = _verdict_conditions(args, "label") + _claim_conditions(args)
    return (
        select(Verdict).join(Verdict.claim).where(and_(*where))
        .options(
            contains_eager(Verdict.claim).joinedload(Claim.article).options(
                load_only(Article.id, Article.outlet_id), joinedload(Article.outlet)),
            joinedload(Verdict.annotation), joinedload(Verdict.annotator),
            selectinload(Verdict.evidence).joinedload(Evidence.span),
        )
        .order_by(*_order(VERDICT_SORTS, args.get("sort", "id"), Verdict.id))
    )
