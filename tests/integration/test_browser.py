"""An annotator's whole job in a real browser: Debian's Chromium, driven by Playwright, in Label Studio."""
from pathlib import Path

import pytest
from sqlalchemy import select

from fact.extensions import db
from fact.models import Article, Span
from tests.helpers import task_of

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
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


def test_an_annotator_disputes_a_claim_in_the_browser_and_our_api_returns_it(
        browser, runner, client, seeded, project, labelstudio):
    assert runner.invoke(args=["fact", "push"]).exit_code == 0
    eleven = db.session.scalar(select(Span).where(Span.kind == "sentence", Span.text.contains(CLAIM)))
    cited = db.session.scalar(select(Article).join(Article.outlet).where(Article.title.contains("حملة الرقة")))
    page = browser.new_page(viewport={"width": 1400, "height": 1000})

    page.goto(f"{labelstudio.url}/user/login/")
    page.fill("input[name=email]", labelstudio.username)
    page.fill("input[name=password]", labelstudio.password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.goto(f"{labelstudio.url}/projects/{project}/data?task={task_of(eleven)}")
    page.wait_for_selector(".claim-text .lsf-richtext__container", timeout=60_000)
    page.get_by_text("Claim", exact=True).click()
    assert page.evaluate(SELECT_IN_CLAIM_TEXT, CLAIM)
    page.locator(".lsf-outliner-item, .lsf-tree__node").first.click()  # select the region: its controls show
    page.locator("label").filter(has_text="disputed").click()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "claim-and-verdict.png")
    # the second group of sources is "Sources that refute it"
    page.locator("label").filter(has_text=cited.title).nth(1).click()
    page.screenshot(path=ARTIFACTS / "cited-source.png")
    # Label Studio calls our webhook inside the Submit request: once it answers, the verdict is ours.
    with page.expect_response(lambda r: r.request.method == "POST" and "/annotations" in r.url) as submitted:
        page.get_by_role("button", name="Submit").click()
    assert submitted.value.status == 201

    claims = [c for c in client.get("/api/claims").json if c["article_id"] == eleven.article_id]
    assert len(claims) == 1
    claim = claims[0]
    assert claim["text"] == CLAIM
    assert eleven.article.text[claim["start"] : claim["end"]] == CLAIM
    (verdict,) = claim["verdicts"]
    assert verdict["label"] == "disputed"
    assert verdict["annotator"] == labelstudio.username
    assert [(s["stance"], s["kind"], s["article_id"]) for s in verdict["sources"]] == [
        ("refutes", "article", cited.id)]
