"""Upgrading gives every stored article its first appearance and its band keys, so that a copy of an
article stored before the upgrade is found as one stored after it would be."""
import sqlite3

from flask_migrate import upgrade
from sqlalchemy import select

from fact import create_app
from fact.extensions import db
from fact.models import Appearance, Article
from fact.services.ingest.articles import ArticleInput, ingest_articles
from fact.text.normalize import normalize_for_search
from tests.helpers import SEEDS, make_config

BEFORE_APPEARANCES = "e5f6a7b8c9d0"
TEXT = (SEEDS / "004_167cec9cb5c4cf15.txt").read_text("utf-8")


def test_upgrading_backfills_first_appearances_and_finds_copies_of_old_articles(tmp_path):
    path = tmp_path / "old.db"
    app = create_app(make_config(f"sqlite:///{path}"))
    with app.app_context():
        upgrade(revision=BEFORE_APPEARANCES)
    with sqlite3.connect(path) as old:
        old.execute("INSERT INTO outlets (id, name) VALUES (1, 'A')")
        old.execute("INSERT INTO articles (id, outlet_id, url, language, text, content_hash, origin, encoding, "
                    "ingested_at) VALUES (1, 1, 'https://www.a.com/x?utm_source=fb', 'ar', ?, 'h', 'a.txt', 'utf-8', "
                    "'2026-11-22 00:00:00')", (TEXT,))
        start = 0
        for position, paragraph in enumerate(TEXT.split("\n")):
            old.execute("INSERT INTO spans (article_id, kind, start, \"end\", position, paragraph, text, search_text, "
                        "is_boilerplate) VALUES (1, 'paragraph', ?, ?, ?, ?, ?, ?, 0)",
                        (start, start + len(paragraph), position, position, paragraph,
                         normalize_for_search(paragraph)))
            start += len(paragraph) + 1

    with app.app_context():
        upgrade()
        first = db.session.scalars(select(Appearance)).all()
        outcome, = ingest_articles([ArticleInput(text="دمشق - سانا\n" + TEXT, outlet_name="B", origin="b.txt")])
        db.session.commit()
        article = db.session.get(Article, 1)
        assert [(a.outlet_name, a.url_key, a.origin) for a in first] == [("A", "a.com/x", "a.txt")]
        assert outcome.duplicate and outcome.article_id == 1 and outcome.new_appearance
        assert [a.outlet_name for a in article.appearances] == ["A", "B"]
        db.session.remove()
        db.engine.dispose()
