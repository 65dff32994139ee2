"""Substring search (`q`) of claims and of spans through an index on each backend, so it stays fast
at a million claims and at a corpus's sentences.

SQLite: an FTS5 table with the trigram tokenizer over the table's search_text (external content, kept
by triggers); PostgreSQL: a pg_trgm GIN index, which plain LIKE uses by itself. Both answer substrings
of three characters or more. Two characters: on PostgreSQL a GIN index of each text's two-character
fragments (fact_short_fragments, migration 3c5e7a9b1d20); one character, and both on SQLite, a scan
with strpos() / instr() (faster than LIKE; under 100 ms at 194k spans on SQLite). The migrations
593a6496b43a (claims) and b9c0d1e2f3a4 (spans) create the trigram indexes; a later migration that
rebuilds `claims` or `spans` on SQLite (batch mode) drops its triggers, so it must run the table's
SQLITE_DROP before and SQLITE_DDL after.
"""
from sqlalchemy import ColumnElement, text

from fact.database import contains, like_pattern
from fact.models import Claim, Span


def _fts5(table: str) -> tuple[list[str], list[str]]:
    """(create, drop) statements of the trigram table `<table>_search` over `table`.search_text."""
    index = f"{table}_search"
    create = [
        f"CREATE VIRTUAL TABLE {index} USING fts5(search_text, content='{table}', content_rowid='id',"
        " tokenize='trigram')",
        f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN"
        f" INSERT INTO {index}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN"
        f" INSERT INTO {index}({index}, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
        f"CREATE TRIGGER {index}_update AFTER UPDATE OF search_text ON {table} BEGIN"
        f" INSERT INTO {index}({index}, rowid, search_text) VALUES ('delete', old.id, old.search_text);"
        f" INSERT INTO {index}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"INSERT INTO {index}({index}) VALUES ('rebuild')",
    ]
    drop = [f"DROP TRIGGER IF EXISTS {index}_update", f"DROP TRIGGER IF EXISTS {index}_delete",
            f"DROP TRIGGER IF EXISTS {index}_insert", f"DROP TABLE IF EXISTS {index}"]
    return create, drop


def _trigram_index(table: str) -> tuple[list[str], list[str]]:
    index = f"ix_{table}_search_text_trgm"
    return (["CREATE EXTENSION IF NOT EXISTS pg_trgm", f"CREATE INDEX {index} ON {table} USING gin (search_text gin_trgm_ops)"],
            [f"DROP INDEX IF EXISTS {index}"])


SQLITE_DDL, SQLITE_DROP = _fts5("claims")
POSTGRESQL_DDL, POSTGRESQL_DROP = _trigram_index("claims")
SPANS_SQLITE_DDL, SPANS_SQLITE_DROP = _fts5("spans")
SPANS_POSTGRESQL_DDL, SPANS_POSTGRESQL_DROP = _trigram_index("spans")


def claim_text_contains(needle: str, dialect: str) -> list[ColumnElement]:
    """Conditions for claims whose normalized text contains `needle` (already normalized)."""
    return _contains(Claim.search_text, "claims", needle, dialect)


def span_text_contains(needle: str, dialect: str) -> list[ColumnElement]:
    """Conditions for spans whose normalized text contains `needle` (already normalized)."""
    return _contains(Span.search_text, "spans", needle, dialect)


#: Needles shorter than this no trigram index serves: the fragment index on PostgreSQL, else a scan.
TRIGRAM = 3
#: The length of the fragments fact_short_fragments lists.
PAIR = 2


def _contains(column, table: str, needle: str, dialect: str) -> list[ColumnElement]:
    if len(needle) < TRIGRAM:
        if dialect != "postgresql" or len(needle) != PAIR:
            return [contains(column, needle)]
        # The text's pairs hold the needle exactly when the text does; contains() is the rule
        # itself, kept so that the answer never rests on the index alone.
        fragment = text(f"fact_short_fragments({table}.search_text) @> ARRAY[CAST(:fragment AS text)]")
        return [fragment.bindparams(fragment=needle), contains(column, needle)]
    exact = column.like(like_pattern(needle), escape="\\")
    if dialect != "sqlite" or any(c in needle for c in "%_\\\""):
        return [exact]
    # The trigram table proposes the rows; the exact LIKE on the row decides.
    proposed = text(f"{table}.id IN (SELECT rowid FROM {table}_search WHERE {table}_search MATCH :phrase)")
    return [proposed.bindparams(phrase=f'"{needle}"'), exact]
