"""Sentence token counts kept on disk between matching runs: reused only while text and tokenizer are
unchanged, and the same counts, term for term, as tokenizing every sentence afresh."""
import numpy as np
import pytest
from sqlalchemy import select

from fact.extensions import db
from fact.matching import store as store_module
from fact.matching.engine import SentenceIndex
from fact.matching.store import TokenStore, count_tokens
from fact.matching.tokens import index_tokens
from fact.models import Span
from fact.services.matching import candidates as match_service
from tests.matching.seeds import seed_sentences

TEXTS = seed_sentences("000")[:6]


@pytest.fixture
def path(tmp_path):
    return tmp_path / "tokens.npz"


def stored(path, texts=TEXTS, span_ids=None):
    first = TokenStore(path)
    first.counts(range(len(texts)) if span_ids is None else span_ids, texts)
    first.save()
    return TokenStore(path)


def afresh(texts):
    return count_tokens([index_tokens(t) for t in texts])


def assert_same_counts(found, expected):
    assert found.terms == expected.terms
    assert found.matrix.shape == expected.matrix.shape
    assert (found.matrix != expected.matrix).nnz == 0


def test_a_second_run_reads_every_unchanged_sentence_back(path):
    again = stored(path)

    counts = again.counts(range(len(TEXTS)), TEXTS)

    assert again.reused == len(TEXTS)
    assert_same_counts(counts, afresh(TEXTS))


def test_a_sentence_whose_text_changed_is_tokenized_afresh(path):
    again = stored(path)
    texts = [*TEXTS[:-1], "قتل 13 مقاتلا في الموصل"]

    counts = again.counts(range(len(texts)), texts)

    assert again.reused == len(TEXTS) - 1
    assert_same_counts(counts, afresh(texts))
    assert "#13" in counts.terms and counts.matrix[len(texts) - 1, counts.terms.index("#13")] == 1


def test_new_removed_and_kept_sentences_give_the_counts_of_a_fresh_tokenization(path):
    """Span ids 0..11 stored; the next run has lost 0 and 5 (and the terms only they had), keeps the
    rest, and brings new sentences with new terms, their ids interleaved with the stored ones."""
    texts = seed_sentences("001")[:12]
    again = stored(path, texts)
    later = seed_sentences("004")[:4]
    span_ids = [1, 2, 3, 4, 6, 100, 7, 8, 9, 101, 10, 11, 102, 103]
    now = [*texts[1:5], texts[6], later[0], *texts[7:10], later[1], *texts[10:12], *later[2:]]

    counts = again.counts(span_ids, now)

    assert again.reused == 10
    assert_same_counts(counts, afresh(now))
    index = SentenceIndex(now, list(range(len(now))), counts=counts)
    plain = SentenceIndex(now, list(range(len(now))))
    assert list(index.terms) == list(plain.terms) and abs(index.matrix - plain.matrix).max() == 0
    again.save()
    third = TokenStore(path)
    assert_same_counts(third.counts(span_ids, now), afresh(now))
    assert third.reused == len(now)


def test_the_index_weighs_counts_as_scikit_learns_tfidf_vectorizer_would():
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = seed_sentences()
    for max_df in (1.0, 0.05):
        vectorizer = TfidfVectorizer(analyzer=index_tokens, sublinear_tf=True, dtype=np.float32, max_df=max_df)
        expected = vectorizer.fit_transform(texts)

        index = SentenceIndex(texts, list(range(len(texts))), max_df=max_df)

        assert list(index.terms) == vectorizer.get_feature_names_out().tolist()
        assert np.allclose(index.idf, vectorizer.idf_)
        assert index.matrix.dtype == np.float32 and abs(index.matrix - expected).max() == 0


def test_a_changed_tokenizer_invalidates_the_whole_file(path, monkeypatch):
    again = stored(path)
    monkeypatch.setattr(store_module, "fingerprint", lambda: "another tokenizer")

    again.counts(range(len(TEXTS)), TEXTS)

    assert again.reused == 0


def test_an_unreadable_file_is_tokenized_afresh_and_replaced(path):
    path.write_bytes(b"not an archive")
    store = TokenStore(path)

    assert_same_counts(store.counts([1], TEXTS[:1]), afresh(TEXTS[:1]))
    assert store.reused == 0
    store.save()
    again = TokenStore(path)
    assert_same_counts(again.counts([1], TEXTS[:1]), afresh(TEXTS[:1]))
    assert again.reused == 1


def test_without_a_path_nothing_is_written(tmp_path):
    store = TokenStore(None)
    assert_same_counts(store.counts([1], TEXTS[:1]), afresh(TEXTS[:1]))
    store.save()
    assert list(tmp_path.iterdir()) == []


def test_a_large_enough_corpus_keeps_its_tokens_for_the_next_match(app, seeded, path, monkeypatch):
    monkeypatch.setattr(match_service, "STORE_FROM", 1)
    monkeypatch.setattr(match_service, "_store_path", lambda: path)

    match_service.match_sentences()

    kept = np.load(path)["span_ids"].tolist()
    assert kept and set(kept) == set(db.session.scalars(select(Span.id).where(Span.matched_at.is_not(None))))
