"""Sentence tokens kept on disk between matching runs: reused only while text and tokenizer are unchanged."""
import numpy as np
import pytest
from sqlalchemy import select

from fact.extensions import db
from fact.matching import store as store_module
from fact.matching.store import TokenStore
from fact.matching.tokens import index_tokens
from fact.models import Span
from fact.services import match as match_service
from tests.matching.seeds import seed_sentences

TEXTS = seed_sentences("000")[:6]


@pytest.fixture
def path(tmp_path):
    return tmp_path / "tokens.npz"


def stored(path, texts=TEXTS):
    first = TokenStore(path)
    first.tokens(range(len(texts)), texts)
    first.save()
    return TokenStore(path)


def test_a_second_run_reads_every_unchanged_sentence_back(path):
    again = stored(path)

    tokens = again.tokens(range(len(TEXTS)), TEXTS)

    assert again.reused == len(TEXTS)
    assert tokens == [index_tokens(t) for t in TEXTS]


def test_a_sentence_whose_text_changed_is_tokenized_afresh(path):
    again = stored(path)
    texts = [*TEXTS[:-1], "قتل 13 مقاتلا في الموصل"]

    tokens = again.tokens(range(len(texts)), texts)

    assert again.reused == len(TEXTS) - 1
    assert tokens[-1] == index_tokens("قتل 13 مقاتلا في الموصل")


def test_a_changed_tokenizer_invalidates_the_whole_file(path, monkeypatch):
    again = stored(path)
    monkeypatch.setattr(store_module, "fingerprint", lambda: "another tokenizer")

    again.tokens(range(len(TEXTS)), TEXTS)

    assert again.reused == 0


def test_an_unreadable_file_is_tokenized_afresh_and_replaced(path):
    path.write_bytes(b"not an archive")
    store = TokenStore(path)

    assert store.tokens([1], TEXTS[:1]) == [index_tokens(TEXTS[0])] and store.reused == 0
    store.save()
    again = TokenStore(path)
    assert again.tokens([1], TEXTS[:1]) == [index_tokens(TEXTS[0])] and again.reused == 1


def test_without_a_path_nothing_is_written(tmp_path):
    store = TokenStore(None)
    assert store.tokens([1], TEXTS[:1]) == [index_tokens(TEXTS[0])]
    store.save()
    assert list(tmp_path.iterdir()) == []


def test_a_large_enough_corpus_keeps_its_tokens_for_the_next_match(app, seeded, path, monkeypatch):
    monkeypatch.setattr(match_service, "STORE_FROM", 1)
    monkeypatch.setattr(match_service, "_store_path", lambda: path)

    match_service.match_sentences()

    kept = np.load(path)["span_ids"].tolist()
    assert kept and set(kept) == set(db.session.scalars(select(Span.id).where(Span.matched_at.is_not(None))))
