"""Store a chunk of a file's records in a few statements, by store.py's rules, as take_claim would one
after the other: the chunk's claims looked up by their keys in one query (locked on PostgreSQL, so that
what is filled in is decided on rows no other writer changes meanwhile), their appearances' keys in
one more, then the new claims, the new appearances and what the claims already there gained, each one
executemany. A claim twice in the chunk is one claim: the second record finds the first's.

The caller holds a savepoint around it: a chunk the database refuses rolls back whole, and is taken
again one record at a time (imports.py), so that the bad record is named and the good ones kept.
"""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import bindparam, insert, select, text, update

from fact.database import insert_missing
from fact.extensions import db
from fact.models import Claim, ClaimAppearance, Label
from fact.models.claims import IMPORTED
from fact.services.claims.intake.store import FILLED_IN, Taken, claim_key, fill_in, new_appearances, new_claim, outcome
from fact.services.claims.intake.verdicts import VerdictMap

_CLAIMS = Claim.__table__


class Raced(Exception):
    """Another writer stored one of the chunk's new claims between its lookup and its insert: the chunk
    is taken again from its lookup, which finds that claim (PostgreSQL; SQLite has one writer at a time)."""


@dataclass(eq=False)
class _Claim:
    """What the rules read and fill in of a claim of the chunk: found by its key, or new in it (`new`:
    its columns, inserted once the whole chunk is decided)."""

    id: int | None = None
    claimant: str | None = None
    claim_date: date | None = None
    language: str | None = None
    outside_rating: str | None = None
    outside_source: str | None = None
    outside_url: str | None = None
    outside_label: Label | None = None
    new: dict | None = None
    gained: bool = False  # a claim already there was given something: it is updated
    known: set[str] = field(default_factory=set)  # its appearances' keys

    def filled_in(self) -> dict:
        return {name: getattr(self, name) for name in FILLED_IN}


def store_chunk(records: list[tuple[int, dict]], verdicts: VerdictMap, origin: str) -> list[Taken]:
    """Store these (line or record number, data) of the file `origin`; what each record did, in order."""
    keys = [claim_key(data["text"]) for _, data in records]
    claims = _found(set(keys))
    decided, appearances = [], []
    for (number, data), key in zip(records, keys):
        claim = claims.get(key)
        if created := claim is None:
            claim = claims[key] = _Claim(new=new_claim(data["text"]))
        gained, other = fill_in(claim, data, verdicts)
        claim.gained |= gained and claim.new is None
        rows = new_appearances(data["appearances"], origin, number, claim.known)
        appearances += [(claim, row) for row in rows]
        decided.append((claim, outcome(created, gained, len(rows)), len(rows), other))
    _insert_new([c for c in claims.values() if c.new is not None])
    if appearances:
        db.session.execute(insert(ClaimAppearance.__table__), [{**row, "claim_id": c.id} for c, row in appearances])
    _update([c for c in claims.values() if c.gained])
    return [Taken(claim.id, done, added, other) for claim, done, added, other in decided]


def _found(keys: set[str]) -> dict[str, _Claim]:
    """The imported claims of these keys, each with its appearances' keys: two queries."""
    # IMPORTED as a literal: SQLite uses the partial index only for a WHERE that repeats its condition.
    rows = db.session.execute(select(_CLAIMS.c.id, _CLAIMS.c.claim_key, *(_CLAIMS.c[n] for n in FILLED_IN))
                              .where(text(IMPORTED), _CLAIMS.c.claim_key.in_(sorted(keys)))
                              .order_by(_CLAIMS.c.claim_key).with_for_update())
    found = {row.claim_key: _Claim(id=row.id, **{n: row._mapping[n] for n in FILLED_IN}) for row in rows}
    by_id = {claim.id: claim for claim in found.values()}
    if by_id:
        for claim_id, key in db.session.execute(select(ClaimAppearance.claim_id, ClaimAppearance.key)
                                                .where(ClaimAppearance.claim_id.in_(sorted(by_id)))):
            by_id[claim_id].known.add(key)
    return found


def _insert_new(claims: list[_Claim]) -> None:
    """INSERT the new claims in the order the records gave them (their ids follow the file); the ids
    read back by key. Raced when a key was taken meanwhile."""
    rows = [{**claim.new, **claim.filled_in()} for claim in claims]
    stored = dict(insert_missing(db.session, Claim, rows, "claim_key", where=text(IMPORTED),
                                 returning=(_CLAIMS.c.claim_key, _CLAIMS.c.id), in_key_order=False))
    if len(stored) < len(claims):
        raise Raced
    for claim in claims:
        claim.id = stored[claim.new["claim_key"]]


def _update(claims: list[_Claim]) -> None:
    """What the claims already there gained, in one executemany (by id: the rows are locked, or SQLite's
    write lock is held, so the values read are still theirs)."""
    if not claims:
        return
    statement = (update(_CLAIMS).where(_CLAIMS.c.id == bindparam("claim_id"))
                 .values({name: bindparam(f"new_{name}") for name in FILLED_IN}))
    db.session.execute(statement, [{"claim_id": c.id, **{f"new_{n}": v for n, v in c.filled_in().items()}}
                                   for c in sorted(claims, key=lambda c: c.id)])
