"""`flask fact claims import`: a file's records stored a chunk at a time, each record whole or not at all.

A chunk of records is looked up, written and committed together (batch.store_chunk: a few statements
for CHUNK records), so that a file of many records neither holds the write lock for the whole file nor
loses what was stored when a later line fails. A chunk the database refuses is rolled back to its
savepoint and taken again one record at a time, each under a savepoint of its own (store.take_claim):
the record the database refuses is reported alone and the good ones are kept.
"""
from dataclasses import dataclass, field

from sqlalchemy.exc import DataError, IntegrityError, OperationalError

from fact.database import lock_for_writing
from fact.extensions import db
from fact.services.claims.intake.batch import Raced, store_chunk
from fact.services.claims.intake.files import ClaimFile
from fact.services.claims.intake.store import CREATED, MERGED, Taken, take_claim
from fact.services.claims.intake.verdicts import VerdictMap
from fact.services.ingest.inputs import readable_name
from fact.text.decode import RejectedInput

CHUNK = 500  # good records a chunk: looked up, written and committed together
DEADLOCK = "40P01"  # PostgreSQL: two writers of the same new claims in other orders; one is told to retry


@dataclass
class FileReport:
    created: int = 0
    merged: int = 0  # records that gave a claim already there something new (an appearance, a field)
    unchanged: int = 0  # records of a claim already there with nothing new (a file imported again)
    appearances: int = 0  # new appearances of claims already there
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line or record number, why)
    notes: list[tuple[int, str]] = field(default_factory=list)  # (number, what was not stored and why)
    failure: str | None = None  # what stopped the file being read (the records before it are kept)
    passed: int = 0  # ClaimReview: other nodes of its graph

    @property
    def records(self) -> int:
        return self.created + self.merged + self.unchanged + len(self.rejected)


def import_claims(claim_file: ClaimFile, verdicts: VerdictMap, max_record_bytes: int,
                  chunk: int = CHUNK) -> FileReport:
    """Store every good record of `claim_file` (committed a chunk at a time), and report the others."""
    report, origin, pending, good = FileReport(), readable_name(claim_file.path), [], 0
    try:
        for number, record in claim_file.records(max_record_bytes):
            pending.append((number, record))
            good += not isinstance(record, str)
            if good >= chunk:
                _store(report, pending, verdicts, origin)
                pending, good = [], 0
    except RejectedInput as error:
        report.failure = str(error)
    _store(report, pending, verdicts, origin)
    report.passed = claim_file.passed
    if report.failure is None and not report.records:
        report.failure = "the file is empty"
    return report


def _store(report: FileReport, records: list[tuple[int, dict | str]], verdicts: VerdictMap, origin: str) -> None:
    """Store a chunk's good records, report each record in the file's order, and commit."""
    good = [(number, record) for number, record in records if not isinstance(record, str)]
    done = iter(_stored(good, verdicts, origin))
    for number, record in records:
        taken = record if isinstance(record, str) else next(done)
        if isinstance(taken, str):
            report.rejected.append((number, taken))
        else:
            _count(report, taken, number)
    db.session.commit()


def _stored(records: list[tuple[int, dict]], verdicts: VerdictMap, origin: str) -> list[Taken | str]:
    """What each record did, or why the database refused it: the chunk in bulk (again if another
    writer stored one of its new claims meanwhile), else one record at a time."""
    if not records:
        return []
    lock_for_writing(db.session)  # SQLite: the lookup reads what no other writer can change before we write
    for _ in range(2):
        try:
            with db.session.begin_nested():
                return store_chunk(records, verdicts, origin)
        except Raced:
            continue
        except OperationalError as error:
            if getattr(error.orig, "sqlstate", None) != DEADLOCK:
                raise
        except (DataError, IntegrityError):
            break
    return [_one(number, record, verdicts, origin) for number, record in records]


def _one(number: int, record: dict, verdicts: VerdictMap, origin: str) -> Taken | str:
    try:
        with db.session.begin_nested():
            return take_claim(record, verdicts, origin, number)
    except (DataError, IntegrityError) as error:  # validation let through what the database refuses
        return f"the database refused it ({_first_line(error)})"


def _count(report: FileReport, taken, number: int) -> None:
    if taken.outcome == CREATED:
        report.created += 1
    elif taken.outcome == MERGED:
        report.merged += 1
        report.appearances += taken.appearances
    else:
        report.unchanged += 1
    if taken.other_verdict:
        report.notes.append((number, f"claim {taken.claim_id} keeps the outside verdict it has; "
                                     f"{taken.other_verdict} is not stored"))


def _first_line(error: Exception) -> str:
    return str(getattr(error, "orig", error)).strip().splitlines()[0]
