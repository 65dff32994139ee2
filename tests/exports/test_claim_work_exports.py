"""The exports of claim work (issue 14, items 5 and 6): the stance export's article rows, fever's sentence
evidence for claims from outside, claimreview's appearances, qrels of the decided matches, and the
agreement of the articles' stances, on rows stored as the claim-task apply path stores them."""
import json
from dataclasses import dataclass
from datetime import date

import krippendorff
import pytest
from sqlalchemy import delete, select

from fact.extensions import db
from fact.models import ArticleStance, Evidence
from fact.services.claims.intake.claimreview import claimreview_record
from fact.services.claims.aggregate import refresh_claims
from fact.services.claims.stances import stance_agreement
from fact.services.exports import ExportOptions, export_to_directory
from fact.services.exports.splits import group_sizes
from fact.services.exports.stances import stance_claim_ids
from tests.exports import claim_work as make
from tests.exports import direct

A, DIS, DISC, U = "agree", "disagree", "discuss", "unrelated"


@dataclass
class Work:
    x: object  # a claim from outside, corroborated, with stances on three articles
    y: object  # a claim from outside with stances only (no verdict)
    a1: object
    a2: object
    a3: object
    s1: list  # the sentences of a1, a2
    s2: list
    gold: int  # the outside annotator's id
    annotations: dict  # (claim, annotator) -> Label Studio annotation id


@pytest.fixture
def work(app):
    """Stances of annotators 1, 2 and gold (counted like anyone):

      X-A1  1 agree [s0 s1], 2 agree [s1], gold agree [s1]          agree (3)
      X-A2  1 disagree [a2 s0], gold discuss (2's agree superseded)  a tie: left out
      X-A3  1 unrelated, 2 unrelated                                 unrelated (2)
      Y-A1  gold disagree [s2]                                       disagree (one annotator)
      Y-A2  1 disagree, 2 agree (2's older annotation: disagree), gold disagree   disagree (2 to 1)

    X's verdicts: 1 and 2 corroborated, gold disputed: corroborated.
    """
    a1, s1 = make.article(["قال مسؤول إن اللقاح آمن.", "وأكدت الوزارة أنه لا يغير الحمض النووي.",
                           "ونفى خبراء ذلك."], url="https://news.example/a1")
    a2, s2 = make.article(["زعم منشور أن اللقاح يغير الجينات.", "وتداول مستخدمون المنشور."],
                          url="https://news.example/a2")
    a3, _ = make.article(["أعلنت البلدية افتتاح حديقة جديدة.", "وحضر الافتتاح مئات."])
    x = make.imported_claim("لقاح كورونا يغير الحمض النووي للإنسان", claimant="صفحة «صحتك أولاً» على فيسبوك",
                            claim_date=date(2021, 1, 28), appearances=[
                                ("https://twitter.com/health_rumors/status/2002", date(2021, 1, 30), None),
                                ("https://www.facebook.com/sehtak.awalan/posts/1001", date(2021, 1, 28), "صحتك أولاً"),
                                (None, None, None)])  # a record that said nowhere
    y = make.imported_claim("الحكومة ستمنع السفر دون لقاح")
    gold = make.outside_annotator("gold")
    annotations = {}
    annotations[(x, 1)] = make.claim_task(x, 1, "corroborated", {a1: (A, s1[:2]), a2: (DIS, s2[:1]), a3: (U, [])})
    annotations[(x, 2)] = make.claim_task(x, 2, "corroborated", {a1: (A, s1[1:2]), a3: (U, [])},
                                          superseded={a2: (A, [])})
    annotations[(x, gold)] = make.claim_task(x, gold, "disputed", {a1: (A, s1[1:2]), a2: (DISC, [])})
    make.claim_task(y, 2, None, {a2: (DIS, [])})  # 2's older annotation
    make.claim_task(y, 1, None, {a2: (DIS, [])})
    make.claim_task(y, 2, None, {a2: (A, [])})
    make.claim_task(y, gold, None, {a1: (DIS, s1[2:]), a2: (DIS, [])})
    db.session.commit()
    ids = {key: annotation.ls_annotation_id for key, annotation in annotations.items()}
    return Work(x, y, a1, a2, a3, s1, s2, gold, ids)


def export(tmp_path, name, **options):
    card = export_to_directory(name, tmp_path, ExportOptions(**options), show_progress=False)
    return tmp_path / name, card


def jsonl(path):
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_stance_gives_one_article_row_per_pair_with_the_stance_most_annotators_gave(tmp_path, work):
    folder, card = export(tmp_path, "stance")
    rows = {(r["claim_id"], r["article_id"]): r for r in jsonl(folder / "data.jsonl")}

    assert {key: r["label"] for key, r in rows.items()} == {
        (work.x.id, work.a1.id): A, (work.x.id, work.a3.id): U, (work.y.id, work.a1.id): DIS,
        (work.y.id, work.a2.id): DIS}  # X-A2 is a tie: left out
    agree = rows[(work.x.id, work.a1.id)]
    assert agree["level"] == "article" and agree["claim"] == work.x.text
    assert (agree["article_url"], agree["article_title"], agree["article_text"]) == (
        "https://news.example/a1", work.a1.title, work.a1.text)
    assert agree["rationale"] == [  # one sentence a line in these articles: line i is sentence i
        {"span_id": s.id, "text": s.text, "start": s.start, "end": s.end, "line": line, "marked_by": n}
        for s, line, n in zip(work.s1[:2], (0, 1), (1, 3))]
    assert agree["rationale_lines"] == [0, 1]
    assert agree["article_text"][agree["rationale"][1]["start"]:agree["rationale"][1]["end"]] == work.s1[1].text
    assert agree["votes"] == {A: 3}
    assert rows[(work.y.id, work.a2.id)]["votes"] == {A: 1, DIS: 2}  # 2's newer annotation counts
    assert rows[(work.x.id, work.a3.id)]["rationale"] == []
    assert rows[(work.y.id, work.a1.id)]["rationale"][0]["span_id"] == work.s1[2].id
    assert rows[(work.y.id, work.a1.id)]["rationale_lines"] == [2]
    stances = card["article_stances"]
    assert (stances["rows"], stances["claims"], stances["labels"]) == (4, 2, {DIS: 2, U: 1, A: 1})
    assert stances["left_out"] == {"ties": 1, "single": 0}
    assert card["counts"]["records"] == 4 and card["schema_version"] == "2.3"


def test_agreed_only_leaves_out_the_pairs_one_annotator_labelled(tmp_path, work):
    folder, card = export(tmp_path, "stance", agreed_only=True)

    assert sorted((r["claim_id"], r["article_id"]) for r in jsonl(folder / "data.jsonl")) == sorted([
        (work.x.id, work.a1.id), (work.x.id, work.a3.id), (work.y.id, work.a2.id)])
    assert card["article_stances"]["left_out"] == {"ties": 1, "single": 1}


# Nominal alpha by hand over the pairs two or more annotators labelled, gold among them:
#   X-A1 agree x3, X-A2 disagree + discuss, X-A3 unrelated x2, Y-A2 agree + disagree x2 (n = 10 values).
#   Coincidences: agree-agree 3, disagree-discuss 1 + discuss-disagree 1, unrelated 2, and from Y-A2 (m = 3,
#   each ordered pair weighs 1/2) agree-disagree 1, disagree-agree 1, disagree-disagree 1.
#   n_agree 4, n_disagree 3, n_discuss 1, n_unrelated 2. D_o = 4/10; D_e = (10² - 16 - 9 - 1 - 4) / (10 · 9)
#   = 70/90; alpha = 1 - (4/10) / (70/90) = 17/35. "agree or not": only Y-A2 disagrees (2 coincidences of
#   10), n 4 and 6: D_e = (100 - 16 - 36) / 90, alpha = 1 - (2/10) / (48/90) = 5/8.
STANCE_ALPHA, AGREE_ALPHA = round(17 / 35, 4), 0.625


def test_stats_give_the_stances_agreement_counting_outside_annotators_like_anyone(client, work):
    figures = client.get("/api/stats").json["stance_agreement"]

    assert (figures["pairs"], figures["votes"]) == (4, 10)
    assert figures["alpha"] == STANCE_ALPHA
    table = [[3, 0, 0, 0], [0, 1, 1, 0], [0, 0, 0, 2], [1, 2, 0, 0]]  # the library agrees with the hand count
    assert STANCE_ALPHA == round(float(krippendorff.alpha(value_counts=table, level_of_measurement="nominal")), 4)
    assert figures["per_label"][A] == AGREE_ALPHA
    assert set(figures["per_label"]) == {A, DIS, DISC, U}


def test_without_gold_the_stances_agreement_rests_on_fewer_pairs(client, work):
    claims = db.session.scalars(select(ArticleStance.claim_id).where(ArticleStance.annotator_id == work.gold)).all()
    db.session.execute(delete(ArticleStance).where(ArticleStance.annotator_id == work.gold))
    refresh_claims(claims)  # as every change of stances is followed (fact.services.annotations)
    db.session.commit()

    figures = stance_agreement()

    # X-A1 agree x2, X-A3 unrelated x2, Y-A2 disagree + agree (n = 6: agree 3, unrelated 2, disagree 1):
    # D_o = 2/6, D_e = (36 - 9 - 4 - 1) / 30 = 22/30, alpha = 1 - (1/3) / (22/30) = 6/11
    assert (figures.pairs, figures.votes) == (3, 6)
    assert figures.alpha == round(6 / 11, 4)


def test_the_stance_card_gives_the_agreement_of_the_pairs_it_wrote(tmp_path, work):
    folder, card = export(tmp_path, "stance")

    kripp = card["article_stances"]["krippendorff"]
    # The written pairs of two or more: X-A1 agree x3, X-A3 unrelated x2, Y-A2 agree + disagree x2 (the tie
    # X-A2 is not written). n = 8 (agree 4, disagree 2, unrelated 2); only Y-A2 disagrees: D_o = 2/8,
    # D_e = (64 - 16 - 4 - 4) / (8 · 7) = 40/56, alpha = 1 - (1/4) / (5/7) = 13/20.
    assert (kripp["pairs"], kripp["votes"], kripp["alpha"]) == (3, 8, 0.65)
    readme = (folder / "README.md").read_text("utf-8")
    assert "## Article stances" in readme and "0.65" in readme


def test_fever_gives_a_claim_from_outside_the_rationale_of_each_agreeing_annotators_agreeing_articles(tmp_path, work):
    folder, _ = export(tmp_path, "fever")
    records = {r["id"]: r for r in jsonl(folder / "data.jsonl")}

    assert set(records) == {work.x.id}  # Y has stances but no verdict: no FEVER label
    x = records[work.x.id]
    one, two = work.annotations[(work.x, 1)], work.annotations[(work.x, 2)]
    assert (x["label"], x["article_id"], x["start"]) == ("SUPPORTS", None, None)
    # gold disputed: not the label; 1's disagreeing A2 and both unrelated A3 are no evidence for SUPPORTS
    assert x["evidence"] == [
        [[one, None, work.a1.id, work.s1[0].id], [one, None, work.a1.id, work.s1[1].id]],
        [[two, None, work.a1.id, work.s1[1].id]]]


def test_fever_refutes_with_the_disagreeing_articles_and_an_article_with_no_sentence_whole(tmp_path, work):
    z = make.imported_claim("اللقاح يحتوي على شريحة إلكترونية")
    annotation = make.claim_task(z, 3, "disputed", {work.a1: (DIS, work.s1[2:]), work.a2: (DIS, []),
                                                    work.a3: (A, work.s1[:1])})
    db.session.commit()

    folder, _ = export(tmp_path, "fever")
    z_record = next(r for r in jsonl(folder / "data.jsonl") if r["id"] == z.id)

    n = annotation.ls_annotation_id
    assert z_record["label"] == "REFUTES"
    assert z_record["evidence"] == [[[n, None, work.a1.id, work.s1[2].id]], [[n, None, work.a2.id, None]]]


def test_claimreview_carries_a_claim_from_outside_with_its_claimant_date_and_appearances(tmp_path, work):
    folder, _ = export(tmp_path, "claimreview")
    review = next(r for r in json.loads((folder / "data.json").read_text("utf-8")) if r["identifier"] == str(work.x.id))

    item = review["itemReviewed"]
    assert item["author"] == {"@type": "Person", "name": "صفحة «صحتك أولاً» على فيسبوك"}
    assert item["datePublished"] == "2021-01-28"
    facebook = {"@type": "CreativeWork", "url": "https://www.facebook.com/sehtak.awalan/posts/1001",
                "datePublished": "2021-01-28", "author": {"@type": "Person", "name": "صحتك أولاً"}}
    assert item["appearance"] == [{"@type": "CreativeWork", "url": "https://twitter.com/health_rumors/status/2002",
                                   "datePublished": "2021-01-30"}, facebook]  # the empty record left out
    assert item["firstAppearance"] == facebook
    # read back by the import, it is the same claim, claimant, date and places
    record = claimreview_record(review)
    assert (record["text"], record["claimant"], record["claim_date"]) == (
        work.x.text, "صفحة «صحتك أولاً» على فيسبوك", "2021-01-28")
    assert {a["url"] for a in record["appearances"]} == {w["url"] for w in item["appearance"]}


def test_qrels_write_the_decided_matches_and_leave_suggestions_out(tmp_path, work):
    checked = [make.imported_claim(f"ادعاء سبق التحقق منه رقم {i}") for i in range(3)]
    make.match(work.x, checked[1], "linked")
    make.match(work.x, checked[0], "rejected", rank=2)
    make.match(work.y, checked[2], "suggested")
    make.match(work.y, checked[0], "linked")
    db.session.commit()

    folder, card = export(tmp_path, "qrels")

    assert (folder / "data.txt").read_text().splitlines() == [
        f"{work.x.id} 0 {checked[0].id} 0", f"{work.x.id} 0 {checked[1].id} 1", f"{work.y.id} 0 {checked[0].id} 1"]
    assert card["qrels"] | {"rule": None} == {"lines": 3, "queries": 2, "relevant": 2, "not_relevant": 1,
                                             "suggested_left_out": 1, "rule": None}
    assert card["counts"] == {"records": 3} and card["splits"] == {"all": {"records": 3}}
    assert not {"labels", "agreement", "label_rule"} & card.keys()  # it reads no verdicts: no zeros of them
    readme = (folder / "README.md").read_text()
    assert "## Judgements" in readme and "## Agreement" not in readme and "Claims: 0" not in readme


def test_a_split_keeps_a_claim_with_stances_only_in_the_split_of_its_own_group(tmp_path, work):
    sizes = group_sizes(None, stance_claim_ids())

    assert dict(sizes) == {f"claim:{work.x.id}": 1, f"claim:{work.y.id}": 1}
    folder, card = export(tmp_path, "stance", split=(0.5, 0.5, 0.0), seed=3)
    parts = {part: jsonl(folder / f"{part}.jsonl") for part in ("train", "dev", "test")}
    by_claim = {r["claim_id"]: part for part, rows in parts.items() for r in rows}
    assert by_claim[work.x.id] != by_claim[work.y.id]  # each claim a group, dealt to its own half
    assert sum(s["records"] for s in card["splits"].values()) == 4


def test_an_empty_database_gives_an_empty_qrels_file_and_stance_card(tmp_path, app):
    folder, card = export(tmp_path, "qrels")
    assert (folder / "data.txt").read_text() == "" and card["qrels"]["lines"] == 0
    _, stance = export(tmp_path, "stance")
    assert stance["article_stances"]["rows"] == 0 and stance["article_stances"]["krippendorff"]["alpha"] is None


def test_both_levels_of_stance_rows_load_with_hugging_face_datasets(tmp_path, work):
    import datasets

    highlighted = direct.claim(work.a1, text=work.s1[0].text)
    for annotator in (1, 2):
        verdict = direct.verdict(highlighted, annotator, "corroborated")
        db.session.add(Evidence(verdict_id=verdict.id, stance="supports", span_id=work.s2[0].id))
    db.session.commit()

    folder, card = export(tmp_path, "stance")
    loaded = datasets.load_dataset("json", data_files=str(folder / "data.jsonl"), split="train")

    assert sorted(loaded["level"]) == ["article"] * 4 + ["passage"]
    passage = loaded.filter(lambda r: r["level"] == "passage")[0]
    assert (passage["claim_id"], passage["evidence_span_id"], passage["label"]) == (highlighted.id, work.s2[0].id, A)
    assert passage["article_id"] is None and passage["rationale"] is None  # the article rows' fields
    assert card["counts"]["records"] == 5


def test_the_cli_and_the_api_write_the_same_qrels_and_stance_rows(runner, client, tmp_path, work):
    make.match(work.y, work.x, "linked")
    db.session.commit()

    for name, file in (("qrels", "data.txt"), ("stance", "data.jsonl")):
        result = runner.invoke(args=["fact", "export", "--format", name, "--out", str(tmp_path)])
        assert result.exit_code == 0, result.output
        response = client.get(f"/api/exports/{name}")
        assert response.status_code == 200 and response.get_data() == (tmp_path / name / file).read_bytes()
        if name == "qrels":  # it reads no claims: "of 0 claim(s)" would be wrong
            assert result.output.startswith(f"1 record(s) written to {tmp_path / 'qrels'} (all 1)")
    assert (tmp_path / "qrels" / "data.txt").read_text() == f"{work.y.id} 0 {work.x.id} 1\n"
    assert client.get("/api/exports/qrels").headers["Content-Type"] == "text/plain; charset=utf-8"


def test_the_progress_bar_counts_the_verdict_rows_and_the_stance_votes(tmp_path, work, monkeypatch):
    from fact.services.exports import writer

    bars = []

    class Bar:
        def __init__(self, total, **_kwargs):
            self.total, self.read = total, 0
            bars.append(self)

        def update(self, n):
            self.read += n

        def close(self):
            pass

    monkeypatch.setattr(writer, "quiet", lambda: False)
    monkeypatch.setattr(writer, "progress", Bar)

    export_to_directory("stance", tmp_path, ExportOptions(), show_progress=True)

    # X's three verdicts (a row each, no source), then the votes: X 3 + 2 + 2, Y 1 + 3
    assert [(bar.total, bar.read) for bar in bars] == [(3 + 11, 3 + 11)]
