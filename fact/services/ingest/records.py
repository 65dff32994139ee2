"""A file of several records (JSON Lines, WARC) read whole-file or per record.

Whole-file, the default: a bad record rejects the file, so that a file is in or out and a second run
after fixing it starts from nothing. Per record (`flask fact ingest --per-record`): each record is a
unit, so that one bad date on line 1,501 does not keep the other 2,870 records out.
"""
from collections.abc import Iterator
from dataclasses import dataclass, field

from fact.services.ingest.articles import ArticleInput
from fact.text.decode import RejectedInput

__all__ = ["Articles", "Record", "RejectedRecords"]


class RejectedRecords(RejectedInput):
    """A file with bad records: `records` holds (line or record number, what is wrong) for each."""

    def __init__(self, records: list[tuple[int, str]], total: int, *, per_record: bool = False):
        self.records = records
        hint = "" if per_record else " (--per-record ingests the good ones)"
        super().__init__(f"{len(records)} bad record(s) of {total}, nothing ingested{hint}")


# What a file of records yields: (number, the article or what is wrong with it), or None for a record
# that is no article (a WARC's requests, metadata, images), passed over.
Record = tuple[int, ArticleInput | str] | None


@dataclass
class Articles:
    """A file's articles, read once as they are ingested. Whole-file (the default): a bad record rejects
    the file (RejectedRecords at the end, before the caller commits). Per record: the bad ones are
    gathered in `rejected` and the file is rejected only when none is good."""

    records: Iterator[Record]
    per_record: bool = False
    empty: str = "the file is empty"
    rejected: list[tuple[int, str]] = field(default_factory=list)
    passed: int = 0

    def __iter__(self) -> Iterator[ArticleInput]:
        good = total = 0
        try:
            for item in self.records:
                if item is None:
                    self.passed += 1
                    continue
                number, record = item
                total += 1
                if isinstance(record, str):
                    self.rejected.append((number, record))
                    continue
                good += 1
                yield record
        except OSError as error:  # gone or changed since it was listed
            raise RejectedInput(f"cannot be read ({error.strerror or error})") from error
        if self.rejected and not (self.per_record and good):
            raise RejectedRecords(self.rejected, total, per_record=self.per_record)
        if not total:
            raise RejectedInput(self.empty.format(passed=self.passed) if self.passed else "the file is empty")

    @classmethod
    def one(cls, article: ArticleInput) -> "Articles":
        return cls(iter([(1, article)]))
