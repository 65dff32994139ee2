"""The already-checked matches as TREC qrels (`query_id 0 doc_id relevance`), the layout of the CheckThat!
"previously fact-checked claims" gold files and of trec_eval: the new claim is the query, the claim
already checked the document.

Qrels are judgements, so only the lead's decisions are written: a linked match is relevant (1), a
rejected one judged not relevant (0, which trec_eval counts as judged and MAP ignores); a suggestion
nobody decided yet is the matcher's guess, not a judgement, and is left out.
"""
from collections import Counter
from collections.abc import Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from fact.extensions import db
from fact.models import Article, Claim, ClaimMatch, MatchStatus
from fact.services.exports.rows import YIELD_PER, group_of

RELEVANCE = {MatchStatus.linked: 1, MatchStatus.rejected: 0}
JUDGED = ClaimMatch.status.in_(list(RELEVANCE))


class CheckedMatches:
    """The qrels lines, and what the card says of them (counted as they are written)."""

    section = "qrels"

    def __init__(self, agreed_only: bool = False):
        self.relevance: Counter = Counter()
        self.queries: set[int] = set()

    def claim_ids(self):
        return select(ClaimMatch.claim_id).where(JUDGED)

    def count(self) -> int:
        return db.session.scalar(select(func.count()).select_from(ClaimMatch).where(JUDGED))

    def records(self, on_rows=None) -> Iterator[tuple[str, dict]]:
        article = aliased(Article)
        statement = (select(ClaimMatch.claim_id, ClaimMatch.checked_claim_id, ClaimMatch.status,
                            Claim.article_id, article.story_cluster_id)
                     .join(Claim, Claim.id == ClaimMatch.claim_id).outerjoin(article, article.id == Claim.article_id)
                     .where(JUDGED).order_by(ClaimMatch.claim_id, ClaimMatch.checked_claim_id))
        result = db.session.connection().execute(statement, execution_options={"yield_per": YIELD_PER})
        for partition in result.partitions():
            for query, document, status, article_id, story in partition:
                relevance = RELEVANCE[MatchStatus(status)]
                self.relevance[relevance] += 1
                self.queries.add(query)
                yield group_of(story, article_id, query), {"query_id": query, "doc_id": document,
                                                           "relevance": relevance}
            if on_rows:
                on_rows(len(partition))

    def card(self) -> dict:
        suggested = db.session.scalar(select(func.count()).select_from(ClaimMatch)
                                      .where(ClaimMatch.status == MatchStatus.suggested))
        return {"lines": sum(self.relevance.values()), "queries": len(self.queries),
                "relevant": self.relevance[1], "not_relevant": self.relevance[0], "suggested_left_out": suggested,
                "rule": "One line per match the lead decided: linked is relevant (1), rejected not relevant (0); "
                        "suggestions not decided yet are left out (the matcher's guesses, not judgements)."}

