"""An annotator's whole job in a real browser: Debian's Chromium, driven by Playwright, in Label Studio,
on an Arabic task and an English one, in the layout of docs/task-ui.md."""
import json
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from fact.extensions import db
from fact.models import Article, Candidate, Span
from fact.services.tasks.wording import STANCES, VERDICTS, WORDS
from tests.helpers import task_of

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CLAIM = "11 دولة"

# A DOM Range selects exact code points (a mouse drag would have to hit glyph positions in RTL text);
# the editor turns the selection into a region on mouseup.
SELECT_IN_CLAIM_TEXT = """(fragment) => {
  const container = document.querySelector('.claim-text .lsf-richtext__container');
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.textContent.indexOf(fragment);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + fragment.length);
      window.getSelection().removeAllRanges();
      window.getSelection().addRange(range);
      (node.parentElement || node.parentNode).dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
      return true;
    }
  }
  return false;
}"""

ENGLISH = {  # two English reports of one meeting that disagree on a number
    "paris.txt": ("Coalition meets in Paris", "Example Wire", "2016-10-25",
                  "Defence ministers of 11 countries met in Paris on Tuesday to plan the Mosul campaign.\n\n"
                  "The ministers said the campaign would take months."),
    "ministers.txt": ("Ministers plan Mosul campaign", "Daily Example", "2016-10-26",
                      "Defence ministers of 13 countries met in Paris on Tuesday to plan the Mosul campaign.\n\n"
                      "They did not give a date for the Raqqa offensive."),
}


def _open_task(browser, labelstudio, project, task_id, ready=".claim-text .lsf-richtext__container"):
    """Log in and open the task; wait until its form (the `ready` selector) is drawn."""
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(f"{labelstudio.url}/user/login/")
    page.fill("input[name=email]", labelstudio.username)
    page.fill("input[name=password]", labelstudio.password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.goto(f"{labelstudio.url}/projects/{project}/data?task={task_id}")
    page.wait_for_selector(ready, timeout=60_000)
    return page


def _stance(page, passage: str, stance: str):
    """The stance checkbox under the one source whose label contains `passage`."""
    source = page.locator(".sources .lsf-choice_notLeaf").filter(has_text=passage)
    expect(source).to_have_count(1)
    return source.locator(".lsf-choice__children label").filter(has_text=stance)


def _highlight_and_judge(page, language: str, claim: str, verdict: str):
    """The journey up to Submit: choose the label, select the claim's words, and, with no click on the
    region, see the verdict and the sources and give the verdict."""
    words = WORDS[language]
    expect(page.locator(".fact-instruction")).to_have_text(words["instruction"])
    page.locator(".lsf-label").filter(has_text=words["claim"]).click()
    assert page.evaluate(SELECT_IN_CLAIM_TEXT, claim)
    expect(page.locator(".lsf-outliner-item__text")).to_have_text(claim)  # the region exists...
    expect(page.get_by_text(words["verdict"], exact=True)).to_be_visible()  # ...and its form is in view
    expect(page.get_by_text(words["sources"], exact=True)).to_be_visible()
    page.locator(".lsf-choice__checkbox").filter(has_text=VERDICTS[language][verdict]).click()


def _submit(page) -> None:
    # Label Studio calls our webhook inside the Submit request: once it answers, the verdict is ours.
    with page.expect_response(lambda r: r.request.method == "POST" and "/annotations" in r.url) as submitted:
        page.get_by_role("button", name="Submit").click()
    assert submitted.value.status == 201


def _source_labels(page) -> list[str]:
    return page.locator(".sources .lsf-choice_notLeaf > .lsf-choice__item").all_inner_texts()


def _screenshots(page, name: str) -> None:
    """The whole page, and the editor alone (what docs/img/ keeps a copy of)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png")
    page.screenshot(path=ARTIFACTS / f"{name}-editor.png", clip={"x": 245, "y": 95, "width": 1155, "height": 1000})


def _verdicts_of(client, article_id: int) -> list[dict]:
    claims = [c for c in client.get("/api/claims").json if c["article_id"] == article_id]
    return [verdict for claim in claims for verdict in claim["verdicts"]]


def test_an_annotator_disputes_an_arabic_claim_and_our_api_returns_it_with_its_refuting_source(
        browser, app, runner, client, seeded, project, labelstudio):
    app.config["FACT_PREDICTION_SCORE"] = 2.0  # no pre-annotation: the annotator highlights the claim
    assert runner.invoke(args=["fact", "match"]).exit_code == 0
    assert runner.invoke(args=["fact", "push"]).exit_code == 0
    eleven = db.session.scalar(select(Span).where(Span.kind == "sentence", Span.text.contains(CLAIM)))
    disputing = db.session.scalar(select(Candidate).where(Candidate.span_id == eleven.id, Candidate.hint == "dispute",
                                                          Candidate.candidate.has(Span.text.contains("13 دولة"))))
    dated = db.session.scalar(select(Article).where(Article.title.contains("مئات من مسلحي داعش")))
    page = _open_task(browser, labelstudio, project, task_of(eleven))

    _highlight_and_judge(page, "ar", CLAIM, "disputed")
    _stance(page, "13 دولة في التحالف", STANCES["ar"]["refutes"]).click()

    form = page.locator(".fact-task")
    assert form.evaluate("e => getComputedStyle(e).direction") == "rtl"
    expect(page.locator(".lsf-label__hotkey")).to_be_hidden()  # no hotkey numbers beside the label...
    assert not [hint for hint in page.locator(".fact-task .lsf-hint").all() if hint.is_visible()]  # ...or choices
    # The hint "⚠ خلاف محتمل: 11 دولة ≠ 13 دولة": each value isolated, so that 13 stays beside دولة.
    hint = page.locator(".sources i").filter(has_text=WORDS["ar"]["dispute"]).first
    assert hint.locator("bdi").all_inner_texts() == ["11 دولة", "13 دولة"]
    labels = _source_labels(page)
    assert labels and not any(w in label for label in labels for w in ("unknown", "untitled", "outlet", "date"))
    # the whole article whose first paragraph opens "٢٤ أكتوبر ٢٠١٦أفاد مصدر": without its dateline
    assert any(label.startswith(f"{dated.published_at.isoformat()} — أفاد مصدر") for label in labels), labels
    _screenshots(page, "task-ar")
    page.locator(".lsf-outliner-item").click()  # the region selected: its panel shows no choice ids
    expect(page.get_by_text(WORDS["ar"]["verdict"], exact=True)).to_be_visible()
    shown = page.locator("body").inner_text()
    assert "span:" not in shown and "$form" not in shown  # nor the label's name unresolved
    page.screenshot(path=ARTIFACTS / "task-ar-region-selected.png")
    _submit(page)

    (verdict,) = _verdicts_of(client, eleven.article_id)
    assert (verdict["label"], verdict["text"], verdict["annotator"]) == ("disputed", CLAIM, labelstudio.username)
    assert [(s["stance"], s["kind"], s["span_id"]) for s in verdict["sources"]] == [
        ("refutes", "passage", disputing.candidate_span_id)]


def test_an_annotator_corroborates_an_english_claim_with_a_supporting_article(
        browser, app, runner, client, project, labelstudio, tmp_path):
    for name, (title, outlet, date, text) in ENGLISH.items():
        (tmp_path / name).write_text(f"{text}\n", encoding="utf-8")
    (tmp_path / "manifest.json").write_text(json.dumps({"articles": [
        {"file": name, "title": title, "url": None, "outlet": outlet, "published_at": date, "language": "en"}
        for name, (title, outlet, date, _) in ENGLISH.items()]}), encoding="utf-8")
    assert runner.invoke(args=["fact", "ingest", str(tmp_path)]).exit_code == 0
    app.config["FACT_PREDICTION_SCORE"] = 2.0
    assert runner.invoke(args=["fact", "push"]).exit_code == 0
    sentence = db.session.scalar(select(Span).where(Span.kind == "sentence", Span.text.contains("11 countries")))
    other = db.session.scalar(select(Article).where(Article.title == "Ministers plan Mosul campaign"))
    page = _open_task(browser, labelstudio, project, task_of(sentence))

    _highlight_and_judge(page, "en", "met in Paris on Tuesday", "corroborated")
    _stance(page, "Daily Example · 2016-10-26", STANCES["en"]["supports"]).click()

    assert page.locator(".fact-task").evaluate("e => getComputedStyle(e).direction") == "ltr"
    expect(page.get_by_role("heading", name="Example Wire · Coalition meets in Paris · 2016-10-25", exact=True)).to_be_visible()
    assert "Daily Example · 2016-10-26 — Defence ministers of 13 countries" in " ".join(_source_labels(page))
    _screenshots(page, "task-en")
    _submit(page)

    page.goto(f"{labelstudio.url}/projects/{project}/data")  # the Data Manager's columns show text
    page.get_by_text("Defence ministers of 11 countries", exact=False).first.wait_for(timeout=60_000)
    table = page.locator("body").inner_text()
    assert "Example Wire · Coalition meets in Paris" in table
    assert not [shown for shown in ("form.direction", "<span", "[{", "<bdi") if shown in table], table
    expect(page.get_by_text("form", exact=True)).to_have_count(0)  # no column of the form's structures
    page.screenshot(path=ARTIFACTS / "data-manager.png")

    (verdict,) = _verdicts_of(client, sentence.article_id)
    assert (verdict["label"], verdict["text"]) == ("corroborated", "met in Paris on Tuesday")
    assert [(s["stance"], s["kind"], s["article_id"]) for s in verdict["sources"]] == [
        ("supports", "article", other.id)]


def test_a_pre_annotated_task_opens_with_its_verdict_and_cited_source_in_view(
        browser, runner, client, seeded, project, labelstudio):
    assert runner.invoke(args=["fact", "match"]).exit_code == 0
    assert runner.invoke(args=["fact", "push"]).exit_code == 0
    eleven = db.session.scalar(select(Span).where(Span.kind == "sentence", Span.text.contains(CLAIM)))
    page = _open_task(browser, labelstudio, project, task_of(eleven))

    expect(page.locator(".lsf-outliner-item")).to_have_count(1)  # the suggested claim, not selected
    disputed = page.locator(".lsf-choice__checkbox").filter(has_text=VERDICTS["ar"]["disputed"])
    expect(disputed.locator("input")).to_be_checked()
    expect(_stance(page, "13 دولة في التحالف", STANCES["ar"]["refutes"]).locator("input")).to_be_checked()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "task-ar-predicted.png")
    _submit(page)  # accepting the suggestion as it is makes it the annotator's verdict

    (verdict,) = _verdicts_of(client, eleven.article_id)
    assert verdict["label"] == "disputed" and [s["stance"] for s in verdict["sources"]] == ["refutes"]
