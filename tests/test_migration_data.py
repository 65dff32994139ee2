"""Upgrading keeps the data: SQLite rebuilds tables in batch mode, and that must not cascade."""
import json
import sqlite3

from flask_migrate import upgrade

from fact import create_app
from tests.helpers import make_config

BEFORE_CANDIDATES = "ede006badbe5"  # the revision before articles and spans were rebuilt


def old_database(tmp_path, revision: str):
    """A SQLite database migrated up to `revision` only, and the app that will upgrade it."""
    path = tmp_path / "old.db"
    app = create_app(make_config(f"sqlite:///{path}"))
    with app.app_context():
        upgrade(revision=revision)
    return path, app


def annotated_article(old: sqlite3.Connection, at: str) -> None:
    """Article 1 ("13 دولة" at 7-14), and annotations 1 to 3 by users 1 to 3 on its task, accepted, at `at`."""
    old.execute("INSERT INTO articles (id, language, text, content_hash, encoding, ingested_at) "
                "VALUES (1, 'ar', 'قال إن 13 دولة اجتمعت.', 'h', 'utf-8', ?)", (at,))
    for ls_id in (1, 2, 3):
        old.execute("INSERT INTO annotations (id, ls_annotation_id, ls_task_id, annotator_id, ls_updated_at, "
                    "was_cancelled, created_at) VALUES (?, ?, 10, ?, ?, 0, ?)", (ls_id, ls_id, ls_id, at, at))
        old.execute("INSERT INTO annotation_revisions (id, annotation_id, ls_updated_at, annotator_id, via, "
                    "received_at, result, result_hash, status) VALUES (?, ?, ?, ?, 'sync', ?, '[]', ?, 'accepted')",
                    (ls_id, ls_id, at, ls_id, at, f"h{ls_id}"))


def test_upgrading_a_sqlite_database_with_data_loses_no_row(tmp_path):
    path, app = old_database(tmp_path, BEFORE_CANDIDATES)
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


BEFORE_AGGREGATES = "09662987ddd3"  # claims keyed by exact offsets, verdicts without their own highlight


def test_upgrading_fills_the_highlights_of_verdicts_and_the_aggregates_of_claims(tmp_path):
    path, app = old_database(tmp_path, BEFORE_AGGREGATES)
    with sqlite3.connect(path) as old:
        annotated_article(old, "2026-11-22 00:00:00")
        old.execute("INSERT INTO claims (id, article_id, start, \"end\", text, created_at) "
                    "VALUES (1, 1, 7, 14, '13 دولة', '2026-11-22 00:00:00')")
        for verdict_id, label, superseded in ((1, "disputed", None), (2, "disputed", None),
                                              (3, "corroborated", "2026-11-22 01:00:00")):
            old.execute("INSERT INTO verdicts (id, claim_id, annotation_id, revision_id, label, annotator_id, "
                        "created_at, superseded_at) VALUES (?, 1, ?, ?, ?, ?, '2026-11-22 00:00:00', ?)",
                        (verdict_id, verdict_id, verdict_id, label, verdict_id, superseded))

    with app.app_context():
        upgrade()

    with sqlite3.connect(path) as new:
        highlights = new.execute('SELECT start, "end", text FROM verdicts ORDER BY id').fetchall()
        assert highlights == [(7, 14, "13 دولة")] * 3
        aggregate = new.execute("SELECT verdict_count, agreement, majority_label, label, search_text "
                                "FROM claims").fetchone()
        assert aggregate == (2, "unanimous", "disputed", "disputed", "13 دوله")


BEFORE_VERDICT_TIMES = "f352c7385c33"  # claims without the times of their newest and oldest counting verdicts


def test_upgrading_fills_the_newest_and_oldest_counting_verdict_times_of_claims(tmp_path):
    path, app = old_database(tmp_path, BEFORE_VERDICT_TIMES)
    with sqlite3.connect(path) as old:
        annotated_article(old, "2026-11-22 00:00:00.000000")
        for claim_id, (start, end) in ((1, (7, 14)), (2, (0, 3)), (3, (15, 21))):
            old.execute("INSERT INTO claims (id, article_id, start, \"end\", text, search_text, created_at, "
                        "updated_at, verdict_count, agreement) VALUES (?, 1, ?, ?, 't', 't', "
                        "'2026-11-22 00:00:00.000000', '2026-11-22 00:00:00.000000', 0, 'none')",
                        (claim_id, start, end))
        # Claim 1: two counting verdicts and a newer superseded one; claim 2: only a deleted one; claim 3: none.
        for verdict_id, claim_id, created, superseded in (
                (1, 1, "2026-11-22 01:00:00.000000", None),
                (2, 1, "2026-11-22 03:00:00.000000", None),
                (3, 1, "2026-11-22 05:00:00.000000", "2026-11-22 06:00:00.000000"),
                (4, 2, "2026-11-22 02:00:00.000000", "2026-11-22 06:00:00.000000")):
            old.execute("INSERT INTO verdicts (id, claim_id, annotation_id, revision_id, label, annotator_id, "
                        "start, \"end\", text, created_at, superseded_at) "
                        "VALUES (?, ?, ?, ?, 'disputed', ?, 7, 14, 't', ?, ?)",
                        (verdict_id, claim_id, min(verdict_id, 3), min(verdict_id, 3), min(verdict_id, 3), created,
                         superseded))
        before = {row[0] for row in old.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                                "AND tbl_name = 'claims'")}

    with app.app_context():
        upgrade()

    with sqlite3.connect(path) as new:
        times = new.execute("SELECT id, newest_verdict_at, oldest_verdict_at FROM claims ORDER BY id").fetchall()
        assert times == [(1, "2026-11-22 03:00:00.000000", "2026-11-22 01:00:00.000000"), (2, None, None),
                         (3, None, None)]
        indexes = {row[1] for row in new.execute("PRAGMA index_list('claims')")}
        assert {"ix_claims_newest_verdict_at", "ix_claims_oldest_verdict_at"} <= indexes
        triggers = {row[0] for row in new.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                                  "AND tbl_name = 'claims'")}
        assert triggers == before and triggers  # the search triggers of claims survive (no table rebuilt)


BEFORE_OFFERS = "a7c4e91d2b60"  # tasks whose offered sources were not kept


def test_upgrading_gives_existing_tasks_the_offers_they_were_built_with_and_what_they_cite(tmp_path):
    path, app = old_database(tmp_path, BEFORE_OFFERS)
    at = "2026-11-22 00:00:00.000000"
    with sqlite3.connect(path) as old:
        for article_id in (1, 2, 3):
            old.execute("INSERT INTO articles (id, language, text, content_hash, encoding, ingested_at) "
                        "VALUES (?, 'ar', 'خبر.', ?, 'utf-8', ?)", (article_id, f"h{article_id}", at))
            old.execute("INSERT INTO spans (id, article_id, kind, start, \"end\", position, paragraph, text, "
                        "search_text, is_boilerplate) VALUES (?, ?, 'sentence', 0, 4, 0, 0, 'خبر.', 'خبر.', 0)",
                        (article_id, article_id))
        old.execute("INSERT INTO tasks (id, span_id, ls_project_id, ls_task_id, created_at) VALUES (1, 1, 1, 10, ?)",
                    (at,))
        old.execute("INSERT INTO candidates (id, span_id, candidate_span_id, rank, score, reason, hint, hint_details, "
                    "computed_at) VALUES (1, 1, 2, 1, 0.5, 'r', 'none', '{}', ?)", (at,))
        old.execute("INSERT INTO annotations (id, ls_annotation_id, ls_task_id, span_id, annotator_id, ls_updated_at, "
                    "was_cancelled, created_at) VALUES (1, 1, 10, 1, 1, ?, 0, ?)", (at, at))
        old.execute("INSERT INTO claims (id, article_id, start, \"end\", text, search_text, created_at, updated_at, "
                    "verdict_count, agreement) VALUES (1, 1, 0, 3, 'خبر', 'خبر', ?, ?, 1, 'single')", (at, at))
        old.execute("INSERT INTO verdicts (id, claim_id, annotation_id, revision_id, label, annotator_id, start, "
                    "\"end\", text, created_at) VALUES (1, 1, 1, 1, 'disputed', 1, 0, 3, 'خبر', ?)", (at,))
        old.execute("INSERT INTO evidence (id, verdict_id, stance, span_id) VALUES (1, 1, 'refutes', 3)")

    with app.app_context():
        upgrade()

    with sqlite3.connect(path) as new:
        offers = set(new.execute("SELECT span_id, kind, source_id FROM offers").fetchall())
    # The candidate passage, the other articles (never the task's own), and the passage already cited.
    assert offers == {(1, "span", 2), (1, "article", 2), (1, "article", 3), (1, "span", 3)}


BEFORE_IMPORTED_CLAIMS = "b9c0d1e2f3a4"  # every claim a highlight in an article


def test_upgrading_keeps_existing_claims_highlighted_and_searchable_and_refuses_a_half_imported_one(tmp_path):
    path, app = old_database(tmp_path, BEFORE_IMPORTED_CLAIMS)
    at = "2026-11-22 00:00:00.000000"
    with sqlite3.connect(path) as old:
        annotated_article(old, at)
        old.execute("INSERT INTO claims (id, article_id, start, \"end\", text, search_text, created_at, updated_at, "
                    "verdict_count, agreement) VALUES (1, 1, 7, 14, '13 دولة', '13 دوله', ?, ?, 0, 'none')", (at, at))

    with app.app_context():
        upgrade()

    with sqlite3.connect(path) as new:
        assert new.execute("SELECT origin, article_id, start FROM claims").fetchall() == [("highlighted", 1, 7)]
        # The search triggers were dropped with the rebuilt table and made again, the trigram table refilled.
        assert new.execute("SELECT rowid FROM claims_search WHERE claims_search MATCH '\"دوله\"'").fetchall() == [(1,)]
        new.execute("INSERT INTO claims (id, origin, claim_key, text, search_text, created_at, updated_at, "
                    "verdict_count, agreement) VALUES (2, 'imported', 'k', 'x', 'x', ?, ?, 0, 'none')", (at, at))
        assert new.execute("SELECT rowid FROM claims_search WHERE claims_search MATCH 'x'").fetchall() == []
        for half in ("(3, 'imported', 'k3', 1, NULL)", "(4, 'highlighted', NULL, NULL, NULL)",
                     "(5, 'imported', NULL, NULL, NULL)"):
            try:
                new.execute("INSERT INTO claims (id, origin, claim_key, article_id, start, text, search_text, "
                            f"created_at, updated_at, verdict_count, agreement) VALUES {half[:-1]}, 't', 't', ?, ?, "
                            "0, 'none')", (at, at))
            except sqlite3.IntegrityError as error:
                assert "ck_claims_origin_fields" in str(error)
            else:
                raise AssertionError(f"stored {half}")


def test_upgrading_keeps_the_already_checked_vectors_as_passage_vectors_beside_room_for_query_ones(tmp_path):
    path, app = old_database(tmp_path, "af8e7a5b3ea1")  # before claim_vectors had a reading
    at = "2026-11-22 00:00:00.000000"
    with sqlite3.connect(path) as old:
        old.execute("INSERT INTO claims (id, origin, claim_key, text, search_text, created_at, updated_at, "
                    "verdict_count, agreement) VALUES (1, 'imported', 'k', 'x', 'x', ?, ?, 0, 'none')", (at, at))
        old.execute("INSERT INTO claim_vectors (claim_id, model, text_hash, vector) VALUES (1, 'm', 'h', x'0000')")

    with app.app_context():
        upgrade()

    with sqlite3.connect(path) as new:
        assert new.execute("SELECT claim_id, reading, model FROM claim_vectors").fetchall() == [(1, "passage", "m")]
        new.execute("INSERT INTO claim_vectors (claim_id, reading, model, text_hash, vector) "
                    "VALUES (1, 'query', 'm', 'h', x'0000')")
        for duplicate in ("passage", "answer"):  # one vector per reading, and only the two readings
            try:
                new.execute("INSERT INTO claim_vectors (claim_id, reading, model, text_hash, vector) "
                            f"VALUES (1, '{duplicate}', 'm', 'h', x'0000')")
            except sqlite3.IntegrityError:
                pass
            else:
                raise AssertionError(f"stored a second {duplicate!r} row")
        assert new.execute("PRAGMA foreign_key_check").fetchall() == []


def test_upgrading_counts_the_stance_votes_of_existing_pairs_for_the_tie_queue(tmp_path):
    path, app = old_database(tmp_path, "8b697ccfa41a")  # before stance_pairs
    at = "2026-11-22 00:00:00.000000"
    with sqlite3.connect(path) as old:
        annotated_article(old, at)
        old.execute("INSERT INTO articles (id, language, text, content_hash, encoding, ingested_at) "
                    "VALUES (2, 'ar', 'نص آخر.', 'h2', 'utf-8', ?)", (at,))
        old.execute("INSERT INTO annotations (id, ls_annotation_id, ls_task_id, annotator_id, ls_updated_at, "
                    "was_cancelled, created_at) VALUES (4, 4, 11, 1, ?, 0, ?)", (at, at))  # user 1's second
        old.execute("INSERT INTO annotation_revisions (id, annotation_id, ls_updated_at, annotator_id, via, "
                    "received_at, result, result_hash, status) VALUES (4, 4, ?, 1, 'sync', ?, '[]', 'h4', 'accepted')",
                    (at, at))
        old.execute("INSERT INTO claims (id, origin, claim_key, text, search_text, created_at, updated_at, "
                    "verdict_count, agreement) VALUES (1, 'imported', 'k', 'x', 'x', ?, ?, 0, 'none')", (at, at))
        stances = [(1, 1, 1, "agree", None), (2, 1, 2, "disagree", None),  # article 1: a tie
                   (3, 2, 1, "discuss", None), (4, 2, 4, "agree", None),  # article 2: user 1's newest is agree
                   (5, 2, 2, "agree", None), (6, 2, 3, "disagree", at)]  # user 3's stance was superseded
        for id_, article, annotation, stance, superseded in stances:
            old.execute("INSERT INTO article_stances (id, claim_id, article_id, annotation_id, revision_id, "
                        "annotator_id, stance, created_at, superseded_at) "
                        "VALUES (?, 1, ?, ?, ?, (SELECT annotator_id FROM annotations WHERE id = ?), ?, ?, ?)",
                        (id_, article, annotation, annotation, annotation, stance, at, superseded))

    with app.app_context():
        upgrade()

    with sqlite3.connect(path) as new:
        rows = new.execute("SELECT claim_id, article_id, voters, votes, tied FROM stance_pairs "
                           "ORDER BY article_id").fetchall()
        assert [(c, a, n, json.loads(v), t) for c, a, n, v, t in rows] == [
            (1, 1, 2, {"agree": 1, "disagree": 1}, 1), (1, 2, 2, {"agree": 2}, 0)]
        assert new.execute("PRAGMA foreign_key_check").fetchall() == []
