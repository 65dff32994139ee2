"""`flask fact claims import` a chunk at a time: what it stores and reports is what storing the records
one by one did (a claim twice in a chunk or across chunks, a record the database refuses in the middle
of a chunk, another writer of the same claims), in a few statements a chunk whatever its size."""
import json
import threading
from pathlib import Path

import pytest
from sqlalchemy import event, insert, select, text

from fact.extensions import db
from fact.models import Claim, ClaimAppearance, ClaimOrigin, Label
from fact.models.articles import utcnow
from fact.services.claims.intake import batch
from fact.services.claims.intake.files import ClaimFile
from fact.services.claims.intake.imports import import_claims
from fact.services.claims.intake.store import claim_key
from fact.services.claims.intake.verdicts import VerdictMap
from tests.helpers import count

MAX_BYTES = 1_000_000
REFUSED = "a claim the database refuses"


def write(tmp_path: Path, name: str, records: list) -> Path:
    path = tmp_path / name
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n"
                            for r in records), encoding="utf-8")
    return path


def run(runner, *paths):
    return runner.invoke(args=["fact", "claims", "import", *map(str, paths)])


def imported() -> list[Claim]:
    db.session.expire_all()
    return list(db.session.scalars(select(Claim).where(Claim.origin == ClaimOrigin.imported).order_by(Claim.id)))


def statements_of(work) -> list[str]:
    seen = []

    def listener(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        work()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return seen


def test_the_same_claim_twice_in_one_chunk_is_one_claim_with_both_appearances(runner, tmp_path):
    path = write(tmp_path, "twice.jsonl", [
        {"text": "أعلنت الوزارة إغلاق المدارس", "appearances": [{"url": "https://a.example/1"}],
         "outside_verdict": {"rating": "زائف", "source": "فتبينوا"}},
        {"text": "اعلنت الوزارةُ  اغلاق المدارس", "claimant": "وكالة محلية", "appearances": [{"url": "https://b.example/2"}],
         "outside_verdict": {"rating": "مضلل", "source": "مسبار"}},
        {"text": "اعلنت الوزارة اغلاق المدارس", "appearances": [{"url": "https://www.b.example/2/"}]},
    ])

    result = run(runner, path)

    assert result.exit_code == 0, result.output
    assert "1 claim(s) created, 1 merged into claims already there (1 new appearance(s)), 1 already there, " \
           "0 record(s) rejected" in result.output
    [claim] = imported()
    assert (claim.text, claim.claimant, claim.outside_rating, claim.outside_label) == (
        "أعلنت الوزارة إغلاق المدارس", "وكالة محلية", "زائف", Label.disputed)
    assert [(a.url, a.source) for a in claim.appearances] == [("https://a.example/1", "twice.jsonl:1"),
                                                             ("https://b.example/2", "twice.jsonl:2")]
    assert f"note {path}:2: claim {claim.id} keeps the outside verdict it has; 'مضلل' (مسبار) is not stored" \
        in result.output


def test_a_claim_across_a_chunk_boundary_merges_into_the_claim_the_chunk_before_made(app, tmp_path):
    path = write(tmp_path, "across.jsonl", [
        {"text": "first claim", "appearances": [{"url": "https://a.example/1"}]},
        {"text": "second claim"},
        "{not json",
        {"text": "FIRST  claim", "claim_date": "2024-05-02", "appearances": [{"url": "https://a.example/2"}],
         "outside_verdict": {"rating": "False", "source": "AFP"}},
        {"text": "third claim"},
    ])

    report = import_claims(ClaimFile(path), VerdictMap(), MAX_BYTES, chunk=2)
    again = import_claims(ClaimFile(path), VerdictMap(), MAX_BYTES, chunk=3)

    assert (report.created, report.merged, report.unchanged, report.appearances) == (3, 1, 0, 1)
    assert report.rejected == again.rejected == [(3, "not JSON (Expecting property name enclosed in double quotes)")]
    first, second, third = imported()
    assert (first.text, first.claim_date.isoformat(), first.outside_label) == ("first claim", "2024-05-02", Label.disputed)
    assert [(a.url, a.source) for a in first.appearances] == [("https://a.example/1", "across.jsonl:1"),
                                                             ("https://a.example/2", "across.jsonl:4")]
    assert [a.source for a in second.appearances] == ["across.jsonl:2"] and third.text == "third claim"
    assert (again.created, again.merged, again.unchanged) == (0, 0, 4)
    assert (count(Claim), count(ClaimAppearance)) == (3, 4)


@pytest.fixture
def refusing(app):
    """A database that refuses one claim text (a trigger): what validation lets through and it does not."""
    with db.engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.execute(text(f"CREATE TRIGGER refuse_claim BEFORE INSERT ON claims WHEN NEW.text = '{REFUSED}' "
                                    "BEGIN SELECT RAISE(ABORT, 'refused by a trigger'); END"))
        else:
            connection.execute(text(
                "CREATE FUNCTION refuse_claim() RETURNS trigger AS $$ BEGIN IF NEW.text = '" + REFUSED + "' THEN "
                "RAISE EXCEPTION 'refused by a trigger' USING ERRCODE = 'check_violation'; END IF; RETURN NEW; END "
                "$$ LANGUAGE plpgsql"))
            connection.execute(text("CREATE TRIGGER refuse_claim BEFORE INSERT ON claims FOR EACH ROW "
                                    "EXECUTE FUNCTION refuse_claim()"))
    yield
    db.session.rollback()  # PostgreSQL: the DROP waits for every transaction that read the table
    with db.engine.begin() as connection:
        connection.execute(text("DROP TRIGGER refuse_claim" + ("" if connection.dialect.name == "sqlite" else " ON claims")))
        if connection.dialect.name != "sqlite":
            connection.execute(text("DROP FUNCTION refuse_claim()"))


def test_a_record_the_database_refuses_in_the_middle_of_a_chunk_is_rejected_alone(runner, tmp_path, refusing):
    assert run(runner, write(tmp_path, "before.jsonl", [{"text": "a claim already there"}])).exit_code == 0
    path = write(tmp_path, "mixed.jsonl", [
        {"text": "a claim already there", "claimant": "someone", "appearances": [{"url": "https://a.example/1"}]},
        {"text": "a new claim"},
        {"text": REFUSED, "appearances": [{"url": "https://a.example/2"}]},
        {"text": "another new claim", "outside_verdict": {"rating": "كاذب"}},
        {"text": "A new  claim", "appearances": [{"url": "https://a.example/3"}]},
    ])

    result = run(runner, path)

    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if line.startswith("rejected")] == [
        f"rejected {path}:3: the database refused it (refused by a trigger)"]
    assert "2 claim(s) created, 2 merged into claims already there (2 new appearance(s)), 0 already there, " \
           "1 record(s) rejected" in result.output
    there, new, another = imported()
    assert (there.claimant, [a.source for a in there.appearances]) == ("someone", ["before.jsonl:1", "mixed.jsonl:1"])
    assert [a.source for a in new.appearances] == ["mixed.jsonl:2", "mixed.jsonl:5"]
    assert another.outside_label == Label.disputed
    assert count(ClaimAppearance) == 5  # nothing of the refused record


def test_a_chunk_is_a_few_statements_whatever_its_size(app, tmp_path):
    def records(n: int, name: str, **extra) -> Path:
        return write(tmp_path, name, [{"text": f"claim number {i}", "appearances": [
            {"url": f"https://a.example/{i}"}, {"url": f"https://{name}.example/{i}"}], **extra} for i in range(n)])

    def statements(path: Path, chunk: int) -> int:
        return len(statements_of(lambda: import_claims(ClaimFile(path), VerdictMap(), MAX_BYTES, chunk=chunk)))

    small = statements(records(10, "small"), 10)  # one chunk of new claims
    large = statements(records(300, "large"), 100)  # 10 claims already there, 290 new: three chunks
    merged = statements(records(300, "merged", claimant="someone", outside_verdict={"rating": "False"}), 100)
    unchanged = statements(records(300, "merged", claimant="someone", outside_verdict={"rating": "False"}), 100)

    assert small <= 8 and large <= 3 * 9 and merged <= 3 * 9 and unchanged <= 3 * 7, (small, large, merged, unchanged)
    claims = imported()
    assert len(claims) == 300 and count(ClaimAppearance) == 300 * 3 + 10
    assert {(c.claimant, c.outside_label) for c in claims} == {("someone", Label.disputed)}


def test_a_claim_another_writer_stored_after_the_chunks_lookup_is_merged_into(app, tmp_path, monkeypatch):
    """Between the chunk's lookup and its insert another writer commits one of its claims: the insert
    skips it (its key is taken), and the chunk is taken again from the lookup, which finds it."""
    with db.engine.begin() as other:
        other.execute(insert(Claim.__table__).values(
            origin=ClaimOrigin.imported.value, claim_key=claim_key("stored meanwhile"), text="stored meanwhile",
            search_text="stored meanwhile", created_at=utcnow(), updated_at=utcnow(), verdict_count=0,
            agreement="none"))
    lookups = []
    real_found = batch._found

    def late_found(keys):  # the first lookup ran before the other writer's commit
        lookups.append(keys)
        return {} if len(lookups) == 1 else real_found(keys)

    monkeypatch.setattr(batch, "_found", late_found)
    path = write(tmp_path, "race.jsonl", [{"text": "a claim of ours"},
                                          {"text": "Stored  meanwhile", "claimant": "someone"}])

    report = import_claims(ClaimFile(path), VerdictMap(), MAX_BYTES)

    assert len(lookups) == 2 and (report.created, report.merged, report.rejected) == (1, 1, [])
    ours, theirs = sorted(imported(), key=lambda c: c.text)
    assert (theirs.text, theirs.claimant, [a.source for a in theirs.appearances]) == (
        "stored meanwhile", "someone", ["race.jsonl:2"])
    assert [a.source for a in ours.appearances] == ["race.jsonl:1"] and count(Claim) == 2


def test_two_imports_of_the_same_claims_at_once_end_as_one_claim_each(app, tmp_path):
    path = write(tmp_path, "same.jsonl", [{"text": f"shared claim {i}", "appearances": [{"url": f"https://a.example/{i}"}]}
                                          for i in range(1200)])
    reports, errors = [], []

    def importer():
        try:
            with app.app_context():
                reports.append(import_claims(ClaimFile(path), VerdictMap(), MAX_BYTES))
                db.session.remove()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=importer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(r.created for r in reports) == 1200 and sum(r.unchanged for r in reports) == 1200
    assert [r.rejected for r in reports] == [[], []]
    assert (count(Claim), count(ClaimAppearance)) == (1200, 1200)
