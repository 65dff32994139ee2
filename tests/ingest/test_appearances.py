"""One article, several appearances: a wire copy or another link to a page is recorded on the article
it copies, re-ingesting adds nothing, and the API, the tasks, the CLI and ClaimReview say so."""
import json
import threading

from sqlalchemy import select

from fact.extensions import db
from fact.models import Appearance, Article
from fact.services.ingest.articles import ArticleInput, ingest_articles
from tests.helpers import SEEDS, count, sentence

BASE = (SEEDS / "004_167cec9cb5c4cf15.txt").read_text("utf-8")
COPY = "دمشق - سانا\n" + BASE.replace("\n", "\nشارك على فيسبوك تويتر واتساب\n", 1) + "\nالمصدر: وكالات"
CONTRADICTING = BASE.replace("لوزراء دفاع 11 دولة", "لوزراء دفاع 13 دولة")


def jsonl(path, *records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def ingest(runner, *paths):
    return runner.invoke(args=["fact", "ingest", *map(str, paths)])


def appearances():
    return [(a.article_id, a.outlet_name, a.url_key, a.similarity is not None)
            for a in db.session.scalars(select(Appearance).order_by(Appearance.article_id, Appearance.id))]


def test_a_wire_copy_from_another_outlet_is_another_appearance_of_the_first(runner, tmp_path):
    first = jsonl(tmp_path / "a.jsonl", {"text": BASE, "outlet": "المغرب اليوم", "url": "https://www.a.com/news/1"})
    copy = jsonl(tmp_path / "b.jsonl", {"text": "خبر آخر. لا علاقة له.", "outlet": "وكالة"},
                 {"text": COPY, "outlet": "الرأي برس", "url": "https://b.com/x?utm_source=tw",
                  "published_at": "2016-10-26"})
    assert ingest(runner, first).exit_code == 0

    result = ingest(runner, copy)

    article = db.session.scalar(select(Article).where(Article.outlet.has(name="المغرب اليوم")))
    assert result.exit_code == 0
    assert count(Article) == 2
    assert f"already there: {copy} line 2 → article {article.id} (outlet المغرب اليوم, a copy" in result.output
    assert "1 new appearance(s) of articles already there" in result.output
    assert [(a.outlet_name, a.url_key, a.published_at and a.published_at.isoformat())
            for a in article.appearances] == [("المغرب اليوم", "a.com/news/1", None),
                                              ("الرأي برس", "b.com/x", "2016-10-26")]


def test_the_same_text_from_another_outlet_is_recorded_too(runner, tmp_path):
    """Before appearances, an exact duplicate was skipped and its outlet recorded nowhere."""
    ingest(runner, jsonl(tmp_path / "a.jsonl", {"text": BASE, "outlet": "A"}))

    result = ingest(runner, jsonl(tmp_path / "b.jsonl", {"text": BASE, "outlet": "B"}))

    assert "(outlet A, the same text, new appearance)" in result.output
    assert appearances() == [(1, "A", None, False), (1, "B", None, False)]


def test_reingesting_a_file_of_copies_and_twins_adds_nothing(runner, tmp_path):
    path = jsonl(tmp_path / "w.jsonl", {"text": BASE, "outlet": "A", "url": "https://www.a.com/x?fbclid=1"},
                 {"text": BASE, "outlet": "A", "url": "http://a.com/x/"},  # the http twin of the page
                 {"text": COPY, "outlet": "B", "url": "https://b.com/y"})
    ingest(runner, path)
    once = appearances()

    again = ingest(runner, path)

    assert once == [(1, "A", "a.com/x", False), (1, "B", "b.com/y", True)]
    assert appearances() == once
    assert "0 article(s) ingested, 3 already there, 0 file(s) rejected\n" in again.output


def test_a_copy_with_another_number_is_its_own_article(runner, tmp_path):
    result = ingest(runner, jsonl(tmp_path / "w.jsonl", {"text": BASE, "outlet": "A"},
                                  {"text": CONTRADICTING, "outlet": "B"}))

    assert "2 article(s) ingested, 0 already there" in result.output
    assert appearances() == [(1, "A", None, False), (2, "B", None, False)]


def test_the_api_lists_appearances_and_finds_an_article_by_any_link_to_its_page(runner, client, auth, tmp_path):
    ingest(runner, jsonl(tmp_path / "w.jsonl", {"text": BASE, "outlet": "A", "url": "https://a.com/x"}))

    posted = client.post("/api/articles", headers=auth,
                         json={"text": COPY, "outlet": "B", "url": "http://www.b.com/y?gclid=2"})
    detail = client.get("/api/articles/1").json
    by_url = client.get("/api/articles", query_string={"url": "https://b.com/y#top"}).json
    by_outlet = client.get("/api/articles", query_string={"outlet": "B"}).json

    assert posted.status_code == 409 and posted.headers["Location"].endswith("/api/articles/1")
    assert "a copy" in posted.json["message"] and "another appearance" in posted.json["message"]
    assert [(a["outlet"], a["url"], a["url_key"]) for a in detail["appearances"]] == [
        ("A", "https://a.com/x", "a.com/x"), ("B", "http://www.b.com/y?gclid=2", "b.com/y")]
    assert detail["appearances"][1]["similarity"] > 0.6 and detail["appearances"][0]["similarity"] is None
    assert [a["id"] for a in by_url] == [1] == [a["id"] for a in by_outlet]
    assert client.get("/api/articles", query_string={"url": "https://b.com/other"}).json == []


def test_tasks_say_who_else_published_the_text(runner, client, tmp_path):
    ingest(runner, jsonl(tmp_path / "w.jsonl", {"text": BASE, "outlet": "A"},
                         {"text": COPY, "outlet": "B", "published_at": "2016-10-26"},
                         {"text": "خبر آخر لا علاقة له. وجملة ثانية.", "outlet": "C"}))

    tasks = {t["data"]["article_id"]: t["data"] for t in client.get("/api/tasks").json}

    assert tasks[1]["also_published"] == "نشره أيضًا: B (2016-10-26)"  # in the task's language (Arabic)
    assert tasks[2]["also_published"] == ""


def test_claimreview_lists_every_appearance_of_the_claims_article(annotated, runner, client, tmp_path):
    article = sentence("11 دولة").article
    copy = "دمشق - سانا\n" + article.text + "\nالمصدر: وكالات"
    ingest(runner, jsonl(tmp_path / "w.jsonl", {"text": copy, "outlet": "B", "url": "https://b.com/y"}))

    reviews = client.get("/api/exports/claimreview").get_json(force=True)

    review = next(r for r in reviews if r["claimReviewed"] == "11 دولة")
    publishers = [a.get("publisher", {}).get("name") for a in review["itemReviewed"]["appearance"]]
    assert publishers == [article.outlet_name, "B"]
    assert review["itemReviewed"]["appearance"][1]["url"] == "https://b.com/y"


def test_two_workers_ingesting_the_same_copies_end_as_one_would(app, tmp_path):
    records = [ArticleInput(text=BASE, outlet_name="A", url="https://a.com/x", origin="w:1"),
               ArticleInput(text=COPY, outlet_name="B", url="https://b.com/y", origin="w:2")]
    barrier, errors = threading.Barrier(2), []

    def worker(order):
        with app.app_context():
            try:
                barrier.wait()
                ingest_articles(order)
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(order,)) for order in (records, records[::-1])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert count(Article) == 1
    assert sorted((outlet, key) for _, outlet, key, _ in appearances()) == [("A", "a.com/x"), ("B", "b.com/y")]
