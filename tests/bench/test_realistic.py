"""The realistic corpus generator: the same seed gives the same corpus, its labels agree with its text,
and it has what scraped news has (the features the benchmark and the quality figures rely on)."""
import json
import re
import unicodedata
from collections import Counter, defaultdict

import pytest

from bench import realistic
from fact.models import Article, Span
from fact.extensions import db
from sqlalchemy import func, select


@pytest.fixture(scope="module")
def corpus():
    return realistic.generate(400, seed=5)


def _sentences(record):
    return [s for p in record["truth"]["paragraphs"] for s in p["sentences"]]


def test_the_same_seed_gives_the_same_corpus_and_another_seed_another():
    first, again, other = realistic.generate(60, seed=2), realistic.generate(60, seed=2), realistic.generate(60, seed=3)
    assert json.dumps(first, ensure_ascii=False) == json.dumps(again, ensure_ascii=False)
    assert [r["text"] for r in first] != [r["text"] for r in other]


def test_it_gives_exactly_the_records_asked_for(corpus):
    assert len(corpus) == 400
    assert len({r["truth"]["id"] for r in corpus}) == 400
    with pytest.raises(ValueError):
        realistic.generate(0)


def test_paragraph_sentence_and_number_offsets_point_into_the_nfc_text(corpus):
    for record in corpus:
        text = record["text"]
        assert unicodedata.normalize("NFC", text) == text
        lines = text.split("\n")
        paragraphs = record["truth"]["paragraphs"]
        assert [text[p["start"] : p["end"]] for p in paragraphs] == lines
        for p in paragraphs:
            assert p["clutter"] == (not p["sentences"]) or p["clutter"] is False
            for glued in p["glued"]:
                assert p["start"] <= glued["start"] < glued["end"] <= p["end"]
            for s in p["sentences"]:
                sentence = text[s["start"] : s["end"]]
                assert p["start"] <= s["start"] < s["end"] <= p["end"] and sentence == sentence.strip()
                for q in s["quantities"]:
                    assert s["start"] <= q["start"] < q["end"] <= s["end"]
                    shown = text[q["start"] : q["end"]]
                    assert re.search(r"[\d٠-٩]", shown) or any(w in shown for w in realistic.WORDS.values()) \
                        or shown in {f for forms in realistic.NOUNS.values() for form in forms for f in form}


def test_pairs_name_real_sentences_and_their_relation_follows_event_and_value(corpus):
    sentences = {s["id"]: s for r in corpus for s in _sentences(r)}
    pairs = realistic.pairs(corpus)
    assert {p["relation"] for p in pairs} == {"corroborate", "dispute", "unrelated"}
    for pair in pairs:
        a, b = sentences[pair["a"]], sentences[pair["b"]]
        kinds_a = {q["kind"]: q["value"] for q in a["quantities"]}
        kinds_b = {q["kind"]: q["value"] for q in b["quantities"]}
        assert kinds_a[pair["kind"]] == pair["a_value"] and kinds_b[pair["kind"]] == pair["b_value"]
        if pair["relation"] == "unrelated":
            assert a["event"] != b["event"]
        else:
            assert a["event"] == b["event"] == pair["event"]
            assert (pair["relation"] == "dispute") == (pair["a_value"] != pair["b_value"])


def test_it_has_both_styles_numbers_and_initials_with_spaces_and_numbers_that_are_not_counts(corpus):
    styles = Counter(r["truth"]["style"] for r in corpus)
    assert styles["tokenized"] > 50 and styles["clean"] > 50
    tokenized = "\n".join(r["text"] for r in corpus if r["truth"]["style"] == "tokenized")
    clean = "\n".join(r["text"] for r in corpus if r["truth"]["style"] == "clean")
    assert re.search(r" \.$", tokenized, re.M) and " ، " in tokenized and ' " ' in tokenized
    assert re.search(r"\d \. \d", tokenized) or re.search(r"\d , \d", tokenized)  # a number with spaces inside
    assert re.search(r"(^|\s)[أدي] \. [فبأ]", tokenized)  # an initial: أ . ف . ب, د . رامي
    assert "،" in clean and " ، " not in clean and " . " not in clean
    kinds = {q["kind"] for r in corpus for s in _sentences(r) for q in s["quantities"] if not q["count"]}
    assert {"model", "year", "time", "resolution"} <= kinds


def test_it_has_the_clutter_of_scraped_pages(corpus):
    kinds = Counter(p["kind"] for r in corpus for p in r["truth"]["paragraphs"] if p["clutter"])
    assert {"nav", "login", "video", "read_also", "teaser", "slogan", "date_bar", "share", "newsletter"} <= set(kinds)
    texts = [r["text"] for r in corpus]
    assert any(realistic.LOGIN in t for t in texts)
    assert any("Your browser does not support the video tag ." in t for t in texts)
    assert any("اقرأ / ي أيض ا : الأكثر قراءة" in t for t in texts)
    assert any(re.search(r"\d{4} ?/ ?\d{1,2} ?/ ?\d{1,2} ه", t) for t in texts)  # a Hijri date bar
    glued = [g["kind"] for r in corpus for p in r["truth"]["paragraphs"] if not p["clutter"] for g in p["glued"]]
    assert glued and {"share"} <= set(glued)


def test_repeated_clutter_repeats_per_outlet_and_share_widgets_across_outlets(corpus):
    slogans = defaultdict(Counter)
    share_outlets = defaultdict(set)
    headlines = set()
    for record in corpus:
        for p in record["truth"]["paragraphs"]:
            line = record["text"][p["start"] : p["end"]]
            if p["kind"] == "slogan":
                slogans[record["outlet"]][line] += 1
            if p["kind"] == "share":
                share_outlets[line].add(record["outlet"])
            if p["kind"] == "headline" and not p["glued"]:
                headlines.add(line)
    assert max(c.most_common(1)[0][1] for c in slogans.values()) >= 5
    assert max(map(len, share_outlets.values())) >= 3
    teasers = [r["text"][p["start"] : p["end"]] for r in corpus for p in r["truth"]["paragraphs"] if p["kind"] == "teaser"]
    assert sum(t in headlines for t in teasers) > len(teasers) / 2  # teasers are other articles' headlines


def test_wire_copies_share_a_story_across_outlets_with_small_edits(corpus):
    groups = defaultdict(list)
    for record in corpus:
        if record["truth"]["wire_group"] and not record["truth"]["duplicate_of"]:
            groups[record["truth"]["wire_group"]].append(record)
    big = [g for g in groups.values() if len(g) >= 2]
    assert len(big) >= 10
    for group in big:
        assert len({r["outlet"] for r in group}) == len(group)
        assert len({r["truth"]["event"] for r in group}) == 1
    assert any(len({r["text"] for r in g}) == len(g) for g in big)


def test_events_are_reported_by_several_articles_with_equal_or_conflicting_figures(corpus):
    pairs = realistic.pairs(corpus)
    disputes = [p for p in pairs if p["relation"] == "dispute" and not p["wire"]]
    assert disputes
    unrelated_same_value = [p for p in pairs if p["relation"] == "unrelated" and p["a_value"] == p["b_value"]]
    assert unrelated_same_value  # 7 injured in one city, 7 injured in another


def test_pages_that_are_not_articles_and_url_twins_are_labelled(corpus):
    pages = Counter(r["truth"]["page"] for r in corpus)
    assert pages["article"] > 350 and sum(v for k, v in pages.items() if k != "article") >= 3
    for record in corpus:
        if record["truth"]["page"] != "article":
            assert all(p["clutter"] for p in record["truth"]["paragraphs"]) and record["truth"]["event"] is None
    by_id = {r["truth"]["id"]: r for r in corpus}
    twins = [r for r in corpus if r["truth"]["duplicate_of"]]
    assert twins
    for twin in twins:
        original = by_id[twin["truth"]["duplicate_of"]]
        assert twin["text"] == original["text"] and twin["url"] != original["url"]


def test_real_sentences_carry_their_event_and_ans_headlines_are_mixed_in(corpus):
    for record in corpus:
        if record["truth"]["page"] == "article":
            events = Counter(s["event"] for s in _sentences(record))
            assert events.most_common(1)[0][0] == record["truth"]["event"]
    assert any(s["event"].startswith("ans") for r in corpus for s in _sentences(r))


def test_the_cli_writes_ingestable_records_and_the_truth_beside_them(tmp_path, runner, app, capsys):
    out = tmp_path / "corpus.jsonl"
    realistic.main(["--articles", "25", "--seed", "1", "--out", str(out)])
    assert "25 records" in capsys.readouterr().out
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    truth = [json.loads(line) for line in out.with_suffix(".truth.jsonl").read_text("utf-8").splitlines()]
    assert len(records) == len(truth) == 25 and all("truth" not in r for r in records)
    result = runner.invoke(args=["fact", "ingest", str(out)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        stored = db.session.scalar(select(func.count()).select_from(Article))
        paragraphs = db.session.scalar(select(func.count()).select_from(Span).where(Span.kind == "paragraph"))
    twins = sum(1 for t in truth if t["duplicate_of"])
    assert stored == 25 - twins
    assert paragraphs == sum(len(t["paragraphs"]) for t in truth if not t["duplicate_of"])
