"""An annotator's job on a claim task in a real browser (Debian's Chromium, driven by Playwright), in
Label Studio's claims project: read the claim, give an article its stance, tick the sentence that
carries it, give the verdict, Submit; the stance and the verdict reach our database by the webhook."""
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from fact.extensions import db
from fact.labelstudio.client import ensure_claims_project
from fact.models import Article, ArticleStance, ClaimTask, Verdict
from fact.services.tasks import claim_wording, wording
from fact.services.tasks.claim_payloads import article_heading
from tests.claims.claim_tasks import give_evidence, import_claim
from tests.helpers import sentence
from tests.integration.test_browser import ARTIFACTS, ENGLISH, _open_task, _submit

pytestmark = pytest.mark.browser

ENGLISH_CLAIM = {"text": "Defence ministers of 13 countries met in Paris", "claimant": "A post on a social network",
                 "claim_date": "2016-10-25", "language": "en",
                 "appearances": [{"url": "https://social.example/posts/7", "date": "2016-10-25"}]}


def _article(page, block: str, heading: str):
    """The one entry of an article (by its heading) in the stances or the rationale block."""
    entry = page.locator(f".{block} .lsf-choice_notLeaf").filter(has_text=heading)
    expect(entry).to_have_count(1)
    return entry


def _tick(entry, text: str, exact: bool = True):
    """The checkbox under an article whose label is `text` (exactly: "agrees" is not "disagrees"), or
    contains it."""
    label = entry.locator(".lsf-choice__children label")
    return label.filter(has=entry.page.get_by_text(text, exact=True)) if exact else label.filter(has_text=text)


def _screenshot(page, name: str) -> None:
    """The whole page, and the editor alone (docs/img/ keeps a copy of that one)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png")
    page.screenshot(path=ARTIFACTS / f"{name}-editor.png", clip={"x": 245, "y": 95, "width": 1155, "height": 1000})


def _pushed(runner, tmp_path, record=None, fragments=("13 دولة في التحالف", "11 دولة")):
    claim = import_claim(runner, tmp_path, record) if record else import_claim(runner, tmp_path)
    thirteen, eleven = (sentence(fragment) for fragment in fragments)
    give_evidence(claim, [thirteen, eleven], at=datetime.now(timezone.utc) - timedelta(seconds=5))
    result = runner.invoke(args=["fact", "push"])
    assert result.exit_code == 0, result.output
    task_id = db.session.scalar(select(ClaimTask.ls_task_id).where(ClaimTask.claim_id == claim.id))
    return claim, thirteen, eleven, task_id


def _stances_of(claim_id: int) -> list[tuple]:
    db.session.rollback()  # what the webhook committed, in another session
    return [(s.article_id, s.stance.value, [r.span_id for r in s.rationale], s.annotator_id is not None)
            for s in db.session.scalars(select(ArticleStance).where(ArticleStance.claim_id == claim_id,
                                                                    ArticleStance.superseded_at.is_(None)))]


def test_an_annotator_gives_an_article_a_stance_and_a_claim_its_verdict_in_arabic(
        browser, runner, seeded, project, ls, labelstudio, tmp_path):
    claim, thirteen, eleven, task_id = _pushed(runner, tmp_path)
    words, stances = claim_wording.WORDS["ar"], claim_wording.STANCES["ar"]
    page = _open_task(browser, labelstudio, ensure_claims_project(ls), task_id, ready=".fact-claim .claim-text")

    expect(page.locator(".fact-instruction")).to_have_text(words["instruction"])
    expect(page.locator(".claim-text")).to_have_text(claim.text)
    assert page.locator(".fact-claim").evaluate("e => getComputedStyle(e).direction") == "rtl"
    expect(page.locator(".fact-claim").get_by_text("صاحب الادعاء: ", exact=False)).to_be_visible()
    expect(page.locator(".lsf-label__hotkey")).to_have_count(0)
    assert not [hint for hint in page.locator(".fact-claim .lsf-hint").all() if hint.is_visible()]
    eleven_article = db.session.get(Article, eleven.article_id)
    heading = article_heading(eleven_article)
    expect(page.locator(".stances .lsf-choice_notLeaf")).to_have_count(2)  # each article once (drawn after the claim)
    shown = page.locator(".fact-claim").inner_text()
    assert not any(word in shown for word in ("unknown", "untitled", "$form", "article:", "span:", "None")), shown

    _tick(_article(page, "stances", heading), stances["disagree"]).click()
    _tick(_article(page, "rationale", eleven_article.outlet_name), eleven.text[:30], exact=False).click()
    page.locator(".lsf-choice__checkbox").filter(has_text=wording.VERDICTS["ar"]["disputed"]).click()
    _screenshot(page, "claim-task-ar")
    _submit(page)

    assert _stances_of(claim.id) == [(eleven.article_id, "disagree", [eleven.id], True)]
    (verdict,) = db.session.scalars(select(Verdict).where(Verdict.claim_id == claim.id))
    assert (verdict.label.value, verdict.text) == ("disputed", claim.text)


def _ingest_english(runner, tmp_path) -> None:
    import json

    for name, (_title, _outlet, _date, text) in ENGLISH.items():
        (tmp_path / name).write_text(f"{text}\n", encoding="utf-8")
    (tmp_path / "manifest.json").write_text(json.dumps({"articles": [
        {"file": name, "title": title, "url": None, "outlet": outlet, "published_at": date, "language": "en"}
        for name, (title, outlet, date, _) in ENGLISH.items()]}), encoding="utf-8")
    assert runner.invoke(args=["fact", "ingest", str(tmp_path)]).exit_code == 0


def test_an_english_claim_task_reads_left_to_right_and_its_data_manager_shows_text(
        browser, runner, project, ls, labelstudio, tmp_path):
    _ingest_english(runner, tmp_path)
    claim, thirteen, eleven, task_id = _pushed(runner, tmp_path, ENGLISH_CLAIM,
                                               ("13 countries met in Paris", "11 countries met in Paris"))
    words, stances = claim_wording.WORDS["en"], claim_wording.STANCES["en"]
    claims_project = ensure_claims_project(ls)
    page = _open_task(browser, labelstudio, claims_project, task_id, ready=".fact-claim .claim-text")

    expect(page.locator(".fact-instruction")).to_have_text(words["instruction"])
    assert page.locator(".fact-claim").evaluate("e => getComputedStyle(e).direction") == "ltr"
    expect(page.locator(".fact-claim").get_by_text("Claimed by: \u2068A post on a social network\u2069 · 2016-10-25", exact=True)).to_be_visible()
    expect(page.locator(".fact-claim").get_by_text("Daily Example · 2016-10-26 · Ministers plan Mosul campaign — Defence ministers of 13",
                            exact=False)).to_be_visible()
    agrees = _article(page, "stances", "Daily Example")
    _tick(agrees, stances["agree"]).click()
    expect(_tick(agrees, stances["disagree"]).locator("input")).not_to_be_checked()  # "agrees" is not "disagrees"
    _tick(_article(page, "rationale", "Daily Example"), "13 countries", exact=False).click()
    _tick(_article(page, "stances", "Example Wire"), stances["disagree"]).click()
    page.locator(".lsf-choice__checkbox").filter(has_text=wording.VERDICTS["en"]["disputed"]).click()
    _screenshot(page, "claim-task-en")
    _submit(page)

    assert sorted(_stances_of(claim.id)) == sorted([(thirteen.article_id, "agree", [thirteen.id], True),
                                                    (eleven.article_id, "disagree", [], True)])
    page.goto(f"{labelstudio.url}/projects/{claims_project}/data")  # the Data Manager's columns show text
    page.get_by_text(claim.text, exact=True).first.wait_for(timeout=60_000)
    table = page.locator("body").inner_text()
    assert "2 articles: Daily Example · 2016-10-26 · Ministers plan Mosul campaign" in table
    assert not [shown for shown in ("form.", "<span", "[{", "<bdi") if shown in table], table
