"""Claims for the already-checked tests: a seed sentence given a verdict through the webhook (a checked
claim), and claims from outside that say nearly the same (new claims)."""
from sqlalchemy import select

from fact.extensions import db
from fact.models import Claim, ClaimMatch
from tests.helpers import sentence
from tests.payloads import created, deleted, region

SIXTY = "60 دولة"  # seed 000: "وتقود الولايات المتحدة تحالفا من 60 دولة يوفر دعما رئيسيا للعملية."
NEAR_SIXTY = "الولايات المتحدة تقود تحالفا من 60 دولة يوفر دعما للعملية"
RAQQA = "الرقة التي أعلنها مقرا"  # seed 000, another sentence
NEAR_RAQQA = "الرقة هي المدينة الرئيسية الوحيدة التي ستبقى تحت سيطرة التنظيم إذا خسر الموصل"


def check(hook, fragment: str, label: str, ls_id: int, user: int = 1) -> int:
    """The seed sentence holding `fragment`, highlighted whole with `label` by `user`: its claim's id."""
    span = sentence(fragment)
    response = hook(created(ls_id, span, region(span.text, span.text, label), user=user))
    assert response.json["outcomes"][0]["outcome"] == "accepted", response.json
    return db.session.scalar(select(Claim.id).where(Claim.span_id == span.id))


def uncheck(hook, *ls_ids: int) -> None:
    assert hook(deleted(*ls_ids)).status_code == 200


def import_claim(client, auth, text: str) -> int:
    response = client.post("/api/claims", json={"text": text, "language": "ar"}, headers=auth)
    assert response.status_code == 201, response.json
    return response.json["id"]


def matches(claim_id: int) -> list[tuple[int, str]]:
    """(checked claim, status) of a claim's matches, by rank."""
    return [(m.checked_claim_id, str(m.status)) for m in db.session.scalars(
        select(ClaimMatch).where(ClaimMatch.claim_id == claim_id).order_by(ClaimMatch.rank))]


def run_checked(runner, *args: str) -> str:
    result = runner.invoke(args=["fact", "claims", "checked", *args])
    assert result.exit_code == 0, result.output
    return result.output


def suggest_sixty(app, runner, hook, client, auth) -> tuple[int, int, int]:
    """(new claim, checked claim, match id): an imported claim offered, by words alone, the seed claim
    it repeats."""
    app.config["FACT_EMBEDDER"] = "none"
    sixty = check(hook, SIXTY, "corroborated", 1)
    near = import_claim(client, auth, NEAR_SIXTY)
    run_checked(runner)
    return near, sixty, db.session.scalar(select(ClaimMatch.id).where(ClaimMatch.claim_id == near))
