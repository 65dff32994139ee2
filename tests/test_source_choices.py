"""The source choice ids a task offers ("span:N", "article:N") are written and read by one codec."""
import pytest

from fact.labelstudio.config import ARTICLE, PASSAGE, parse_source_choice, source_choice
from fact.services.tasks.payloads import offered_sources, task_payloads, taskable_spans
from fact.extensions import db


@pytest.mark.parametrize("kind", [PASSAGE, ARTICLE])
def test_a_source_choice_reads_back_as_what_it_was_written_from(kind):
    assert parse_source_choice(source_choice(kind, 2147483647)) == (kind, 2147483647)


@pytest.mark.parametrize("value", ["span:0", "span:01", "article:", "span:2147483647 ", "story:3", "<script>",
                                   "span:12345678901", "SPAN:1"])
def test_anything_else_is_not_a_source_choice(value):
    assert parse_source_choice(value) is None


def test_every_source_a_task_offers_is_a_choice_that_reads_back_and_is_remembered(app, seeded):
    spans = list(db.session.scalars(taskable_spans().limit(3)))
    payloads = task_payloads(spans, source_articles=20)
    offered = offered_sources({span.id for span in spans})

    for span, payload in zip(spans, payloads):
        choices = [parse_source_choice(option["value"]) for option in payload["data"]["form"]["sources"]]
        assert choices and None not in choices
        assert set(choices) == offered[span.id]
