"""The matcher's candidates reach the annotator: task sources and predictions in a real Label Studio."""
from sqlalchemy import select

from fact.extensions import db
from fact.labelstudio.config import MODEL_VERSION
from fact.models import Candidate, Span
from fact.services.tasks.wording import WORDS
from tests.helpers import SEEDS
from tests.helpers import task_of


def test_tasks_offer_candidates_first_and_strong_ones_arrive_as_predictions(runner, seeded, project, ls):
    assert runner.invoke(args=["fact", "match"]).exit_code == 0
    assert runner.invoke(args=["fact", "push"]).exit_code == 0
    eleven = db.session.scalar(select(Span).where(Span.kind == "sentence", Span.text.contains("11 دولة")))
    ours = db.session.scalars(select(Candidate).where(Candidate.span_id == eleven.id).order_by(Candidate.rank)).all()

    task = ls.tasks.get(id=task_of(eleven))

    options = [o["value"] for o in task.data["form"]["sources"]]
    assert options[: len(ours)] == [f"span:{c.candidate_span_id}" for c in ours]
    assert any(o.startswith("article:") for o in options[len(ours):])
    disputed = next(c for c in ours if c.hint == "dispute")
    shown = next(o["html"] for o in task.data["form"]["sources"] if o["value"] == f"span:{disputed.candidate_span_id}")
    assert WORDS["ar"]["dispute"] in shown and '<bdi dir="auto">13 دولة</bdi>' in shown
    (prediction,) = [p for p in ls.predictions.list(task=task.id) if p.model_version == MODEL_VERSION]
    verdict = next(r for r in prediction.result if r["from_name"] == "verdict")
    assert verdict["value"]["choices"] == ["disputed"]
    assert prediction.score > 0
    assert ls.projects.get(id=project).model_version == MODEL_VERSION


def test_tasks_already_in_label_studio_get_new_candidates(runner, seeded, project, ls, tmp_path):
    runner.invoke(args=["fact", "match"])
    runner.invoke(args=["fact", "push"])
    eleven = db.session.scalar(select(Span).where(Span.kind == "sentence", Span.text.contains("11 دولة")))
    wire = (SEEDS / "003_9b82c87fc8bf3d37.txt").read_text("utf-8").replace("13 دولة", "12 دولة")
    (tmp_path / "reprint.txt").write_text("نقلا عن وكالة\n" + wire, encoding="utf-8")
    runner.invoke(args=["fact", "ingest", str(tmp_path)])
    runner.invoke(args=["fact", "match"])

    pushed = runner.invoke(args=["fact", "push"])

    assert pushed.exit_code == 0, pushed.output
    assert " 0 refreshed" not in pushed.output.splitlines()[0]  # the sentences' line; the next is the claims'
    new_spans = set(db.session.scalars(select(Span.id).where(Span.article.has(origin="reprint.txt"))))
    gained = [c.candidate_span_id for c in db.session.scalars(select(Candidate).where(Candidate.span_id == eleven.id))
              if c.candidate_span_id in new_spans]
    assert gained, "the 11-countries sentence gained the reprint's 12-countries passage"
    options = [o["value"] for o in ls.tasks.get(id=task_of(eleven)).data["form"]["sources"]]
    assert f"span:{gained[0]}" in options
