"""The page's figures are kept between loads: recounted whenever the data changed while counting is
cheap, and at most FACT_LEAD_STATS_SECONDS old once it is not (a million verdicts take seconds)."""
import pytest

from fact.lead import figures as kept_figures
from tests.payloads import created, region


@pytest.fixture
def one_verdict(hook, eleven):
    def give(ls_id: int, user: int):
        result = region(eleven.text, "11 دولة", "disputed")
        assert hook(created(ls_id, eleven, result, user=user)).json["outcomes"][0]["outcome"] == "accepted"
    give(1, 1)
    return give


def _verdicts(app) -> int:
    return sum(row["verdicts"] for row in kept_figures.figures().values["labels"])


def test_cheap_figures_are_recounted_as_soon_as_the_data_changes(app, one_verdict):
    assert _verdicts(app) == 1
    first = kept_figures.figures()
    assert kept_figures.figures() is first  # nothing changed: kept

    one_verdict(2, 2)

    assert _verdicts(app) == 2


def test_costly_figures_are_kept_until_they_are_too_old(app, one_verdict, monkeypatch):
    monkeypatch.setattr(kept_figures, "CHEAP_SECONDS", 0)  # every count is costly
    app.config["FACT_LEAD_STATS_SECONDS"] = 3600
    assert _verdicts(app) == 1

    one_verdict(2, 2)
    assert _verdicts(app) == 1  # kept: at most an hour old

    app.config["FACT_LEAD_STATS_SECONDS"] = 0
    assert _verdicts(app) == 2
