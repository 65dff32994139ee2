"""What the lead's page shows and how: every section over the real services, nothing loaded from
elsewhere, each plot with its caption and its numbers as a table, and a bounded contested queue."""
import re

from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from fact.extensions import db
from fact.lead import views
from fact.models import Claim
from tests.lead.conftest import tied_pair
from tests.payloads import created, region


def _page(client) -> str:
    response = client.get("/lead/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_every_section_is_there_with_its_heading_and_landmark(lead, annotated):
    page = _page(lead)

    for section in ("progress", "agreement", "outlets", "contested", "disputes", "downloads"):
        assert f'<section id="{section}" aria-labelledby="{section}-heading">' in page
        assert f'href="#{section}"' in page  # in the page's contents
    assert '<a class="skip-link" href="#main">' in page and '<main id="main"' in page


def test_progress_and_agreement_are_the_figures_of_api_stats(lead, annotated):
    stats = lead.get("/api/stats").json
    page = _page(lead)

    assert f"<dd>{stats['progress']['sentences']:,}</dd>" in page
    assert f"with {stats['agreement']['verdicts']} votes" in page
    assert f"It rests on {stats['agreement']['claims']} claims" in page
    assert 'href="/api/claims?agreement=contested">contested: 1 (JSON)' in page
    for person in stats["annotators"]:
        assert f"user {person['annotator_id']}" in page


def test_nothing_on_the_page_comes_from_another_site(lead, annotated):
    page = _page(lead)

    assert not re.findall(r'(?:src|href|action)="(?!/|#|\?)', page)  # every address is our own
    assert "url(http" not in page and "@import" not in page and "<script" not in page
    policy = lead.get("/lead/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'none'" in policy


def test_each_plot_is_an_image_named_by_its_caption_with_its_numbers_in_a_table(lead, annotated):
    page = _page(lead)

    for plot in ("plot-progress", "plot-agreement", "plot-outlets"):
        assert f'<figcaption id="{plot}">' in page
        assert f'<svg role="img" aria-labelledby="{plot}"' in page
    assert page.count("<summary>The numbers of this plot</summary>") == 3
    assert "<!--" not in page.split("<svg", 1)[1]  # pygal's comments (its site's addresses) are cut


def test_the_plots_tables_count_claims_by_outlet_and_verdicts_by_day(lead, annotated):
    page = _page(lead)

    assert '<th scope="row"><bdi>الرأي برس</bdi></th>' in page
    assert re.search(r"<th scope=\"row\"><bdi>\d{4}-\d\d-\d\d</bdi></th><td>8</td><td>8</td>", page)


def test_the_contested_queue_is_bounded_and_counts_them_all(lead, app, hook, eleven, monkeypatch):
    monkeypatch.setattr(views, "QUEUE", 2)
    sentences = db.session.scalars(db.select(type(eleven)).where(type(eleven).kind == "sentence")
                                   .order_by(type(eleven).id).limit(3)).all()
    for n, span in enumerate(sentences):
        fragment = span.text.split()[0]
        for user, label in ((1, "disputed"), (2, "corroborated")):
            result = region(span.text, fragment, label)
            assert hook(created(10 * n + user, span, result, user=user)).json["outcomes"][0]["outcome"] == "accepted"
    assert db.session.scalar(db.select(db.func.count()).select_from(Claim).where(Claim.agreement == "contested")) == 3

    page = _page(lead)

    assert "3 contested claims wait for the lead (the longest waiting first; 2 shown)" in page
    assert len(re.findall(r'<article class="claim card"', page)) == 2
    assert "3 ادعاءات مختلف عليها بانتظار المشرف" in lead.get("/lead/?lang=ar").get_data(as_text=True)


def test_a_queue_of_one_says_so_in_the_singular_and_in_arabic_in_its_plural_form(lead, app):
    tied_pair()

    assert "1 article waits for the lead" in _page(lead)
    assert "مقال واحد ينتظر المشرف" in lead.get("/lead/?lang=ar").get_data(as_text=True)


def test_the_page_runs_a_bounded_number_of_statements(lead, annotated):
    statements = []
    event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    _page(lead)
    first = len(statements)
    statements.clear()
    _page(lead)

    assert first < 40  # no statement per claim, verdict or row
    assert len(statements) < first  # the figures are kept while nothing changed: only the fingerprint is read


def test_a_database_that_does_not_answer_is_a_503_page_with_retry_after(lead, monkeypatch):
    def locked():
        raise OperationalError("SELECT 1", {}, Exception("database is locked"))
    monkeypatch.setattr(views, "figures", locked)

    response = lead.get("/lead/")

    assert response.status_code == 503 and response.mimetype == "text/html"
    assert response.headers["Retry-After"] == "5"
    assert "The database does not answer" in response.get_data(as_text=True)


def test_every_export_format_is_listed_with_what_it_holds_in_both_languages(lead):
    from fact.services.exports import FORMATS

    for lang in ("en", "ar"):
        page = lead.get(f"/lead/?lang={lang}").get_data(as_text=True)
        listed = dict(re.findall(r'<a href="/api/exports/([\w-]+)" download><bdi dir="ltr">[\w-]+</bdi></a>: ([^<]+)</li>',
                                 page))
        assert listed.keys() == FORMATS.keys()
        assert all(help.strip() and help.strip() != name for name, help in listed.items())
    assert "TREC qrels" in listed["qrels"] and "المسؤول" in listed["qrels"]
