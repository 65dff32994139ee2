"""Annotations made the way real ones are: Label Studio webhook bodies posted to the app by several
annotators, and a lead's adjudications through the API. Two claims in each seed article."""
import re
from dataclasses import dataclass, field
from itertools import count

from sqlalchemy import select

from fact.extensions import db
from fact.models import Article, Claim, Span, Verdict
from fact.services.claims.votes import CURRENT
from tests.payloads import annotation, offer, region, webhook

C, D, U = "corroborated", "disputed", "unverifiable"
FEVER = {C: "SUPPORTS", D: "REFUTES", U: "NOT ENOUGH INFO"}


@dataclass
class Scenario:
    sentences: list[Span]  # s0..s9, two per article
    claims: dict[int, Claim] = field(default_factory=dict)  # sentence index -> its claim
    annotations: dict[tuple[int, int], int] = field(default_factory=dict)  # (sentence, user) -> LS id

    def claim(self, index: int) -> Claim:
        return self.claims[index]


def pick_sentences() -> list[Span]:
    """The first two sentences of each article that an annotator would see, with two words or more."""
    picked = []
    for article_id in db.session.scalars(select(Article.id).order_by(Article.id)):
        spans = db.session.scalars(
            select(Span).where(Span.article_id == article_id, Span.kind == "sentence",
                               Span.is_boilerplate.is_(False)).order_by(Span.position)
        )
        picked += [s for s in spans if re.match(r"\S+\s+\S+", s.text)][:2]
    assert len(picked) == 10
    return picked


def fragment(span: Span) -> str:
    return re.match(r"\S+\s+\S+", span.text).group(0)


def build(hook, client, auth) -> Scenario:
    s = pick_sentences()
    scenario = Scenario(s)
    ls_ids = count(1)

    def annotate(i, user, label, **sources):
        ls_id = next(ls_ids)
        body = webhook("ANNOTATION_CREATED", annotation(ls_id, 900 + i, region(s[i].text, fragment(s[i]), label,
                                                                               **sources),
                                                        "2026-11-22T10:00:00.000000Z", user=user), s[i].id)
        response = hook(body)
        assert response.json["outcomes"][0]["outcome"] == "accepted", response.json
        scenario.annotations[(i, user)] = ls_id

    other = {i: s[(i + 2) % 10].id for i in range(10)}  # a passage of another article
    for i, span in enumerate(s):  # what each task offered: that passage, and the first article
        offer(span, f"span:{other[i]}", f"article:{s[0].article_id}")
    for i, label in enumerate([C, D, U, C, D, U]):  # two annotators agree
        stance = "refutes" if label == D else "supports"
        annotate(i, 1, label, **{stance: [f"span:{other[i]}"]},
                 **({"urls_supporting": ["https://example.org/source"]} if i == 0 else {}))
        annotate(i, 2, label)
    annotate(6, 1, C, supports=[f"span:{other[6]}"])  # a majority: disputed, two cite the same passage
    annotate(6, 2, D, refutes=[f"span:{other[6]}"])
    annotate(6, 3, D, refutes=[f"span:{other[6]}"])
    annotate(7, 1, C, supports=[f"span:{other[7]}"])  # contested, never adjudicated
    annotate(7, 2, D, refutes=[f"span:{other[7]}"])
    annotate(8, 1, D)  # annotators agree on disputed; the lead adjudicates corroborated
    annotate(8, 2, D)
    annotate(9, 1, U, supports=[f"article:{s[0].article_id}"], urls_refuting=["https://example.org/other"])  # alone
    for i, span in enumerate(s):
        scenario.claims[i] = db.session.scalar(select(Claim).where(Claim.span_id == span.id))
    response = client.post(f"/api/claims/{scenario.claims[8].id}/adjudication",
                           json={"label": C, "adjudicator": "lead@example.org"}, headers=auth)
    assert response.status_code == 201, response.json
    db.session.expire_all()
    return scenario


# What each claim's label must be by the rules: the majority; none when contested; adjudicated wins.
FINAL = {0: C, 1: D, 2: U, 3: C, 4: D, 5: U, 6: D, 7: None, 8: C, 9: U}


def current_verdicts() -> int:
    return len(db.session.scalars(select(Verdict.id).where(CURRENT)).all())
