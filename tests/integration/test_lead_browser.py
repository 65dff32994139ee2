"""The lead's journey in a real browser (Debian's Chromium, driven by Playwright): log in, read the
progress and the contested queue, settle a contested claim with one click, and find the new label in
/api/claims and in the CSV export downloaded from the page; settle a tied stance by keyboard; the same
page in Arabic, right to left. Screenshots at 1280 and 390 px go to test-artifacts/; every page is checked by axe-core."""
import csv
import io
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from fact.extensions import db
from fact.models import Claim
from tests.helpers import ROOT, sentence
from tests.lead.conftest import LEAD_EMAIL, LEAD_PASSWORD, lead_app, tied_pair  # noqa: F401  (lead_app: a fixture)
from tests.payloads import created, offer, region

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"
WIDTHS = (1280, 390)


@pytest.fixture
def contested_claim(lead_app, annotated, hook, thirteen):
    """Beside the claims of `annotated` (one of them, "11 دولة", citing the "13 دولة" passage against it),
    two more annotators disagree on "نحو 900 جهادي", the first citing the "13 دولة" passage, as Label
    Studio's webhook delivers it."""
    fighters = sentence("نحو 900 جهادي")
    offer(fighters, f"span:{thirteen.id}")
    deliveries = [(20, region(fighters.text, "نحو 900 جهادي", "disputed", supports=[f"span:{thirteen.id}"]), 4),
                  (21, region(fighters.text, "نحو 900 جهادي", "corroborated"), 5)]
    for ls_id, result, user in deliveries:
        assert hook(created(ls_id, fighters, result, user=user)).json["outcomes"][0]["outcome"] == "accepted"
    claim = db.session.scalar(select(Claim).where(Claim.span_id == fighters.id))
    assert claim.agreement == "contested" and claim.label is None
    claim_id = claim.id
    # The test client's requests ran on this test's session, and pytest-flask still sees the last one's
    # POST: its reads would take SQLite's write lock. End the transaction, and read nothing more here.
    db.session.commit()
    return claim_id


def check_page(page, name: str) -> None:
    """At each width: no horizontal scrolling, no axe violation, and a screenshot."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.scrollingElement.scrollWidth") <= width, f"{name} scrolls sideways at {width}"
        page.screenshot(path=ARTIFACTS / f"{name}-{width}.png", full_page=True)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_the_lead_settles_a_contested_claim_on_the_page_and_the_api_and_export_say_so(
        browser, served, client, contested_claim, tied_stance):
    """With a tied stance waiting too, so that the page's screenshots (docs/img) show every queue."""
    claim_id = contested_claim
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(accept_downloads=True, locale="en-US")
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(f"{served}/lead/")
    assert urlsplit(page.url).path == "/lead/login"
    page.get_by_label("E-mail").fill(LEAD_EMAIL)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Wrong e-mail or password.")).to_be_visible()
    page.get_by_label("Password").fill(LEAD_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", name="Progress")).to_be_visible()
    claims_judged = page.locator(".tiles div").filter(has_text="Claims with a verdict").locator("dd")
    assert claims_judged.inner_text() == "5"  # A, B, C, E of `annotated` (D was deleted), and this one
    assert page.locator("#progress table").first.locator("tbody tr").count() == 5  # five annotators
    claim = page.locator(f"#claim-{claim_id}").locator("xpath=..")
    assert "1 contested claim waits" in page.locator("#contested").inner_text()
    assert claim.locator("form button").all_inner_texts() == ["corroborated", "disputed", "unverifiable"]
    verdicts = claim.locator(".verdict")
    assert verdicts.count() == 2  # each annotator's highlight and verdict, side by side
    assert sorted(verdicts.locator(".badge").all_inner_texts()) == ["corroborated", "disputed"]
    assert "13 دولة" in verdicts.locator(".sources").inner_text()  # the cited passage
    dispute = page.locator("#disputes .statements").inner_text()
    assert "11 دولة: outlet المغرب اليوم (the claim); 13 دولة: outlet الرأي برس" in dispute
    page.keyboard.press("Tab")  # the first stop is the skip link, shown when focused
    expect(page.locator(".skip-link")).to_be_focused()
    assert page.locator(".skip-link").bounding_box()["y"] >= 0
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    check_page(page, "lead-en")

    page.goto(f"{served}/lead/?lang=ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    expect(page.get_by_role("heading", name="التقدم")).to_be_visible()
    expect(page.get_by_role("heading", name="الخلافات بين وسائل الإعلام")).to_be_visible()
    expect(page.locator(f"#claim-{claim_id}").locator("xpath=..").get_by_role("button", name="مطعون فيه")).to_be_visible()
    check_page(page, "lead-ar")
    page.goto(f"{served}/lead/")  # the choice is remembered
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.goto(f"{served}/lead/?lang=en")
    claim = page.locator(f"#claim-{claim_id}").locator("xpath=..")

    claim.get_by_role("button", name="disputed").click()  # one click settles it

    expect(page.get_by_text(f"Claim {claim_id} settled: disputed.")).to_be_visible()
    expect(page.locator(f"#claim-{claim_id}")).to_have_count(0)  # out of the queue
    expect(page.locator(f"#settled-{claim_id} .badge")).to_have_text("disputed")
    assert client.get(f"/api/claims/{claim_id}").json["label"] == "disputed"
    with page.expect_download() as download:
        page.locator("#downloads a", has_text="csv").click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    assert {row["claim_label"] for row in rows if row["claim_id"] == str(claim_id)} == {"disputed"}
    assert requested and all(url.startswith(served) for url in requested)  # no CDN, nothing from elsewhere
    context.close()


@pytest.fixture
def suggestion(lead_app, runner, hook, client, auth):  # noqa: F811  (lead_app: the fixture imported above)
    """An imported claim offered, as already checked, the seed claim it repeats (by words alone)."""
    from tests.claims.checked_setup import suggest_sixty

    found = suggest_sixty(lead_app, runner, hook, client, auth)
    db.session.commit()  # as contested_claim: end the transaction, read nothing more here
    return found


def _log_in(page, served: str) -> None:
    page.goto(f"{served}/lead/")
    page.get_by_label("E-mail").fill(LEAD_EMAIL)
    page.get_by_label("Password").fill(LEAD_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_the_lead_links_an_already_checked_suggestion_and_the_claim_takes_its_label(
        browser, served, client, suggestion):
    near, sixty, match_id = suggestion
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    _log_in(page, served)

    card = page.locator(f"#match-{match_id}").locator("xpath=..")
    expect(card.locator(".badge")).to_have_text("corroborated")
    link = card.get_by_role("button", name="Link: the same claim")
    assert link.get_attribute("aria-describedby") == f"match-{match_id} match-{match_id}-checked"
    expect(page.locator(f"#match-{match_id}")).to_contain_text(f"Claim {near}")  # what the button is about
    page.locator("#checked").scroll_into_view_if_needed()
    check_page(page, "lead-checked-en")
    link.focus()
    page.keyboard.press("Enter")  # by keyboard

    expect(page.get_by_text(f"Claim {near} linked to claim {sixty}; its label: corroborated.")).to_be_visible()
    expect(page.locator(f"#match-{match_id}")).to_have_count(0)
    assert client.get(f"/api/claims/{near}").json["label"] == "corroborated"

    page.goto(f"{served}/lead/?lang=ar")
    expect(page.get_by_role("heading", name="سبق التحقق منه")).to_be_visible()
    check_page(page, "lead-checked-ar")
    context.close()


@pytest.fixture
def tied_stance(lead_app):  # noqa: F811  (lead_app: the fixture imported above)
    return tied_pair()


def test_the_lead_settles_a_tied_stance_by_keyboard_and_the_claims_evidence_says_so(
        browser, served, client, tied_stance):
    claim_id, article_id = tied_stance
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    _log_in(page, served)

    tie = page.locator(f"#tie-{claim_id}-{article_id}").locator("xpath=..")
    assert "1 article waits for the lead" in page.locator("#ties").inner_text()
    expect(tie.locator(".votes")).to_have_text("agrees: 1; disagrees: 1")
    assert tie.locator("form button").all_inner_texts() == ["agrees", "disagrees", "discusses", "unrelated"]
    button = tie.get_by_role("button", name="disagrees")
    assert button.get_attribute("aria-describedby") == (
        f"tie-settle-{claim_id}-{article_id} tie-{claim_id}-{article_id} tie-{claim_id}-{article_id}-article")
    page.locator("#ties").scroll_into_view_if_needed()
    check_page(page, "lead-ties-en")

    page.goto(f"{served}/lead/?lang=ar")
    expect(page.get_by_role("heading", name="مواقف متعادلة")).to_be_visible()
    check_page(page, "lead-ties-ar")
    page.goto(f"{served}/lead/?lang=en")
    page.locator(f"#tie-{claim_id}-{article_id}").locator("xpath=..").get_by_role("button", name="disagrees").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_text(f"Article {article_id} settled for claim {claim_id}: disagrees.")).to_be_visible()
    expect(page.locator(f"#tie-{claim_id}-{article_id}")).to_have_count(0)
    expect(page.locator("#ties")).to_contain_text("No tied stance waits.")
    evidence = client.get(f"/api/claims/{claim_id}").json["evidence"]
    assert [(e["article"]["id"], e["stance"], e["settled"]) for e in evidence] == [(article_id, "disagree", "disagree")]
    context.close()
