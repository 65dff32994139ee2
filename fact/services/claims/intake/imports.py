"""`flask fact claims import`: a file's records stored one by one, each whole or not at all.

Each record is a unit of work: it is stored under a savepoint, and one the database refuses rolls
back alone; the good ones are committed a batch at a time, so that a file of many records neither
holds the write lock for the whole file nor loses what was stored when a later line fails.
"""
from dataclasses import dataclass, field

from sqlalchemy.exc import DataError, IntegrityError

from fact.extensions import db
from fact.services.claims.intake.files import ClaimFile
from fact.services.claims.intake.store import CREATED, MERGED, take_claim
from fact.services.claims.intake.verdicts import VerdictMap
from fact.services.ingest.inputs import readable_name
from fact.text.decode import RejectedInput

COMMIT_EVERY = 500


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


def import_claims(claim_file: ClaimFile, verdicts: VerdictMap, max_record_bytes: int) -> FileReport:
    """Store every good record of `claim_file` (committed), and report the others."""
    report, origin, pending = FileReport(), readable_name(claim_file.path), 0
    try:
        for number, record in claim_file.records(max_record_bytes):
            if isinstance(record, str):
                report.rejected.append((number, record))
                continue
            try:
                with db.session.begin_nested():
                    taken = take_claim(record, verdicts, origin, number)
            except (DataError, IntegrityError) as error:  # validation let through what the database refuses
                report.rejected.append((number, f"the database refused it ({_first_line(error)})"))
                continue
            _count(report, taken, number)
            pending += 1
            if pending >= COMMIT_EVERY:
                db.session.commit()
                pending = 0
    except RejectedInput as error:
        report.failure = str(error)
    db.session.commit()
    report.passed = claim_file.passed
    if report.failure is None and not report.records:
        report.failure = "the file is empty"
    return report


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
