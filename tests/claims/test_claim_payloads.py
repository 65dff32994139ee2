"""A claim task as its annotator gets it: the claim with who made it and where, each evidence article once
with its four stances, its passages under it, words in the claim's language, bidi isolation, and text
(not JSON) in every top-level field; the offers it records."""
from markupsafe import escape
from sqlalchemy import select

from fact.extensions import db
from fact.labelstudio.client import form_columns
from fact.labelstudio.claim_config import CLAIM_LABEL_CONFIG
from fact.models import Article, ClaimOffer
from fact.services.tasks import claim_wording
from fact.services.tasks.claim_payloads import claim_payloads, offered, record_claim_offers
from tests.claims.claim_tasks import give_evidence, import_claim
from tests.helpers import sentence


def test_an_arabic_claim_task_shows_the_claim_its_claimant_and_each_article_once_with_its_passages(
        runner, seeded, tmp_path):
    claim = import_claim(runner, tmp_path)
    thirteen, eleven = sentence("13 دولة في التحالف"), sentence("11 دولة")
    give_evidence(claim, [thirteen, eleven])

    (item,) = claim_payloads([claim])

    data = item["data"]
    assert item["meta"] == {"claim_id": claim.id} and data["claim_id"] == claim.id
    assert data["claim"] == claim.text
    assert data["about"] == "صاحب الادعاء: \u2068حساب على تويتر\u2069 · 2016-10-25"
    assert data["appeared"] == "ظهر في: \u2068twitter.com/example/status/1\u2069 (\u2068حساب أخبار\u2069، \u20682016-10-25\u2069)"
    assert all(isinstance(value, (str, int)) for key, value in data.items() if key != "form")  # columns of text
    form = data["form"]
    assert form["direction"] == '<span class="fact-rtl"></span>' and form["words"] == claim_wording.WORDS["ar"]
    articles = [thirteen.article_id, eleven.article_id]
    assert [option["value"] for option in form["articles"]] == [f"article:{a}" for a in articles]
    assert [child["html"] for child in form["articles"][0]["children"]] == list(claim_wording.STANCES["ar"].values())
    assert [child["value"] for child in form["articles"][0]["children"]] == ["agree", "disagree", "discuss", "unrelated"]
    assert [(option["value"], [child["value"] for child in option["children"]]) for option in form["passages"]] == [
        (f"article:{thirteen.article_id}", [f"span:{thirteen.id}"]), (f"article:{eleven.article_id}", [f"span:{eleven.id}"])]
    assert form["passages"][0]["children"][0]["html"].startswith('<bdi dir="auto">')
    assert [v["value"] for v in form["verdicts"]] == ["corroborated", "disputed", "unverifiable"]
    assert data["evidence"].startswith("2 مقالات: ")


def test_an_article_reads_outlet_date_title_and_first_words_and_omits_what_is_unknown(runner, seeded, tmp_path):
    claim = import_claim(runner, tmp_path)
    thirteen = sentence("13 دولة في التحالف")
    article = db.session.get(Article, thirteen.article_id)
    give_evidence(claim, [thirteen])

    (option,) = claim_payloads([claim])[0]["data"]["form"]["articles"]

    known = [part for part in (article.outlet_name, article.published_at and article.published_at.isoformat(),
                               article.title) if part]
    assert option["html"].startswith(f'<b><bdi dir="auto">{escape(" · ".join(known))}</bdi></b> — <bdi dir="auto">')
    assert not any(word in option["html"] for word in ("unknown", "untitled", "None"))


def test_an_english_claim_speaks_english_left_to_right(runner, seeded, tmp_path):
    claim = import_claim(runner, tmp_path, {"text": "Thirteen countries met in Paris", "language": "en"})
    give_evidence(claim, [sentence("13 دولة في التحالف")])

    data = claim_payloads([claim])[0]["data"]

    assert data["form"]["direction"] == '<span class="fact-ltr"></span>'
    assert data["form"]["words"]["instruction"] == claim_wording.WORDS["en"]["instruction"]
    assert data["about"] == data["appeared"] == ""  # nothing known, nothing said
    assert [c["html"] for c in data["form"]["articles"][0]["children"]] == ["agrees", "disagrees", "discusses", "unrelated"]


def test_a_claim_without_a_language_written_in_arabic_gets_arabic_words(runner, seeded, tmp_path):
    claim = import_claim(runner, tmp_path, {"text": "أغلقت المدارس يوم الاثنين"})
    assert claim.language is None
    give_evidence(claim, [sentence("11 دولة")])

    assert claim_payloads([claim])[0]["data"]["form"]["words"] == claim_wording.WORDS["ar"]


def test_every_article_and_passage_shown_is_recorded_as_offered_and_only_added(runner, seeded, tmp_path):
    claim = import_claim(runner, tmp_path)
    thirteen, eleven = sentence("13 دولة في التحالف"), sentence("11 دولة")
    give_evidence(claim, [thirteen])
    record_claim_offers(claim_payloads([claim]))
    give_evidence(claim, [eleven])  # searched again: another article
    payloads = claim_payloads([claim])
    record_claim_offers(payloads)
    db.session.commit()

    offers = set(db.session.execute(select(ClaimOffer.kind, ClaimOffer.source_id).where(ClaimOffer.claim_id == claim.id)))
    assert offers == {("article", thirteen.article_id), ("span", thirteen.id), ("article", eleven.article_id),
                      ("span", eleven.id)}
    assert offered(payloads[0]["data"]) == [("article", eleven.article_id), ("span", eleven.id)]


def test_the_data_manager_hides_the_forms_structures_of_the_claims_project():
    hidden = form_columns(CLAIM_LABEL_CONFIG)
    assert {"tasks:data.form", "tasks:data.form.articles", "tasks:data.form.passages"} <= set(hidden)
    assert not {"tasks:data.claim", "tasks:data.about", "tasks:data.appeared", "tasks:data.evidence"} & set(hidden)
