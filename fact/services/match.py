"""`flask fact match`: candidate passages from other articles for every sentence, kept up to date.

A run takes the sentences never matched (all of them with full=True), finds their best passages
among all sentences, and offers the new sentences to the old ones, whose lists keep the best k.
Nothing else is recomputed, so adding a few articles to a large corpus takes seconds.
"""
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from flask import current_app
from sqlalchemy import delete, insert, select, update

from fact.extensions import db
from fact.matching.engine import Neighbour, SentenceIndex
from fact.matching.hints import Hint, hint
from fact.models import Candidate, Span
from fact.models.articles import utcnow
from fact.progress import progress
from fact.services.stories import cluster_stories
from fact.services.tasks import taskable_spans

CHUNK = 2000
_NO_HINT = Hint("none", (), ())


@dataclass
class MatchReport:
    sentences: int = 0
    matched: int = 0  # sentences whose candidates were computed afresh
    updated: int = 0  # older sentences that gained a new candidate
    candidates: int = 0  # candidate rows written
    stories: int = 0


def match_sentences(full: bool = False) -> MatchReport:
    k = current_app.config["FACT_MATCH_CANDIDATES"]
    rows = db.session.execute(
        taskable_spans().with_only_columns(Span.id, Span.article_id, Span.text, Span.matched_at).order_by(Span.id)
    ).all()
    report = MatchReport(sentences=len(rows))
    if not rows:
        return report
    span_ids = np.array([r.id for r in rows])
    texts = [r.text for r in rows]
    index = SentenceIndex(texts, [r.article_id for r in rows], max_df=current_app.config["FACT_MATCH_MAX_DF"])
    fresh = np.array([i for i, r in enumerate(rows) if full or r.matched_at is None], dtype=np.int64)
    older = np.setdiff1d(np.arange(len(rows)), fresh)
    writer = _Writer(index, span_ids, texts)

    with progress(total=len(fresh), unit="sentence", desc="match") as bar:
        for start in range(0, len(fresh), CHUNK):
            chunk = fresh[start : start + CHUNK]
            wide = index.neighbours(chunk, k=current_app.config["FACT_MATCH_WIDE"])
            report.candidates += writer.replace(chunk, wide, k)
            bar.update(len(chunk))
        if len(older) and len(fresh) and not full:
            gained = index.neighbours(older, among=fresh, k=k)
            touched = [(row, found) for row, found in zip(older, gained) if found]
            report.updated = len(touched)
            report.candidates += writer.merge(touched, k)
    now = utcnow()
    for start in range(0, len(fresh), CHUNK):
        db.session.execute(update(Span).where(Span.id.in_(span_ids[fresh[start : start + CHUNK]].tolist()))
                           .values(matched_at=now))
    report.matched = len(fresh)
    report.stories = cluster_stories()
    db.session.commit()
    return report


class _Writer:
    """Writes candidate rows with their reason and dispute hint."""

    def __init__(self, index: SentenceIndex, span_ids: np.ndarray, texts: list[str]):
        self.index, self.span_ids, self.texts = index, span_ids, texts

    def replace(self, rows: np.ndarray, found: list[list[Neighbour]], k: int) -> int:
        """Each sentence keeps its k best passages; one further down that states comparable values
        (a hinted dispute or corroboration) takes the place of the weakest that states none: those
        are the passages an annotator needs to judge a claim."""
        ids = self.span_ids[rows].tolist()
        db.session.execute(delete(Candidate).where(Candidate.span_id.in_(ids)))
        values = []
        for row, wide in zip(rows, found):
            hinted = [(n, self._hint(row, n)) for n in wide]
            kept = sorted(hinted[:k] + [h for h in hinted[k:] if h[1].kind != "none"],
                          key=lambda h: (h[1].kind == "none", -h[0].score))[:k]
            kept.sort(key=lambda h: -h[0].score)
            values += [self._row(row, rank, n, found_hint) for rank, (n, found_hint) in enumerate(kept, 1)]
        if values:
            db.session.execute(insert(Candidate), values)
        return len(values)

    def merge(self, touched: list[tuple[int, list[Neighbour]]], k: int) -> int:
        """Old sentences keep their best k among what they had and what the new sentences offer."""
        written = 0
        for start in range(0, len(touched), CHUNK):
            part = touched[start : start + CHUNK]
            ids = [int(self.span_ids[row]) for row, _ in part]
            kept = defaultdict(list)
            for candidate in db.session.scalars(select(Candidate).where(Candidate.span_id.in_(ids))):
                kept[candidate.span_id].append(candidate)
            values = []
            for row, offered in part:
                span_id = int(self.span_ids[row])
                pool = [(c.score, c.candidate_span_id, c) for c in kept[span_id]]
                pool += [(n.score, int(self.span_ids[n.row]), n) for n in offered]
                best = sorted(pool, key=lambda item: -item[0])[:k]
                for rank, (score, candidate_id, source) in enumerate(best, 1):
                    if isinstance(source, Candidate):
                        values.append({"span_id": span_id, "candidate_span_id": candidate_id, "rank": rank,
                                       "score": score, "reason": source.reason, "hint": source.hint,
                                       "hint_details": source.hint_details, "computed_at": source.computed_at})
                    else:
                        values.append(self._row(row, rank, source, self._hint(row, source)))
            db.session.execute(delete(Candidate).where(Candidate.span_id.in_(ids)))
            db.session.execute(insert(Candidate), values)
            written += len(values)
        return written

    def _hint(self, row: int, neighbour: Neighbour) -> Hint:
        if not (self.index.valued[row] and self.index.valued[neighbour.row]):
            return _NO_HINT  # one of them states no number and names no place
        return hint(self.texts[row], self.texts[neighbour.row])

    def _row(self, row: int, rank: int, neighbour: Neighbour, found: Hint) -> dict:
        details = {
            "differences": [{"kind": d.kind, "ours": d.ours, "theirs": d.theirs} for d in found.differences],
            "agreements": list(found.agreements),
        }
        shared = ", ".join(self.index.shared_terms(row, neighbour.row))
        reason = f"shares {shared} (similarity {neighbour.score:.2f})"
        if found.kind == "dispute":
            reason += "; differs: " + "; ".join(f"{d['ours']} / {d['theirs']}" for d in details["differences"])
        elif found.kind == "corroboration":
            reason += "; same: " + ", ".join(details["agreements"])
        return {"span_id": int(self.span_ids[row]), "candidate_span_id": int(self.span_ids[neighbour.row]),
                "rank": rank, "score": neighbour.score, "reason": reason, "hint": found.kind,
                "hint_details": details, "computed_at": utcnow()}
