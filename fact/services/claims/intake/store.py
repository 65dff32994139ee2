"""Store one claim from outside: a new claim, or one more appearance of the claim it already is.

A claim is found by its key, the sha256 of its search form (fact.text.normalize.normalize_for_search:
Arabic diacritics and letter forms, spaces and case folded), so the same claim typed twice is one
claim. What the new record knows and the claim does not (its claimant, date, language, an outside
rating, our label for that rating) is filled in; what the claim knows is never overwritten. Each place
it appeared is kept once, found again by its key, so that importing a record twice adds nothing.
The caller commits (or rolls back to its savepoint): a record is stored whole or not at all.

These rules (new_claim, fill_in, new_appearances, outcome) are the only ones: take_claim applies them
to one record (POST /api/claims, a chunk that fell back to one record at a time), batch.store_chunk to
a chunk of a file's records in a few statements.
"""
import hashlib
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from fact.extensions import db
from fact.models import Claim, ClaimAppearance, ClaimOrigin
from fact.models.claims import IMPORTED
from fact.services.claims.intake.verdicts import VerdictMap
from fact.services.ingest.urls import url_key
from fact.text.normalize import normalize_for_search

CREATED, MERGED, UNCHANGED = "created", "merged", "unchanged"
_FILLED = ("claimant", "claim_date", "language")
# What a record may fill in on a claim that does not know it yet.
FILLED_IN = (*_FILLED, "outside_rating", "outside_source", "outside_url", "outside_label")


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def claim_key(text: str) -> str:
    """What identifies an imported claim: its text in the search form, hashed to fit a unique index."""
    return _sha256(normalize_for_search(text))


def appearance_key(page: str | None, origin: str, date, author: str | None) -> str:
    """The page when its URL is known (`page`: its url_key); else the file (or `api`) it came from, with
    its date and author, so that a record without a URL is still found again when imported again."""
    if page is not None:
        return _sha256(f"url {page}")
    return _sha256(f"record {origin}\x1f{date or ''}\x1f{author or ''}")


@dataclass(frozen=True)
class Taken:
    claim_id: int
    outcome: str  # CREATED, MERGED (something new for a claim already there) or UNCHANGED
    appearances: int  # new appearances
    # The outside verdict of the record when the claim already had another one (kept; this one is not).
    other_verdict: str | None = None


def take_claim(data: dict, verdicts: VerdictMap, origin: str, line: int | None = None) -> Taken:
    """Store `data` (schemas.claim_imports.ClaimCreateSchema's) from `origin` (a file's name, or `api`),
    its line or record number `line`, with our label for its outside rating from `verdicts`."""
    key = claim_key(data["text"])
    claim, created = _find(key), False
    if claim is None:
        try:
            with db.session.begin_nested():  # another writer may store the same claim first (PostgreSQL)
                claim = Claim(**new_claim(data["text"]))
                db.session.add(claim)
                db.session.flush()
        except IntegrityError:
            claim = _find(key)
            if claim is None:
                raise
        else:
            created = True
    gained, other = fill_in(claim, data, verdicts)
    rows = new_appearances(data["appearances"], origin, line, {a.key for a in claim.appearances})
    claim.appearances.extend(ClaimAppearance(**row) for row in rows)
    db.session.flush()
    return Taken(claim.id, outcome(created, gained, len(rows)), len(rows), other)


def _find(key: str) -> Claim | None:
    # The partial index's own condition, as a literal: SQLite uses a partial index only for a WHERE that
    # repeats its condition, and a bound parameter (origin = ?) does not.
    return db.session.scalar(select(Claim).where(text(IMPORTED), Claim.claim_key == key)
                             .options(selectinload(Claim.appearances)))


def new_claim(claim_text: str) -> dict:
    """The columns of a new imported claim of this (NFC) text: the rest is filled in by fill_in."""
    search_text = normalize_for_search(claim_text)
    return {"origin": ClaimOrigin.imported, "claim_key": _sha256(search_text), "text": claim_text,
            "search_text": search_text}


def outcome(created: bool, gained: bool, added: int) -> str:
    """A record's outcome: it made the claim, gave the claim already there something new, or nothing."""
    return CREATED if created else MERGED if gained or added else UNCHANGED


def fill_in(claim, data: dict, verdicts: VerdictMap) -> tuple[bool, str | None]:
    """Fill in on `claim` (a Claim, or anything with its FILLED_IN attributes) what `data` knows and it
    does not: (whether it gained something, the record's outside verdict when it differs from the claim's)."""
    filled = False
    for name in _FILLED:
        if getattr(claim, name) is None and data.get(name) is not None:
            setattr(claim, name, data[name])
            filled = True
    gained, other = _outside_verdict(claim, data.get("outside_verdict"), verdicts)
    return filled or gained, other


def _outside_verdict(claim, given: dict | None, verdicts: VerdictMap) -> tuple[bool, str | None]:
    """(whether the claim gained something, the given verdict when it differs from the claim's)."""
    if not given:
        return False, None
    rating, source, url = given["rating"], given.get("source"), given.get("url")
    if claim.outside_rating is None:
        claim.outside_rating, claim.outside_source, claim.outside_url = rating, source, url
        claim.outside_label = verdicts.label(source, rating)
        return True, None
    same = (normalize_for_search(claim.outside_rating) == normalize_for_search(rating)
            and normalize_for_search(claim.outside_source or "") == normalize_for_search(source or ""))
    if not same:
        return False, f"{rating!r}" + (f" ({source})" if source else "")
    gained = False
    if claim.outside_label is None and (label := verdicts.label(source, rating)) is not None:
        claim.outside_label, gained = label, True  # a verdict map given since knows the rating
    if claim.outside_url is None and url is not None:
        claim.outside_url, gained = url, True
    return gained, None


def new_appearances(given: list[dict], origin: str, line: int | None, known: set[str]) -> list[dict]:
    """The columns (claim_id aside) of each place not in `known` (appearance keys, which gains them); a
    record that names none is one place: the file or `api` it came from."""
    rows = []
    for appearance in given or [{}]:
        url, date, author = appearance.get("url"), appearance.get("date"), appearance.get("author")
        page = url_key(url)
        key = appearance_key(page, origin, date, author)
        if key in known:
            continue
        known.add(key)
        rows.append({"url": url, "url_key": page, "appeared_at": date, "author": author, "key": key,
                     "source": origin if line is None else f"{origin}:{line}"})
    return rows
