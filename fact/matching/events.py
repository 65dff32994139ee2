"""Whether two sentences report the same event: the gate before any dispute or corroboration hint.

Scraped news is full of reports of different events that share a unit and a number ("7 injured"
in one city, "13 dead" in another, similarity 0.16): comparing their values is what made most
dispute hints wrong. :func:`same_event` takes the similarities of the two sentences as inputs
(the overlap of their content tokens, :func:`token_similarity`, and, where both have a stored
embedding, the cosine of their vectors) and says no when

* the two name different places, neither of which the other covers, and no city in common (حمص
  against حلب; سوريا is covered by حلب, so "in Syria" against "in Aleppo" is no conflict);
* their dates, where known, are more than :data:`MAX_DAYS` apart;
* their articles, where each has more than the sentence, name different places
  (:func:`places_apart`: fewer than :data:`PLACE_OVERLAP` of the places of the one naming fewer are
  named in the other), or are less alike than :data:`ARTICLE_FLOOR`
  (the TF-IDF cosine of the articles' sentences summed): two reports of one event share its
  names (the district, the forces, the weapon, the speakers), two events of one kind in one town
  share a template ("ويستفيد من المساعدات نحو 68,461 شخصا في المدينة وريفها") and little else,
  so also unless each article is among the other's :data:`NEIGHBOURS` most alike (mutual nearest:
  a report of one convoy is the nearest of a report of another convoy to the town, told in one
  template, but not the other way round), or one is and the two are joined through mutual nearest
  articles (an outlying report of a story is near one report, which is mutually near the rest);
* they are not close enough (:func:`close_enough`), unless they name :data:`ANCHORS` places in
  common: by words, the token similarity is under :data:`FLOOR`, or under :data:`FLOOR_ONE_PLACE`
  with one place in common; by meaning, where vectors are given, the semantic similarity is under
  :data:`SEMANTIC_FLOOR` (:data:`SEMANTIC_FLOOR_ONE_PLACE`). :data:`SEMANTIC_RULE` says how the two
  combine; without vectors the gate is the token one alone.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from fact.matching.places import PLACES

__all__ = ["Event", "articles_apart", "close_enough", "days_apart", "places_apart", "same_event", "token_similarity",
           "ARTICLE_FLOOR", "FLOOR", "MAX_DAYS", "PLACE_OVERLAP", "SEMANTIC_FLOOR"]

#: Below this similarity two sentences with no place in common are not taken for one event.
FLOOR = 0.3
#: With one place in common, this similarity is enough.
FLOOR_ONE_PLACE = 0.2
#: This many places in common make one event at any similarity (a long sentence and a headline
#: about one movement from Mosul to Syria share little else).
ANCHORS = 2
#: Below this similarity of their articles, two sentences are of different events (measured on
#: bench/realistic.py's corpus: reports of one event 0.75 and up, different events mostly 0.2-0.7).
ARTICLE_FLOOR = 0.35
#: Two articles are compared only where each is among the other's this many most alike articles, or
#: one is and a chain of such mutual pairs joins them (bench/realistic.py, seeds 1 and 3: one-way
#: nearness alone kept dispute precision at 0.51 and 0.41, this 0.75 and 0.63; mutual nearness alone
#: 0.86 and 0.71 but it parts the seeds' five reports of one story: docs/ingest-hints.md).
NEIGHBOURS = 3
#: Two reports of one event name its places; two articles on events of one kind in one town share the
#: town, and each names places the other does not (the district, the other side's town, where the
#: convoy came from). Under this share of the places of the article that names fewer found in the
#: other, two articles are of different events (bench/realistic.py, seeds 1 and 3, dispute precision
#: 0.75 and 0.55 before, 0.87 and 0.76 at 0.5; 0.4: 0.85 and 0.68; 0.6 kept fewer right ones:
#: docs/ingest-hints.md. The five seed articles, one story, share 0.7 to 1 of their places).
PLACE_OVERLAP = 0.5
#: Reports further apart than this many days are of different events.
MAX_DAYS = 3.0
#: By meaning (the cosine of the sentences' passage vectors, e5-small: two random Arabic news
#: sentences are about 0.85 apart), the similarity from which two sentences can report one event, with
#: no place in common and with one. Fitted by bench/hints_quality.py --semantic on ANS train, the
#: realistic corpus's seed 1 and bench.hint_cases.PARAPHRASES (docs/ingest-hints.md): under 0.9,
#: different events told in a few shared words pass (a fire and clashes, "أصيب 3 / 8 أشخاص", 0.88).
SEMANTIC_FLOOR = 0.9
SEMANTIC_FLOOR_ONE_PLACE = 0.9
#: How the two similarities combine where vectors are given: "or" (either is close enough), "and"
#: (both must be: meaning as a second gate) or "meaning" (the semantic one alone). "or" measured best:
#: "and" and "meaning" never gained a right dispute and cost ANS train two at 0.9.
SEMANTIC_RULE = "or"


@dataclass(frozen=True, slots=True)
class Event:
    places: frozenset[str]  # the gazetteer names of the places named (fact.matching.places.PLACES)
    words: frozenset[str]  # content tokens (fact.matching.tokens.match_tokens, without numbers)


def token_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """The cosine of two sets of content tokens (binary vectors): 0..1."""
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def _uncovered(own: frozenset[str], other: frozenset[str]) -> set[str]:
    """The places of `own` the other sentence neither names nor covers (a country is covered by a
    place in it)."""
    countries = {PLACES.get(p, p) for p in other}
    return {p for p in own - other if not (PLACES.get(p, p) == p and p in countries)}


def place_conflict(a: Event, b: Event) -> bool:
    """Each names a place the other neither names nor covers, and they share no place but a country
    (two cities of one country are two places; a city both name anchors them)."""
    if any(PLACES.get(p, p) != p for p in a.places & b.places):
        return False
    return bool(_uncovered(a.places, b.places)) and bool(_uncovered(b.places, a.places))


def close_enough(similarity: float, semantic: float | None, shared_places: int) -> bool:
    """Whether two sentences with this many places in common are alike enough to report one event: by
    their token similarity, and by their semantic one where it is known (SEMANTIC_RULE)."""
    by_words = similarity >= (FLOOR_ONE_PLACE if shared_places else FLOOR)
    if semantic is None:
        return by_words
    by_meaning = semantic >= (SEMANTIC_FLOOR_ONE_PLACE if shared_places else SEMANTIC_FLOOR)
    if SEMANTIC_RULE == "meaning":
        return by_meaning
    return (by_words and by_meaning) if SEMANTIC_RULE == "and" else (by_words or by_meaning)


def days_apart(a: float | None, b: float | None) -> float | None:
    """Days between two articles' dates (as day numbers), None where either is undated; capped just past
    MAX_DAYS, so that every pair too far apart is one value (the matcher caches hints by it)."""
    return None if a is None or b is None else min(abs(a - b), MAX_DAYS + 1)


def articles_apart(article_similarity: float | None) -> bool:
    """Whether two articles this alike (ArticleSimilarity; None where either is its sentence alone)
    are too unlike to report one event (ARTICLE_FLOOR). The matcher asks it only of pairs that got a
    hint, after the hint (the hint is cached by text, the articles' likeness is not)."""
    return article_similarity is not None and article_similarity < ARTICLE_FLOOR


def places_apart(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two articles naming these places (each the union of its sentences' places) report
    different events (PLACE_OVERLAP); an article that names none says nothing."""
    if not a or not b:
        return False
    return len(a & b) < PLACE_OVERLAP * min(len(a), len(b))


def same_event(a: Event, b: Event, similarity: float, days_apart: float | None = None,
               article_similarity: float | None = None, semantic: float | None = None) -> bool:
    """Whether two sentences can be reports of one event (see the module docstring).
    `article_similarity`: of the two sentences' whole articles, where each has more to say than the
    sentence (ARTICLE_FLOOR); `semantic`: the cosine of the two sentences' embeddings, where both have
    one (None: the token similarity alone decides, as without an embedder)."""
    if days_apart is not None and abs(days_apart) > MAX_DAYS:
        return False
    if articles_apart(article_similarity):
        return False
    if place_conflict(a, b):
        return False
    shared = len(a.places & b.places)
    return shared >= ANCHORS or close_enough(similarity, semantic, shared)


class ArticleSimilarity:
    """The TF-IDF cosine of whole articles, from the rows of their sentences (the matcher's matrix,
    fact.matching.engine.SentenceIndex.matrix): each article is the sum of its sentences' vectors.
    With `places` (row -> the places its sentence names), :meth:`apart` also compares the places the
    two articles name (places_apart), read only for the articles of pairs that got a hint."""

    def __init__(self, matrix, article_ids, places: Callable[[int], frozenset[str]] | None = None):
        import numpy as np
        import scipy.sparse as sp
        from sklearn.preprocessing import normalize

        _, rows = np.unique(np.asarray(article_ids), return_inverse=True)
        grouping = sp.csr_matrix((np.ones(len(rows)), (rows, np.arange(len(rows)))), shape=(rows.max() + 1, len(rows)))
        self._vectors = normalize(grouping @ matrix).tocsr()
        self._article = rows.tolist()
        self._sentences = np.bincount(rows).tolist()
        self._cache: dict[tuple[int, int], float] = {}
        # each article's NEIGHBOURS most alike others: one event's reports are each other's nearest,
        # two events told in one template are alike but not nearest (bench/realistic.py)
        from scipy.sparse.csgraph import connected_components
        from sparse_dot_topn import sp_matmul_topn

        nearest = sp_matmul_topn(self._vectors, self._vectors.T.tocsr(), top_n=NEIGHBOURS + 1, sort=True).tocoo()
        self._near = {(int(x), int(y)) for x, y in zip(nearest.row, nearest.col)}
        mutual = [(x, y) for x, y in self._near if x < y and (y, x) in self._near]
        links = sp.coo_matrix((np.ones(len(mutual)), ([x for x, _ in mutual], [y for _, y in mutual])),
                              shape=(len(self._sentences),) * 2)
        self._story = connected_components(links, directed=False)[1].tolist()  # joined by mutual nearness
        self._places, self._named = places, {}
        self._order = np.argsort(rows, kind="stable")
        self._starts = np.concatenate(([0], np.cumsum(self._sentences))).tolist()

    def apart(self, a: int, b: int) -> bool:
        """Whether the sentences of rows a and b are in articles of different events: articles too
        unlike (articles_apart) or naming different places (places_apart). The matcher and the bench ask
        it of each pair that got a hint."""
        if articles_apart(alike := self(a, b)):
            return True
        if alike is None or self._places is None:
            return False
        return places_apart(self._article_places(self._article[a]), self._article_places(self._article[b]))

    def _article_places(self, article: int) -> frozenset[str]:
        found = self._named.get(article)
        if found is None:
            rows = self._order[self._starts[article] : self._starts[article + 1]].tolist()
            found = self._named[article] = frozenset().union(*map(self._places, rows))
        return found

    def __call__(self, a: int, b: int) -> float | None:
        """For the sentences of rows a and b; None where either article is only that sentence (a
        headline given as an article says nothing more); 0 unless the two are near (NEIGHBOURS)."""
        x, y = self._article[a], self._article[b]
        if self._sentences[x] < 2 or self._sentences[y] < 2:
            return None
        key = (x, y) if x < y else (y, x)
        found = self._cache.get(key)
        if found is None:
            xy, yx = (x, y) in self._near, (y, x) in self._near
            near = (xy and yx) or ((xy or yx) and self._story[x] == self._story[y])
            found = self._cache[key] = float(self._vectors[x].multiply(self._vectors[y]).sum()) if near else 0.0
        return found
