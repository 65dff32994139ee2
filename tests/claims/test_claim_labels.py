"""`flask fact claims labels`: a labelled stance corpus imported as a named annotator's annotations."""
import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from fact.extensions import db
from fact.models import (Annotation, AnnotationRevision, Annotator, Article, ArticleStance, Claim, ClaimOffer,
                         ClaimOrigin, Verdict)
from fact.services.annotations.apply import apply_annotations
from fact.services.claims.labels.lines import span_lines
from schemas.labelstudio import AnnotationSchema
from tests.claims.claim_results import claim_result
from tests.helpers import count
from tests.payloads import annotation

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "claims" / "stance_labels.jsonl"
RECORDS = [json.loads(line) for line in CORPUS.read_text("utf-8").splitlines()]
C1, C2, C3 = RECORDS[0]["claim"], RECORDS[4]["claim"], RECORDS[6]["claim"]


def labels(runner, *paths, annotator="gold", extra=()):
    return runner.invoke(args=["fact", "claims", "labels", *map(str, paths), "--annotator", annotator, *extra])


def stored_labels() -> set[tuple]:
    """(claim, article's first line, stance, rationale lines, annotator) of every stance that counts."""
    found = set()
    for stance in db.session.scalars(select(ArticleStance).where(ArticleStance.superseded_at.is_(None))):
        text = stance.article.text
        found.add((stance.claim.text, text.splitlines()[0], stance.stance,
                   tuple(span_lines(text, [r.span for r in stance.rationale])), stance.annotator_id))
    return found


def expected(records=RECORDS, annotator=-1) -> set[tuple]:
    articles = {r["article_url"]: r["article"] for r in records if "article" in r and "article_url" in r}
    claims = {}  # the first spelling of a claim is the one stored
    return {(claims.setdefault(r["claim"].replace("\u064f", "").replace("\u0651", ""), r["claim"]),
             r.get("article", articles.get(r.get("article_url"))).splitlines()[0], r["stance"].lower(),
             tuple(r.get("rationale", [])), annotator) for r in records}


def test_a_stance_corpus_imports_as_the_annotations_of_a_named_annotator(runner):
    result = labels(runner, CORPUS)

    assert result.exit_code == 0, result.output
    assert "7 record(s): 3 claim(s) labelled by gold, 0 unchanged, 0 left out; 3 claim(s) and 4 article(s) new" \
        in result.output
    assert db.session.execute(select(Annotator.id, Annotator.name)).all() == [(-1, "gold")]
    assert stored_labels() == expected()
    claims = {c.text: c for c in db.session.scalars(select(Claim))}
    assert set(claims) == {C1, C2, C3} and {c.origin for c in claims.values()} == {ClaimOrigin.imported}
    verdicts = dict(db.session.execute(select(Claim.text, Verdict.label).join(Verdict.claim)).all())
    assert verdicts == {C1: "disputed", C2: "corroborated"}  # C3 gives stances only
    (c1_verdict,) = claims[C1].verdicts
    assert (c1_verdict.start, c1_verdict.end, c1_verdict.annotator_id) == (0, len(C1), -1)
    offered = db.session.execute(select(ClaimOffer.claim_id, ClaimOffer.kind)).all()
    assert sorted(offered) == sorted([(claims[C1].id, "article")] * 4 + [(claims[C2].id, "article")] * 2
                                     + [(claims[C3].id, "article")])
    rows = db.session.execute(select(Annotation.ls_annotation_id, Annotation.claim_id, Annotation.annotator_id)).all()
    assert sorted(rows) == sorted((-(c.id * 100 + 1), c.id, -1) for c in claims.values())
    assert set(db.session.scalars(select(AnnotationRevision.via))) == {"import"}
    assert claims[C1].verdict_count == 1 and claims[C1].agreement == "single"


def test_the_article_named_by_url_is_the_one_given_as_text(runner):
    labels(runner, CORPUS)

    water = db.session.scalar(select(Article).where(Article.url == RECORDS[0]["article_url"]))
    c2 = db.session.scalar(select(Claim).where(Claim.text == C2))
    (stance,) = db.session.scalars(select(ArticleStance).where(ArticleStance.claim_id == c2.id,
                                                               ArticleStance.article_id == water.id))
    # line 3 holds two sentences: both carry the stance
    assert [r.span.text for r in stance.rationale] == [
        "وقال وزير المياه في مؤتمر صحفي إن القرار يشمل جميع المحافظات.",
        "وأضاف أن الخفض سيكلف الخزينة نحو أربعين مليون دينار سنويا."]
    assert count(Article) == 4


def test_importing_the_same_corpus_again_changes_nothing(runner):
    labels(runner, CORPUS)
    before = (count(AnnotationRevision), count(ArticleStance), count(Verdict), count(Article), count(Claim))

    again = labels(runner, CORPUS)

    assert again.exit_code == 0, again.output
    assert "0 claim(s) labelled by gold, 3 unchanged, 0 left out; 0 claim(s) and 0 article(s) new" in again.output
    assert (count(AnnotationRevision), count(ArticleStance), count(Verdict), count(Article), count(Claim)) == before


def test_a_changed_file_makes_a_new_revision_of_the_claims_it_changes(runner, tmp_path):
    labels(runner, CORPUS)
    changed = [dict(r) for r in RECORDS]
    changed[6] = {**changed[6], "stance": "discuss", "rationale": [1, 2]}
    path = tmp_path / "changed.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in changed), "utf-8")

    result = labels(runner, path)

    assert result.exit_code == 0, result.output
    assert "1 claim(s) labelled by gold, 2 unchanged" in result.output
    assert stored_labels() == expected(changed)
    c3 = db.session.scalar(select(Claim).where(Claim.text == C3))
    statuses = db.session.scalars(select(AnnotationRevision.status).join(AnnotationRevision.annotation)
                                  .where(Annotation.claim_id == c3.id).order_by(AnnotationRevision.id)).all()
    assert statuses == ["superseded", "accepted"]
    assert count(ArticleStance, ArticleStance.superseded_at.is_not(None)) == 1


def test_a_csv_of_the_corpus_imports_the_same_labels(runner, tmp_path):
    path = tmp_path / "stance.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, ["claim", "claim_id", "article", "article_url", "article_title",
                                         "article_date", "outlet", "stance", "rationale", "verdict", "Body ID"])
        writer.writeheader()
        for number, record in enumerate(RECORDS):
            writer.writerow({**record, "rationale": " ".join(map(str, record.get("rationale", []))),
                             "Body ID": number})

    result = labels(runner, path)

    assert result.exit_code == 0, result.output
    assert stored_labels() == expected()


def test_a_gold_verdict_counts_in_agreement_like_an_annotators(runner):
    labels(runner, CORPUS)
    c1 = db.session.scalar(select(Claim).where(Claim.text == C1))
    article = db.session.scalar(select(ArticleStance.article_id).where(ArticleStance.claim_id == c1.id))
    raw = annotation(1, 901, claim_result("corroborated", {article: "agree"}), "2026-11-22T10:00:00Z", user=7)
    assert apply_annotations([(AnnotationSchema().load(raw), {"claim_id": c1.id})], via="sync")[0].outcome == "accepted"
    db.session.commit()

    db.session.refresh(c1)
    assert (c1.verdict_count, c1.agreement, c1.majority_label) == (2, "contested", None)
    votes = dict(db.session.execute(select(Verdict.annotator_id, Verdict.label).where(Verdict.claim_id == c1.id)).all())
    assert votes == {-1: "disputed", 7: "corroborated"}


def test_two_named_annotators_are_two_voices(runner):
    labels(runner, CORPUS, annotator="gold")
    result = labels(runner, CORPUS, annotator="other team")

    assert result.exit_code == 0, result.output
    assert dict(db.session.execute(select(Annotator.name, Annotator.id)).all()) == {"gold": -1, "other team": -2}
    c1 = db.session.scalar(select(Claim).where(Claim.text == C1))
    assert (c1.verdict_count, c1.agreement) == (2, "unanimous")
    assert stored_labels() == expected() | expected(annotator=-2)


def write(tmp_path, records, name="bad.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n"
                            for r in records), "utf-8")
    return path


def test_each_bad_record_is_one_line_and_keeps_only_its_claim_out(runner, tmp_path):
    a1, a3 = RECORDS[0], RECORDS[6]
    records = [
        a3,  # 1: good, its claim lands
        {**a1, "claim": "البنك المركزي رفع سعر الفائدة", "stance": "supports"},  # 2
        {"claim": "البنك المركزي رفع سعر الفائدة", "article": a3["article"], "stance": "discuss"},  # 3: left out with 2
        {**a1, "claim": "ادعاء أول", "rationale": [9]},  # 4
        {**a1, "claim": "ادعاء ثان", "rationale": [1]},  # 5: line 1 of the article is blank
        {"claim": "ادعاء ثالث", "article_url": "https://unknown.example.org/x", "stance": "agree"},  # 6
        {**a1, "claim": "ادعاء رابع", "stance": "unrelated", "rationale": [2]},  # 7
        {"claim": "ادعاء خامس", "stance": "agree"},  # 8
        "not json",  # 9
        {**a1, "claim": "ادعاء سادس", "verdict": "maybe"},  # 10
        {**a1, "claim": "ادعاء سابع"},  # 11
        {**a1, "claim": "ادعاء سابع", "stance": "disagree"},  # 12: the same article, another stance
        {**a1, "claim": "ادعاء ثامن", "verdict": "disputed"},  # 13
        {**RECORDS[1], "claim": "ادعاء ثامن", "verdict": "corroborated"},  # 14: two verdicts for one claim
        {**a1, "claim": "ادعاء تاسع", "article": "\u0000"},  # 15
    ]
    path = write(tmp_path, records)

    result = labels(runner, path)

    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("rejected")]
    assert lines == [
        f"rejected {path}:2: stance: Not one of agree, disagree, discuss, unrelated.",
        f"rejected {path}:7: rationale: An unrelated article has no rationale lines.",
        f"rejected {path}:8: article: Give the article's text, or the URL of an ingested article.",
        f"rejected {path}:9: not JSON (Expecting value)",
        f"rejected {path}:10: verdict: Not one of corroborated, disputed, unverifiable (or FEVER's SUPPORTS, REFUTES, "
        "NOT ENOUGH INFO).",
        f"rejected {path}:15: article: Contains a NUL character (U+0000) at character 0, which cannot be stored.",
        f"rejected {path}:3: claim left out with its 1 good record(s): {path}:2 is rejected",
        f"rejected {path}:4: rationale: line 9 is past the article's last line (4)",
        f"rejected {path}:5: rationale: line 1 of the article is blank",
        f"rejected {path}:6: article_url https://unknown.example.org/x is no article ingested (ingest it, or give "
        "its text)",
        f"rejected {path}:12: the same article has stance agree at {path}:11, and disagree here; its claim is left "
        "out with its 1 other record(s)",
        f"rejected {path}:14: the claim is given two verdicts ({path}:13: disputed, {path}:14: corroborated); its "
        "claim is left out with its 1 other record(s)",
    ]
    assert "15 record(s): 1 claim(s) labelled by gold, 0 unchanged, 6 left out" in result.output
    assert db.session.scalars(select(Claim.text)).all() == [C3]
    assert stored_labels() == expected([a3])
    assert count(Article) == 1  # the articles of the claims left out went with them


def test_an_article_that_is_a_copy_of_one_ingested_keeps_its_rationale_on_the_same_lines(runner, seeded, tmp_path):
    stored = db.session.scalar(select(Article).where(Article.text.contains("11 دولة")))
    line = next(i for i, text in enumerate(stored.text.splitlines()) if "11 دولة" in text)
    copy = "اقرأ أيضا: تغطية خاصة لمعركة الموصل\n" + stored.text
    path = write(tmp_path, [{"claim": "11 دولة اجتمعت في باريس", "article": copy, "stance": "agree",
                             "rationale": [line + 1]}], "copy.jsonl")

    result = labels(runner, path)

    assert result.exit_code == 0, result.output
    (stance,) = db.session.scalars(select(ArticleStance))
    assert stance.article_id == stored.id
    assert span_lines(stored.text, [r.span for r in stance.rationale]) == [line]
    assert "0 article(s) new" in result.output


@pytest.mark.parametrize("name, content, reason", [
    ("labels.csv", None, "cannot be read (No such file or directory); nothing of the file is imported"),
    ("labels.jsonl", "\n", "the file is empty"),
    ("labels.csv", "", "the first line is no header with claim and stance columns"),
    ("labels.csv", "text,stance\nx,agree\n", "the first line is no header with claim and stance columns"),
])
def test_a_file_that_cannot_be_read_is_one_line(runner, tmp_path, name, content, reason):
    path = tmp_path / name
    if content is not None:
        path.write_text(content, "utf-8")

    result = labels(runner, path, CORPUS)

    assert result.exit_code == 1
    assert f"rejected {path}: {reason}" in result.output
    assert "7 record(s): 3 claim(s) labelled by gold" in result.output


def test_an_annotator_needs_a_name(runner):
    result = labels(runner, CORPUS, annotator="  ")

    assert result.exit_code == 2
    assert "--annotator" in result.output and count(Annotator) == 0


def test_format_reads_a_file_whatever_its_name(runner, tmp_path):
    path = tmp_path / "corpus.txt"
    path.write_text(CORPUS.read_text("utf-8"), "utf-8")

    result = labels(runner, path, extra=("--format", "jsonl"))

    assert result.exit_code == 0, result.output
    assert stored_labels() == expected()


def test_labels_deleted_since_their_import_stay_deleted_when_imported_again(runner):
    from fact.services.annotations.apply import delete_annotations

    labels(runner, CORPUS)
    c3 = db.session.scalar(select(Claim).where(Claim.text == C3))
    delete_annotations([-(c3.id * 100 + 1)], via="webhook")
    db.session.commit()

    again = labels(runner, CORPUS)

    assert again.exit_code == 0, again.output
    assert {label[0] for label in stored_labels()} == {C1, C2}


def test_a_new_annotator_whose_id_another_import_took_meanwhile_takes_the_next(app, monkeypatch):
    """Two imports naming new annotators at once pick the same next id (PostgreSQL takes no lock there):
    the loser's insert does nothing, and its labels must not go to the winner's name."""
    from fact.services.claims.labels import imports

    real, raced = imports.insert_missing, []

    def racing(session, model, rows, *key):
        if not raced:  # the other import commits its annotator with the id this one chose
            raced.append(rows[0]["id"])
            real(session, model, [{"id": rows[0]["id"], "name": "someone else"}], "id")
        real(session, model, rows, *key)

    monkeypatch.setattr(imports, "insert_missing", racing)

    gold = imports.outside_annotator("gold")

    assert raced == [-1] and gold == -2
    assert dict(db.session.execute(select(Annotator.id, Annotator.name).where(Annotator.id < 0)).all()) == {
        -1: "someone else", -2: "gold"}
