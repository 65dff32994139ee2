"""The candidate rows of `flask fact match`: which passages a sentence keeps, their reason and dispute
hint, written in bulk (fact.services.matching.candidates finds them and says which sentences to write).
"""
from collections import defaultdict

import numpy as np
from sqlalchemy import case, delete, func, select

from fact.extensions import db
from fact.matching.engine import Neighbour, SentenceIndex
from fact.matching.events import ArticleSimilarity, days_apart
from fact.matching.hints import Hint, hint, places_named
from fact.matching.hybrid import LEXICAL, HybridIndex
from fact.models import Candidate
from fact.models.articles import utcnow
from fact.models.evidence import HintKind

CHUNK = 2000  # sentences per search and per statement
_NO_HINT = Hint("none", (), ())
_CANDIDATES = Candidate.__table__
_COLUMNS = ("span_id", "candidate_span_id", "rank", "score", "reason", "hint", "hint_details", "computed_at",
            "found_by", "lexical_score", "semantic_score")


class CandidateWriter:
    """Writes candidate rows with their reason and dispute hint."""

    def __init__(self, index: SentenceIndex, span_ids: np.ndarray, texts: list[str], days: list[int | None]):
        """`days`: each sentence's article date (a day ordinal), None where unknown: reports days apart
        are of different events (fact.matching.events)."""
        self.index, self.span_ids, self.texts, self.days = index, span_ids, texts, days
        self.articles_alike = ArticleSimilarity(index.matrix, index.article_ids, lambda row: places_named(texts[row]))
        # the sentences' stored vectors, for the same-event gate of the hints (None: words alone decide).
        # One text has one vector (`flask fact embed` reuses it by text hash), so with whether both are
        # known the cosine is a function of the pair of texts, as the hints cache needs.
        self.vectors = index.semantic.vectors if isinstance(index, HybridIndex) else None
        self.embedded = self.vectors.any(axis=1).tolist() if self.vectors is not None else None
        self.now = utcnow()
        self.valued = index.valued.tolist()
        distinct: dict[str, int] = {}
        self._text_ids = [distinct.setdefault(t, len(distinct)) for t in texts]  # wire copy repeats sentences
        self._distinct = len(distinct)
        self._text_id_array = np.asarray(self._text_ids, dtype=np.int64)
        self._hints: dict[tuple[int, int | None], Hint] = {}
        self._details: dict[int, tuple[Hint, tuple]] = {}
        dialect = db.engine.dialect
        self._process = {c.name: c.type.dialect_impl(dialect).bind_processor(dialect) or _same for c in _CANDIDATES.c}

    def replace(self, rows: np.ndarray, columns: np.ndarray, scores: np.ndarray, k: int) -> int:
        """Each sentence keeps k of its best passages (`columns`, `scores`: engine.SentenceIndex.search,
        best first), by the rule of choose, here on arrays: a run has millions of passages to weigh."""
        db.session.execute(delete(Candidate).where(Candidate.span_id.in_(self.span_ids[rows].tolist())))
        found = columns >= 0
        ours, theirs = np.nonzero(found)
        flat = [self._hint(a, b) for a, b in zip(rows[ours].tolist(), columns[ours, theirs].tolist())]
        hints = np.full(columns.shape, _NO_HINT, dtype=object)
        hinted = np.zeros(columns.shape, dtype=bool)
        if flat:
            hints[ours, theirs] = _objects(flat)
            hinted[ours, theirs] = [h.kind != "none" for h in flat]
        which, position = choose_arrays(found, hinted, scores, k)
        rank = np.arange(len(which)) - np.searchsorted(which, which) + 1
        values = self._rows(rows[which], rank, columns[which, position], scores[which, position].tolist(),
                            hints[which, position].tolist())
        self._insert(values)
        return len(values)

    def merge(self, offers: tuple[np.ndarray, np.ndarray, np.ndarray], k: int, wide: int) -> tuple[int, int]:
        """Old sentences choose again, by the rule of choose, among what they had and what the new
        sentences offer (_Offers.flat): an offer enters a list when it beats its weakest passage, or
        when it states values comparable to the sentence's where a passage of the list states none.
        Only the lists that change are rewritten. Returns (lists changed, rows written)."""
        older, new, scores = offers
        rows, which = np.unique(older, return_inverse=True)
        full = self._full(rows.tolist(), k)
        weakest, unhinted = (np.array(column) for column in zip(
            *(full.get(span_id, (-1.0, True)) for span_id in self.span_ids[rows].tolist())))
        beats = scores > weakest[which]
        valued = self.index.valued
        # An offer can enter when it beats the weakest, or may be hinted where the list has an unhinted
        # passage, and when it is among the `wide` best the sentence chooses from (the k it has rank
        # above an offer that does not beat the weakest). Only those are hinted, here in Python.
        first = np.r_[0, np.flatnonzero(older[1:] != older[:-1]) + 1]
        rank = np.arange(len(older)) - np.repeat(first, np.diff(np.r_[first, len(older)]))
        may_enter = (beats | (unhinted[which] & valued[older] & valued[new])) & (rank < np.where(beats, wide, wide - k))
        considered: dict[int, list] = defaultdict(list)
        for row, n, score, beat in zip(older[may_enter].tolist(), new[may_enter].tolist(),
                                       scores[may_enter].tolist(), beats[may_enter].tolist()):
            found_hint = self._hint(row, n)
            if beat or found_hint.kind != "none":
                considered[row].append((score, found_hint.kind, (Neighbour(n, score), found_hint)))
        lists = self._lists(list(considered))
        changed: dict[int, list] = {}
        for row, offered in considered.items():
            had = lists.get(int(self.span_ids[row]), [])
            known = {c["candidate_span_id"] for c in had}
            pool = [(c["score"], str(c["hint"]), c) for c in had]
            pool += [offer for offer in offered if int(self.span_ids[offer[2][0].row]) not in known]
            pool = sorted(pool, key=lambda item: -item[0])[:wide]  # stable: what it had wins a tie
            kept = choose(pool, k)
            if any(not isinstance(source, dict) for _, _, source in kept):
                changed[row] = kept
        written = 0
        items = list(changed.items())
        for start in range(0, len(items), CHUNK):
            part = items[start : start + CHUNK]
            kept, chosen = [], []
            for row, best in part:
                for rank, (_, _, source) in enumerate(best, 1):
                    if isinstance(source, dict):
                        kept.append(self._stored({**source, "rank": rank}))
                    else:
                        chosen.append((row, rank, *source))
            db.session.execute(delete(Candidate).where(Candidate.span_id.in_([int(self.span_ids[r]) for r, _ in part])))
            values = kept + self._rows(*_columns(chosen))
            self._insert(values)
            written += len(values)
        return len(changed), written

    def _full(self, rows: list[int], k: int) -> dict[int, tuple[float, bool]]:
        """For each of these sentences whose list is full (k passages): the score of its weakest passage,
        and whether a passage of it states no comparable values (hint "none"). A list with room takes any
        offer."""
        full = {}
        unhinted = func.max(case((_CANDIDATES.c.hint == HintKind.none, 1), else_=0))
        for start in range(0, len(rows), CHUNK):
            ids = [int(self.span_ids[r]) for r in rows[start : start + CHUNK]]
            query = (select(_CANDIDATES.c.span_id, func.min(_CANDIDATES.c.score), unhinted)
                     .where(_CANDIDATES.c.span_id.in_(ids)).group_by(_CANDIDATES.c.span_id).having(func.count() >= k))
            full.update((span_id, (weakest, bool(none))) for span_id, weakest, none in db.session.execute(query))
        return full

    def _lists(self, rows: list[int]) -> dict[int, list[dict]]:
        """The stored candidates of these sentences, best first, as insertable rows."""
        columns = [c for c in _CANDIDATES.c if c.name != "id"]
        lists: dict[int, list[dict]] = defaultdict(list)
        for start in range(0, len(rows), CHUNK):
            ids = [int(self.span_ids[r]) for r in rows[start : start + CHUNK]]
            query = select(*columns).where(_CANDIDATES.c.span_id.in_(ids)).order_by(_CANDIDATES.c.span_id,
                                                                                    _CANDIDATES.c.rank)
            for candidate in db.session.execute(query).mappings():
                lists[candidate["span_id"]].append(dict(candidate))
        return lists

    def _insert(self, values: list[tuple]) -> None:
        """One executemany of plain tuples (_COLUMNS, values already through their column types' bind
        processors): SQLAlchemy's per-row parameter handling took a third of a full run's time."""
        if not values:
            return
        connection = db.session.connection()
        dialect = connection.dialect
        marker = "?" if dialect.paramstyle == "qmark" else "%s"
        names = ", ".join(dialect.identifier_preparer.quote(name) for name in _COLUMNS)
        statement = f"INSERT INTO {_CANDIDATES.name} ({names}) VALUES ({', '.join([marker] * len(_COLUMNS))})"
        connection.exec_driver_sql(statement, values)

    def _stored(self, candidate: dict) -> tuple:
        """A candidate row read back, ready to insert again."""
        return tuple(self._process[name](candidate[name]) for name in _COLUMNS)

    def _hint(self, row: int, other: int) -> Hint:
        """The hint of sentence `row` against sentence `other`, once per pair of distinct texts."""
        if not (self.valued[row] and self.valued[other]):
            return _NO_HINT  # one of them states no number and names no place
        apart = days_apart(self.days[row], self.days[other])
        embedded = self.embedded is not None and self.embedded[row] and self.embedded[other]
        pair = (self._text_ids[row] * self._distinct + self._text_ids[other], apart, embedded)
        found = self._hints.get(pair)
        if found is None:
            semantic = float(self.vectors[row] @ self.vectors[other]) if embedded else None
            found = self._hints[pair] = hint(self.texts[row], self.texts[other], days_apart=apart,
                                             semantic=semantic)
        if found.kind != "none" and self.articles_alike.apart(row, other):
            return _NO_HINT  # two reports of one event have alike articles naming its places (fact.matching.events)
        return found

    def _rows(self, rows, ranks, others, scores: list[float], hints: list[Hint]) -> list[tuple]:
        """Candidate rows (_COLUMNS) for each (sentence, rank, passage, score, hint); the reason names the
        rarest tokens they share."""
        rows, others = np.asarray(rows, dtype=np.int64), np.asarray(others, dtype=np.int64)
        shared = self._shared_terms(rows, others)
        now = self._process["computed_at"](self.now)
        values = []
        for ours, rank, theirs, score, found, terms, (lexical, semantic, by) in zip(
                self.span_ids[rows].tolist(), np.asarray(ranks).tolist(), self.span_ids[others].tolist(), scores,
                hints, shared, self._signals(rows, others, scores)):
            kind, details, said = self._said(found)
            reason = _reason(terms, lexical, semantic, by) + said
            values.append((ours, theirs, rank, score, reason, kind, details, now, by, lexical, semantic))
        return values

    def _signals(self, rows: np.ndarray, others: np.ndarray, scores: list[float]) -> list[tuple]:
        """(lexical cosine, semantic cosine or None, which signal finds it) of each pair."""
        if not isinstance(self.index, HybridIndex):
            return [(score, None, LEXICAL) for score in scores]
        lexical, semantic, by = self.index.signals(rows, others)
        return list(zip(lexical.tolist(), semantic.tolist(), by))

    def _shared_terms(self, rows: np.ndarray, others: np.ndarray) -> list[list[str]]:
        """index.shared_terms of each pair, once per pair of distinct texts."""
        if not len(rows):
            return []
        text_ids = self._text_id_array
        _, first, which = np.unique(text_ids[rows] * self._distinct + text_ids[others], return_index=True,
                                        return_inverse=True)
        shared = self.index.shared_terms(rows[first], others[first])
        return [shared[i] for i in which.ravel().tolist()]

    def _said(self, found: Hint) -> tuple:
        """The hint's kind and details as stored, and what the reason says of it; once per distinct hint
        (each is kept alive by the hints cache, so its id stands for it)."""
        if id(found) not in self._details:
            details = {
                "differences": [{"kind": d.kind, "ours": d.ours, "theirs": d.theirs} for d in found.differences],
                "agreements": list(found.agreements),
            }
            said = ""
            if found.kind == "dispute":
                said = "; differs: " + "; ".join(f"{d['ours']} / {d['theirs']}" for d in details["differences"])
            elif found.kind == "corroboration":
                said = "; same: " + ", ".join(details["agreements"])
            stored = self._process["hint"](found.kind), self._process["hint_details"](details), said
            self._details[id(found)] = found, stored
        return self._details[id(found)][1]


def _reason(terms: list[str], lexical: float, semantic: float | None, by: str) -> str:
    """Why a passage was chosen, for the annotator: the rarest words shared, and how close in meaning."""
    words = f"shares {', '.join(terms)}" if terms else "shares no rare word"
    if semantic is None:
        return f"{words} (similarity {lexical:.2f})"
    if by == LEXICAL:
        return f"{words} (similarity {lexical:.2f}, meaning {semantic:.2f})"
    return f"close in meaning ({semantic:.2f}); {words} (similarity {lexical:.2f})"


def choose(pool: list[tuple[float, str, object]], k: int) -> list[tuple[float, str, object]]:
    """The k passages a sentence keeps of its best (score, hint kind, passage), best first: one further
    down that states comparable values (a hinted dispute or corroboration) takes the place of the
    weakest that states none, as those are the passages an annotator needs to judge a claim."""
    kept = sorted(pool[:k] + [p for p in pool[k:] if p[1] != "none"], key=lambda p: (p[1] == "none", -p[0]))[:k]
    return sorted(kept, key=lambda p: -p[0])


def choose_arrays(found: np.ndarray, hinted: np.ndarray, scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """`choose` for many sentences at once: (sentence, position) of the passages each keeps, by sentence
    and best first. `found`, `hinted` and `scores` are shaped (sentences, passages), passages best first."""
    wide = found.shape[1]
    position = np.broadcast_to(np.arange(wide), found.shape)
    eligible = found & ((position < k) | hinted)
    # hinted passages first, then the rest, each best first; k of those, then best first again
    order = np.argsort(np.where(eligible, np.where(hinted, 0, wide) + position, 2 * wide + position), axis=1,
                       kind="stable")[:, :k]
    kept = np.take_along_axis(eligible, order, 1)
    which, slot = np.nonzero(kept)
    chosen = order[which, slot]
    final = np.lexsort((chosen, ~hinted[which, chosen], -scores[which, chosen], which))
    return which[final], chosen[final]


def _columns(chosen: list[tuple[int, int, Neighbour, Hint]]) -> tuple:
    """(rows, ranks, passages, scores, hints) of (sentence, rank, passage, hint) tuples."""
    if not chosen:
        return [], [], [], [], []
    rows, ranks, neighbours, hints = zip(*chosen)
    return rows, ranks, [n.row for n in neighbours], [n.score for n in neighbours], list(hints)


def _objects(items: list) -> np.ndarray:
    """A one-dimensional object array of `items` (NumPy would unpack items that are sequences)."""
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


def _same(value):
    return value
