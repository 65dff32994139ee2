"""Claims' evidence stored and kept current (fact.services.claims.evidence): the article that states a
claim first, with its passages; new articles reach the claims already searched without a search of
everything; a claim's rows replaced whole; a highlighted claim never its own evidence; the API shows
the evidence with its stances."""
import threading
from datetime import date, datetime, timezone

import numpy as np
import pytest
from sqlalchemy import event, func, select, update

from fact.extensions import db
from fact.matching.embedders import load_embedder
from fact.models import Claim, ClaimOrigin, ClaimVector, Span
from fact.models.annotations import Annotation, AnnotationRevision, Annotator, RevisionStatus
from fact.models.claim_work import (ArticleStance, ArticleStanceLabel, ClaimEvidence, ClaimPassage, ClaimSearch,
                                    StanceRationale)
from fact.services.claims import evidence as evidence_service
from fact.services.claims.evidence import refresh_evidence
from fact.services.claims.intake.store import take_claim
from fact.services.claims.intake.verdicts import VerdictMap
from fact.services.ingest.articles import ArticleInput, ingest_articles
from fact.services.matching.embeddings import embed_spans, model_key
from tests.helpers import count

OIL = "ارتفعت أسعار النفط في الأسواق العالمية بعد قرار أوبك خفض الإنتاج."
OIL_AGAIN = "وقالت أوبك إن خفض الإنتاج سيستمر حتى نهاية العام لدعم أسعار النفط."
TRADERS = "وقال متعاملون في لندن إن المخزونات الأمريكية تراجعت للأسبوع الثالث."
RAIN = "هطلت أمطار غزيرة على العاصمة عمان مساء الثلاثاء وأغلقت عدة طرق رئيسية."
SCHOOLS = "وأعلنت وزارة التربية تعليق الدوام في المدارس الحكومية يوم الأربعاء."
WHEAT = "أعلنت الحكومة المصرية شراء نصف مليون طن من القمح الروسي لسد حاجة السوق."
BREAD = "وأكد وزير التموين أن سعر رغيف الخبز المدعوم لن يتغير هذا العام."
FIGHTERS = "قال مصدر فرنسي إن مئات من مسلحي داعش توجهوا من سوريا إلى الموصل خلال الأسبوع الماضي."
RETOLD = "وصل بضع مئات من الجهاديين في الأيام الأخيرة إلى المدينة العراقية آتين من الأراضي السورية."
MATCH = "وتستضيف العاصمة القطرية مباراة ودية بين منتخبي البلدين الشهر المقبل."

OIL_CLAIM = "أوبك تقرر خفض الإنتاج فترتفع أسعار النفط"
WHEAT_CLAIM = "مصر تشتري نصف مليون طن من القمح الروسي"
FIGHTERS_CLAIM = "مقاتلون متشددون قدموا إلى الموصل مؤخرا"  # RETOLD shares no word with it


@pytest.fixture
def lexical(app):
    app.config["FACT_EMBEDDER"] = "none"
    return app


def _ingest(*articles: tuple[str, str, list[str]]) -> dict[str, int]:
    """Ingest (title, outlet, sentences) articles through the real ingest service; their ids by title."""
    outcomes = ingest_articles([ArticleInput(text="\n\n".join(sentences), title=title, outlet_name=outlet,
                                             url=f"https://news.example/{i}", published_at=date(2024, 5, i + 1))
                                for i, (title, outlet, sentences) in enumerate(articles)])
    db.session.commit()
    return {title: o.article_id for (title, _, _), o in zip(articles, outcomes)}


CORPUS = (("أوبك تخفض الإنتاج", "وكالة الأنباء", [OIL, OIL_AGAIN, TRADERS]),
          ("أمطار في عمان", "الرأي", [RAIN, SCHOOLS]),
          ("القمح الروسي", "الأهرام", [WHEAT, BREAD]),
          ("مباراة ودية", "الرياضة", [MATCH, TRADERS.replace("الثالث", "الرابع")]))


def _claim(text: str) -> int:
    taken = take_claim({"text": text, "appearances": []}, VerdictMap(), "api")
    db.session.commit()
    return taken.claim_id


def _evidence(claim_id: int) -> list[tuple[int, list[int]]]:
    """(article, [passage span ids]) of a claim's stored evidence, by rank."""
    rows = db.session.execute(select(ClaimEvidence.article_id, ClaimEvidence.rank, ClaimPassage.span_id)
                              .join(ClaimPassage).where(ClaimEvidence.claim_id == claim_id)
                              .order_by(ClaimEvidence.rank, ClaimPassage.rank)).all()
    out: dict[int, list[int]] = {}
    for article, _, span in rows:
        out.setdefault(article, []).append(span)
    return list(out.items())


def _span(text: str) -> int:
    return db.session.scalar(select(Span.id).where(Span.text == text, Span.kind == "sentence"))


def test_a_claim_from_outside_gets_the_article_that_states_it_first_with_its_best_passages(lexical):
    articles = _ingest(*CORPUS)
    oil, wheat = _claim(OIL_CLAIM), _claim(WHEAT_CLAIM)

    report = refresh_evidence()

    assert (report.claims, report.searched, report.updated, report.current, report.model) == (2, 2, 0, 0, "none")
    assert _evidence(oil)[0] == (articles["أوبك تخفض الإنتاج"], [_span(OIL), _span(OIL_AGAIN)])
    assert _evidence(wheat)[0] == (articles["القمح الروسي"], [_span(WHEAT)])
    ranks = db.session.scalars(select(ClaimEvidence.rank).where(ClaimEvidence.claim_id == oil)
                               .order_by(ClaimEvidence.rank)).all()
    assert ranks == list(range(1, len(ranks) + 1))
    passage = db.session.scalar(select(ClaimPassage).where(ClaimPassage.span_id == _span(OIL)))
    assert passage.found_by == "lexical" and passage.semantic_score is None and passage.score == passage.lexical_score
    search = db.session.get(ClaimSearch, oil)
    assert (search.through_span_id, search.model) == (db.session.scalar(select(func.max(Span.id))), "none")


def test_a_second_run_searches_nothing_and_a_new_article_reaches_the_claims_as_a_full_search_would(lexical):
    _ingest(*CORPUS)
    oil, wheat = _claim(OIL_CLAIM), _claim(WHEAT_CLAIM)
    refresh_evidence()
    again = refresh_evidence()
    newer = _ingest(("أوبك مجددا", "رويترز", [OIL_CLAIM + " في اجتماعها الطارئ.", RAIN.replace("عمان", "بيروت")]))

    report = refresh_evidence()
    updated = {c: _evidence(c) for c in (oil, wheat)}
    refresh_evidence(full=True)

    assert (again.searched, again.updated, again.current) == (0, 0, 2)
    assert (report.searched, report.updated, report.current) == (0, 2, 0)
    assert updated[oil][0][0] == newer["أوبك مجددا"]  # it states the claim word for word
    assert updated == {c: _evidence(c) for c in (oil, wheat)}  # what a search of everything finds
    assert count(ClaimSearch, ClaimSearch.through_span_id == db.session.scalar(select(func.max(Span.id)))) == 2


def test_a_claim_s_rows_are_replaced_whole_and_another_model_makes_it_stale(lexical):
    _ingest(*CORPUS)
    oil = _claim(OIL_CLAIM)
    refresh_evidence()
    before = (count(ClaimEvidence), count(ClaimPassage))
    db.session.execute(update(ClaimSearch).values(model="intfloat/multilingual-e5-small @ old"))
    db.session.commit()

    report = refresh_evidence()

    assert report.searched == 1
    assert (count(ClaimEvidence), count(ClaimPassage)) == before
    assert db.session.get(ClaimSearch, oil).model == "none"


def test_a_stored_passage_that_became_boilerplate_makes_its_claim_searched_afresh(lexical):
    _ingest(*CORPUS)
    oil = _claim(OIL_CLAIM)
    refresh_evidence()
    db.session.execute(update(Span).where(Span.id == _span(OIL_AGAIN)).values(is_boilerplate=True))
    _ingest(("نشرة", "الرأي", [SCHOOLS.replace("الأربعاء", "الخميس")]))

    report = refresh_evidence()

    assert (report.searched, report.updated) == (1, 0)
    assert _span(OIL_AGAIN) not in [s for _, spans in _evidence(oil) for s in spans]


def test_two_runs_at_once_leave_every_claim_with_the_whole_list_of_one_of_them(lexical, monkeypatch):
    _ingest(*CORPUS)
    claims = [_claim(f"{text} {n}") for n in range(12) for text in (OIL_CLAIM, WHEAT_CLAIM)]
    refresh_evidence()
    expected = {c: _evidence(c) for c in claims}
    monkeypatch.setattr(evidence_service, "CHUNK", 3)  # many small transactions, interleaved
    errors = []

    def run():
        with lexical.app_context():
            try:
                refresh_evidence(full=True)
            except Exception as error:  # noqa: BLE001 - the test reports what either run raised
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    db.session.expire_all()
    assert {c: _evidence(c) for c in claims} == expected
    assert count(ClaimSearch) == len(claims)


def test_a_highlighted_claim_never_gets_its_own_article_as_evidence(lexical):
    articles = _ingest(*CORPUS, ("النفط يرتفع", "الأهرام", [OIL.replace("العالمية", "الدولية"), BREAD + " مجددا"]))
    own = articles["أوبك تخفض الإنتاج"]
    span = db.session.get(Span, _span(OIL))
    claim = Claim(origin=ClaimOrigin.highlighted, article_id=own, span_id=span.id, start=span.start, end=span.end,
                  text=OIL, search_text=OIL)
    db.session.add(claim)
    db.session.commit()

    refresh_evidence()

    found = [article for article, _ in _evidence(claim.id)]
    assert found[0] == articles["النفط يرتفع"] and own not in found


def test_the_cli_reports_in_one_line_and_match_brings_the_evidence_up_to_date(lexical, runner, tmp_path):
    _ingest(*CORPUS)
    tips = tmp_path / "tips.jsonl"
    tips.write_text(f'{{"text": "{OIL_CLAIM}"}}\n', encoding="utf-8")

    imported = runner.invoke(args=["fact", "claims", "import", str(tips)])
    matched = runner.invoke(args=["fact", "match"])
    evidence = runner.invoke(args=["fact", "claims", "evidence"])
    full = runner.invoke(args=["fact", "claims", "evidence", "--full"])

    assert "run `flask fact claims evidence` (or `flask fact match`) to find their evidence" in imported.output
    assert matched.exit_code == evidence.exit_code == full.exit_code == 0
    assert "evidence: 1 claim(s) against 9 sentence(s) (none): 1 searched, 0 brought up to date" in matched.output
    assert evidence.output.splitlines() == [
        "1 claim(s) against 9 sentence(s) (none): 0 searched, 0 brought up to date, 1 already current; "
        "0 evidence article(s), 0 passage(s) written"]
    assert "1 searched" in full.output


def _stance(claim_id: int, article_id: int, annotator: int, stance: str, rationale: list[int], ls_id: int) -> None:
    """A current stance as the apply path stores one: an annotation, its revision, the stance, its rationale."""
    annotation = Annotation(ls_annotation_id=ls_id, claim_id=claim_id, annotator_id=annotator)
    db.session.add(annotation)
    db.session.flush()
    revision = AnnotationRevision(annotation_id=annotation.id, ls_updated_at=datetime.now(timezone.utc),
                                  annotator_id=annotator, via="test", result=[], result_hash=str(ls_id),
                                  status=RevisionStatus.accepted)
    db.session.add(revision)
    db.session.flush()
    row = ArticleStance(claim_id=claim_id, article_id=article_id, annotation_id=annotation.id,
                        revision_id=revision.id, annotator_id=annotator, stance=ArticleStanceLabel(stance))
    row.rationale = [StanceRationale(span_id=s) for s in rationale]
    db.session.add(row)
    db.session.flush()


def test_the_claim_shows_its_evidence_ranked_with_stances_and_articles_with_stances_alone(lexical, client):
    articles = _ingest(*CORPUS)
    oil_article, rain = articles["أوبك تخفض الإنتاج"], articles["أمطار في عمان"]
    oil = _claim(OIL_CLAIM)
    refresh_evidence()
    db.session.add_all([Annotator(id=1, email="a@example.org", name="Amal"), Annotator(id=2, email="b@example.org")])
    _stance(oil, oil_article, 1, "agree", [_span(OIL)], 101)
    _stance(oil, oil_article, 2, "agree", [], 102)
    _stance(oil, rain, 1, "unrelated", [], 103)  # an article the retrieval did not find
    db.session.commit()

    body = client.get(f"/api/claims/{oil}").json

    first, *rest = body["evidence"]
    assert first["article"] == {"id": oil_article, "title": "أوبك تخفض الإنتاج", "url": "https://news.example/0",
                                "outlet": "وكالة الأنباء", "published_at": "2024-05-01"}
    assert (first["rank"], first["stance"]) == (1, "agree")
    assert [p["span_id"] for p in first["passages"]] == [_span(OIL), _span(OIL_AGAIN)]
    assert first["passages"][0] == {"span_id": _span(OIL), "text": OIL, "rank": 1, "found_by": "lexical",
                                    "score": pytest.approx(first["passages"][0]["lexical_score"]),
                                    "lexical_score": pytest.approx(first["passages"][0]["score"]),
                                    "semantic_score": None}
    assert first["score"] == pytest.approx(first["passages"][0]["score"] + 0.1 * first["passages"][1]["score"])
    assert [(s["annotator_id"], s["annotator"], s["stance"], s["rationale"]) for s in first["stances"]] == [
        (1, "Amal", "agree", [{"span_id": _span(OIL), "text": OIL}]), (2, "b@example.org", "agree", [])]
    alone = rest[-1]
    assert (alone["article"]["id"], alone["rank"], alone["score"], alone["passages"], alone["stance"]) == (
        rain, None, None, [], "unrelated")
    assert rain not in [e["article"]["id"] for e in rest[:-1]]


def test_a_superseded_stance_is_not_shown_and_a_tie_has_no_majority(lexical, client):
    articles = _ingest(*CORPUS)
    oil_article = articles["أوبك تخفض الإنتاج"]
    oil = _claim(OIL_CLAIM)
    _stance(oil, oil_article, 1, "agree", [], 101)
    _stance(oil, oil_article, 2, "disagree", [], 102)
    _stance(oil, oil_article, 3, "discuss", [], 103)
    db.session.execute(update(ArticleStance).where(ArticleStance.annotator_id == 3)
                       .values(superseded_at=datetime.now(timezone.utc)))
    db.session.commit()

    [shown] = client.get(f"/api/claims/{oil}").json["evidence"]  # no evidence run: stances alone

    assert shown["stance"] is None and [s["stance"] for s in shown["stances"]] == ["agree", "disagree"]


def _statements(client, path: str) -> int:
    seen = []
    listener = lambda *args: seen.append(1)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return len(seen)


def test_the_evidence_is_read_in_the_same_few_queries_however_many_articles_and_stances(lexical, client):
    articles = _ingest(*CORPUS)
    oil = _claim(OIL_CLAIM)
    refresh_evidence()
    _stance(oil, articles["أوبك تخفض الإنتاج"], 1, "agree", [_span(OIL)], 101)
    db.session.commit()
    few = _statements(client, f"/api/claims/{oil}")
    for n, article in enumerate(articles.values()):
        for annotator in (2, 3):
            _stance(oil, article, annotator, "discuss", [_span(OIL), _span(WHEAT)], 200 + 10 * n + annotator)
    db.session.commit()

    many = _statements(client, f"/api/claims/{oil}")

    assert many == few
    assert len(client.get(f"/api/claims/{oil}").json["evidence"]) == len(articles)


def test_an_unknown_claim_is_404_in_the_error_shape(client):
    response = client.get("/api/claims/987654")

    assert response.status_code == 404
    assert response.json["message"] == "No claim 987654."


@pytest.mark.model
def test_with_the_bundled_e5_a_claim_finds_the_paraphrase_that_shares_no_word_with_it(app):
    e5 = load_embedder("e5-small")
    articles = _ingest(*CORPUS, ("داعش", "فرانس برس", [FIGHTERS]), ("الموصل", "الحياة", [RETOLD, MATCH + " أيضا"]))
    embed_spans(e5)
    claim = _claim(FIGHTERS_CLAIM)
    app.config["FACT_EMBEDDER"] = "none"
    refresh_evidence()
    by_words = [article for article, _ in _evidence(claim)]
    app.config["FACT_EMBEDDER"] = "e5-small"

    report = refresh_evidence()

    assert report.model == model_key(e5) and report.searched == 1  # another model: searched again
    found = [article for article, _ in _evidence(claim)]
    assert set(found[:2]) == {articles["داعش"], articles["الموصل"]}
    assert articles["الموصل"] not in by_words
    retold = db.session.scalar(select(ClaimPassage).where(ClaimPassage.span_id == _span(RETOLD)))
    assert retold.found_by == "semantic" and retold.semantic_score >= 0.85 and retold.lexical_score < 0.1


@pytest.mark.model
def test_a_claims_query_vector_is_stored_once_and_read_again_by_the_next_run(app):
    """The evidence search keeps each claim's query vector in claim_vectors (beside the passage vectors
    of the already-checked match): a run after new articles embeds no claim, a changed text embeds again."""
    e5 = load_embedder("e5-small")
    _ingest(*CORPUS)
    embed_spans(e5)
    claim = _claim(FIGHTERS_CLAIM)
    app.config["FACT_EMBEDDER"] = "e5-small"

    first = refresh_evidence()
    stored = db.session.execute(select(ClaimVector.reading, ClaimVector.model, ClaimVector.vector)
                                .where(ClaimVector.claim_id == claim)).all()
    _ingest(("داعش", "فرانس برس", [FIGHTERS]))
    embed_spans(e5)
    second = refresh_evidence()

    assert (first.embedded, second.embedded, second.updated) == (1, 0, 1)
    assert [(str(r.reading), r.model) for r in stored] == [("query", model_key(e5))]
    assert np.allclose(np.frombuffer(stored[0].vector, dtype="<f2"), e5.embed_queries([FIGHTERS_CLAIM])[0], atol=1e-3)
    db.session.execute(update(Claim).where(Claim.id == claim).values(text=FIGHTERS_CLAIM + " أمس"))
    db.session.commit()
    assert refresh_evidence(full=True).embedded == 1
