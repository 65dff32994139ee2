"""Substring search of claims (`q`) through an index on each backend, so it stays fast at a million.

SQLite: an FTS5 table with the trigram tokenizer over claims.search_text (external content, kept by
triggers); PostgreSQL: a pg_trgm GIN index, which plain LIKE uses by itself. Both answer substrings
of three characters or more; shorter ones are scanned. The migration 593a6496b43a creates them;
a later migration that rebuilds `claims` on SQLite (batch mode) drops its triggers, so it must run
SQLITE_DROP before and SQLITE_DDL after.
"""
from sqlalchemy import ColumnElement, text

from fact.database import like_pattern
from fact.models import Claim

SQLITE_DDL = [
    "CREATE VIRTUAL TABLE claims_search USING fts5(search_text, content='claims', content_rowid='id',"
    " tokenize='trigram')",
    "CREATE TRIGGER claims_search_insert AFTER INSERT ON claims BEGIN"
    " INSERT INTO claims_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER claims_search_delete AFTER DELETE ON claims BEGIN"
    " INSERT INTO claims_search(claims_search, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER claims_search_update AFTER UPDATE OF search_text ON claims BEGIN"
    " INSERT INTO claims_search(claims_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);"
    " INSERT INTO claims_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO claims_search(claims_search) VALUES ('rebuild')",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS claims_search_update", "DROP TRIGGER IF EXISTS claims_search_delete",
               "DROP TRIGGER IF EXISTS claims_search_insert", "DROP TABLE IF EXISTS claims_search"]
POSTGRESQL_DDL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_claims_search_text_trgm ON claims USING gin (search_text gin_trgm_ops)",
]
POSTGRESQL_DROP = ["DROP INDEX IF EXISTS ix_claims_search_text_trgm"]


def claim_text_contains(needle: str, dialect: str) -> list[ColumnElement]:
    """Conditions for claims whose normalized text contains `needle` (already normalized)."""
    exact = Claim.search_text.like(like_pattern(needle), escape="\\")
    if dialect != "sqlite" or len(needle) < 3 or any(c in needle for c in "%_\\\""):
        return [exact]
    # The trigram table proposes the rows; the exact LIKE on the claim decides.
    proposed = text("claims.id IN (SELECT rowid FROM claims_search WHERE claims_search MATCH :phrase)")
    return [proposed.bindparams(phrase=f'"{needle}"'), exact]
