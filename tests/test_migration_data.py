"""Upgrading keeps the data: SQLite rebuilds tables in batch mode, and that must not cascade."""
import sqlite3

from flask_migrate import upgrade

from fact import create_app
from tests.conftest import make_config

BEFORE_CANDIDATES = "ede006badbe5"  # the revision before articles and spans were rebuilt


def test_upgrading_a_sqlite_database_with_data_loses_no_row(tmp_path):
    path = tmp_path / "old.db"
    app = create_app(make_config(f"sqlite:///{path}"))
    with app.app_context():
        upgrade(revision=BEFORE_CANDIDATES)
    with sqlite3.connect(path) as old:
        old.execute("INSERT INTO articles (id, language, text, content_hash, encoding, ingested_at) "
                    "VALUES (1, 'ar', 'خبر. آخر.', 'h', 'utf-8', '2026-11-22 00:00:00')")
        old.execute("INSERT INTO spans (id, article_id, kind, start, \"end\", position, paragraph, text, search_text, "
                    "is_boilerplate) VALUES (1, 1, 'sentence', 0, 4, 0, 0, 'خبر.', 'خبر.', 0)")
        old.execute("INSERT INTO tasks (id, span_id, ls_project_id, ls_task_id, created_at) "
                    "VALUES (1, 1, 1, 10, '2026-11-22 00:00:00')")

    with app.app_context():
        upgrade()

    with sqlite3.connect(path) as new:
        counts = [new.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "spans", "tasks")]
        assert counts == [1, 1, 1]
        assert new.execute("PRAGMA foreign_key_check").fetchall() == []
