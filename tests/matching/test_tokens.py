"""Retrieval tokens: spelling and morphology variants of one fact must share tokens."""


import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from fact.matching.tokens import STOP_WORDS, match_tokens
from tests.matching.seeds import seed_sentence, seed_sentences

def test_the_article_and_its_proclitics_make_all_forms_of_mosul_meet():
    forms = ["الموصل", "للموصل", "بالموصل", "والموصل", "وبالموصل", "موصل"]
    token_sets = [set(match_tokens(f)) for f in forms]
    assert set.intersection(*token_sets) == {"موصل"}


def test_hamza_spellings_of_ashton_meet():
    assert match_tokens("آشتون") == match_tokens("أشتون") == match_tokens("اشتون") == ["اشتون"]


@pytest.mark.parametrize("text", ["خمسة آلاف", "5000", "٥٠٠٠", "5,000", "خمسه الاف", "5 آلاف"])
def test_five_thousand_in_words_ascii_and_indic_digits_and_with_a_separator_is_one_token(text):
    assert match_tokens(text) == ["#5000"]


def test_a_decimal_comma_and_a_decimal_point_meet():
    assert match_tokens("1,5") == match_tokens("1.5") == ["#1.5"]
    assert match_tokens("نحو 1,5 مليون نسمة")[0] == match_tokens("يقطنها 1.5 مليون نسمة")[0] == "#1500000"


def test_a_range_gives_both_of_its_bounds():
    assert match_tokens("ما بين خمسة آلاف وستة آلاف مسلح")[:2] == ["#5000", "#6000"]
    assert match_tokens("بين 3500 وخمسة آلاف مسلح")[:2] == ["#3500", "#5000"]
    assert match_tokens("بين أربعة وستة آلاف مقاتل")[:2] == ["#4000", "#6000"]


def test_the_fighter_estimates_of_seeds_000_001_and_002_share_number_tokens():
    afp = set(match_tokens(seed_sentence("000", "خمسة آلاف وستة آلاف")))
    us = set(match_tokens(seed_sentence("001", "بين 3500")))
    coalition = set(match_tokens(seed_sentence("002", "بين أربعة آلاف")))
    assert "#5000" in afp & us
    assert "#6000" in afp & coalition


def test_vague_hundreds_share_a_magnitude_token():
    assert match_tokens("بضع مئات") == match_tokens("المئات") == match_tokens("مئات") == ["#~100"]
    assert match_tokens("عشرات الآلاف") == ["#~10000"]


def test_years_dates_and_times_stay_plain_digits():
    tokens = match_tokens("في 24 أكتوبر 2016 عند الساعة 00:03")
    assert "2016" in tokens and "24" in tokens
    assert not any(t.startswith("#") for t in tokens)


@pytest.mark.parametrize(
    "forms",
    [
        ("وزير", "الوزير", "ووزير", "للوزير"),
        ("فرنسا", "بفرنسا", "وفرنسا", "لفرنسا"),
        ("لبنان", "بلبنان", "ولبنان"),
        ("بلد", "البلد", "والبلد"),
        ("سوريا", "بسوريا", "لسوريا", "وسوريا"),
        ("واشنطن", "بواشنطن", "وواشنطن"),
    ],
)
def test_words_that_begin_with_clitic_letters_still_meet_their_clitic_forms(forms):
    token_sets = [set(match_tokens(f)) for f in forms]
    assert set.intersection(*token_sets)


def test_stop_words_and_reporting_verbs_give_no_tokens():
    assert match_tokens("وقال إنه في هذه التي من على أن وأضاف قد كان ومن وفي بأن") == []
    assert {"في", "من", "الي", "علي", "قال", "اضاف"} <= STOP_WORDS


def test_content_words_survive_next_to_stop_words():
    tokens = match_tokens("وقال كارتر إن التحالف استهدف قادة التنظيم")
    assert {"كارتر", "تحالف"} <= set(tokens)
    assert "قال" not in tokens


def test_latin_words_are_kept_casefolded():
    assert match_tokens("AFP Reuters") == ["afp", "reuters"]


def test_empty_and_punctuation_only_texts_have_no_tokens():
    assert match_tokens("") == []
    assert match_tokens(" ،. «» - ") == []


def test_a_wire_copy_with_one_extra_word_has_the_same_tokens_plus_that_word():
    afp = match_tokens(seed_sentence("000", "خمسة آلاف وستة آلاف"))
    copy = match_tokens(seed_sentence("002", "خمسة آلاف وستة آلاف"))
    assert set(copy) - set(afp) == set(match_tokens("جهادي"))
    assert set(afp) <= set(copy)


def test_tfidf_with_match_tokens_finds_the_wire_copy_of_a_seed_sentence_in_another_article():
    sentences = seed_sentences()
    vectors = TfidfVectorizer(analyzer=match_tokens).fit_transform(sentences)
    query = sentences.index(seed_sentence("000", "13 وزير دفاع"))
    copy = sentences.index(seed_sentence("002", "13 وزير دفاع"))
    scores = (vectors @ vectors[query].T).toarray().ravel()
    scores[query] = -1
    assert scores.argmax() == copy
