"""Wire copies are compared by what they say: a dateline, a credit line, clutter, a sentence or
tokenized punctuation do not make another article; a changed number, a negation or a reworded
statement do; and links to one page are one URL."""
import subprocess
import sys

import pytest

from fact.services.ingest import copies
from fact.services.ingest.urls import appearance_key, url_key
from tests.helpers import ROOT, SEEDS

BASE = (SEEDS / "004_167cec9cb5c4cf15.txt").read_text("utf-8")


def compare(a: str, b: str) -> copies.Comparison:
    wa, wb = copies.content_words(a), copies.content_words(b)
    return copies.compare(wa, copies.shingles(wa), wb, copies.shingles(wb))


@pytest.mark.parametrize("link", [
    "https://www.example.com/news/1/", "http://example.com/news/1", "https://example.com/news/1?utm_source=fb",
    "https://example.com/news/1?fbclid=IwAR0x&gclid=abc", "https://EXAMPLE.com:443/news/1#comments",
])
def test_links_to_one_page_have_one_key(link):
    assert url_key(link) == "example.com/news/1"


def test_pages_that_differ_by_what_they_ask_for_keep_their_own_keys():
    assert url_key("https://example.com/news?id=1") != url_key("https://example.com/news?id=2")
    assert url_key("https://example.com/news?id=1&utm_medium=x") == url_key("http://www.example.com/news?id=1")
    assert url_key(None) is None and url_key("  ") is None


def test_an_appearance_is_told_apart_by_its_page_then_its_outlet_then_its_origin():
    assert appearance_key("example.com/a", 1, "a.txt") == appearance_key("example.com/a", 2, "b.jsonl:3")
    assert appearance_key(None, 1, "a.txt") == appearance_key(None, 1, "b.txt")
    assert appearance_key(None, None, "a.txt") != appearance_key(None, None, "b.txt")


@pytest.mark.parametrize("variant", [
    "دمشق - سانا\n" + BASE,
    BASE + "\nالمصدر: وكالات",
    BASE.replace("\n", "\nشارك على فيسبوك تويتر واتساب\n", 1) + "\nاقرأ أيضا: الأكثر قراءة",
    BASE.replace("، ", " ، ").replace(".", " . "),  # tokenized punctuation
    "\n".join(line for n, line in enumerate(BASE.split("\n")) if n != 6),  # one paragraph dropped
])
def test_a_wire_copy_is_the_same_article(variant):
    assert compare(BASE, variant).same


def test_a_copy_with_another_number_is_another_article():
    comparison = compare(BASE, BASE.replace("لوزراء دفاع 11 دولة", "لوزراء دفاع 13 دولة"))

    assert comparison.similarity > 0.9 and not comparison.same
    assert comparison.conflict == "11 ≠ 13"


def test_a_copy_that_negates_a_statement_is_another_article():
    changed = BASE.replace("إن الانتصار في الموصل سيكون", "إن الانتصار في الموصل لن يكون")

    assert not compare(BASE, changed).same


def test_a_copy_whose_headline_is_contradicted_as_ans_does_it_is_another_article():
    body = BASE.split("\n", 1)[1]
    ours = "مقتل 20 شخصا على الأقل في غارة على حفل زفاف شمالي اليمن\n" + body
    theirs = "غارة على حفل زفاف شمالى اليمن دون ضحايا\n" + body

    assert compare(ours, theirs).similarity > copies.THRESHOLD
    assert not compare(ours, theirs).same


def test_a_dateline_date_that_differs_is_not_a_contradiction():
    assert compare("دمشق - 12 / 5 / 2016 (أ ف ب)\n" + BASE, "دمشق - 13 / 5 / 2016 (رويترز)\n" + BASE).same


def test_two_articles_on_one_event_are_two():
    other = (SEEDS / "003_9b82c87fc8bf3d37.txt").read_text("utf-8")  # the same Paris meeting, another outlet

    assert compare(BASE, other).similarity < 0.1


def test_band_keys_are_the_same_in_another_process():
    """They are stored: a later ingest, in another process, must compute the same ones."""
    code = ("from fact.services.ingest import copies; from tests.helpers import SEEDS; "
            "t = (SEEDS / '004_167cec9cb5c4cf15.txt').read_text('utf-8'); "
            "print(copies.band_keys(copies.shingles(copies.content_words(t))))")
    other = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": "123", "PATH": ""})

    assert other.stdout.strip() == str(copies.band_keys(copies.shingles(copies.content_words(BASE))))


def test_a_copy_shares_a_band_key_with_its_original_and_an_unrelated_article_does_not():
    keys = set(copies.band_keys(copies.shingles(copies.content_words(BASE))))
    copy = copies.band_keys(copies.shingles(copies.content_words("دمشق - سانا\n" + BASE + "\n(أ ف ب)")))
    other = copies.band_keys(copies.shingles(copies.content_words((SEEDS / "001_c2e5c0be16892a5a.txt").read_text())))

    assert keys & set(copy)
    assert not keys & set(other)
    assert copies.band_keys(copies.shingles([])) == []
