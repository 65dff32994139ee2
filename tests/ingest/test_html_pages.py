"""read_page: the article of a saved page (its paragraphs, one a line, and none of the clutter around
it), with its title, address, date, site name and language; a page without one is a clear refusal."""
from datetime import date

import pytest

from fact.services.ingest.pages import NO_MAIN_TEXT, read_page
from fact.text.decode import RejectedInput
from tests.ingest.warcs import page

ARABIC_PARAGRAPHS = [
    "موسكو تعلن وقف الغارات على حلب لمدة 48 ساعة",
    "أعلنت وزارة الدفاع الروسية، اليوم الثلاثاء، وقف الغارات الجوية",
    "وقال رئيس هيئة الأركان الروسية، الجنرال سيرغي رودسكوي،",
    "وأضاف رودسكوي أن نحو 275 ألف مدني ما زالوا داخل الأحياء الشرقية",
    "من جهته، قال المرصد السوري لحقوق الإنسان إن 13 مدنيا على الأقل قتلوا",
    "ورحبت الأمم المتحدة بالإعلان، لكن مبعوثها الخاص إلى سوريا",
]
ARABIC_CLUTTER = ["الرئيسية", "عاجل", "تسجيل الدخول", "فيسبوك", "تويتر", "واتساب", "اقرأ أيضا",
                  "واشنطن تعلق المحادثات", "الوسوم", "الهدنة كذبة", "أضف تعليق", "الأكثر قراءة",
                  "النشرة البريدية", "جميع الحقوق محفوظة", "سياسة الخصوصية", "أعلن معنا", "محرم 1438"]


def test_an_arabic_news_page_keeps_its_paragraphs_one_a_line_and_drops_the_clutter():
    found = read_page(page("arabic-news.html"))

    lines = found.text.splitlines()
    assert len(lines) == len(ARABIC_PARAGRAPHS)
    assert all(line.startswith(start) for line, start in zip(lines, ARABIC_PARAGRAPHS))
    assert [word for word in ARABIC_CLUTTER if word in found.text] == []


def test_an_arabic_page_gives_its_headline_canonical_address_site_name_and_first_published_date():
    found = read_page(page("arabic-news.html"))

    assert found.title == "موسكو تعلن وقف الغارات على حلب لمدة 48 ساعة"  # not "... | شبكة الشام الإخبارية"
    assert found.url == "https://www.shaam-news.example/news/politics/2016/10/18/moscow-aleppo-pause.html"
    assert found.outlet_name == "شبكة الشام الإخبارية"
    assert found.published_at == date(2016, 10, 18)  # published, not modified on the 19th
    assert (found.language, found.encoding) == ("ar", "utf-8")


def test_an_english_page_without_a_site_name_takes_its_host_as_outlet():
    found = read_page(page("english-news.html"))

    assert found.text.splitlines()[1].startswith("A convoy of 44 trucks carrying food")
    assert len(found.text.splitlines()) == 5
    for clutter in ("cookies", "Share on Facebook", "Related stories", "Sign up", "All rights reserved", "Photo:"):
        assert clutter not in found.text
    assert found.outlet_name == "news.example.co.uk"
    assert found.url == "https://news.example.co.uk/world/middle-east/2016/01/11/madaya-aid-convoy"
    assert found.published_at == date(2016, 1, 11)
    assert found.language == "en-GB"


@pytest.mark.parametrize("name", ["tag-page.html", "empty-page.html"])
def test_a_page_without_an_article_is_refused_as_having_no_main_text(name):
    with pytest.raises(RejectedInput) as refused:
        read_page(page(name))

    assert str(refused.value) == NO_MAIN_TEXT


def test_the_address_of_a_crawled_record_wins_over_the_pages_canonical_link():
    found = read_page(page("arabic-news.html"), url="http://shaam-news.example/?p=4411")

    assert found.url == "http://shaam-news.example/?p=4411"


def test_a_footers_copyright_year_is_not_taken_for_the_date():
    html = page("english-news.html").replace(b'<time datetime="2016-01-11">11 January 2016</time>', b"")
    html = html.replace(b"/2016/01/11/", b"/")

    found = read_page(html)

    assert "2016 Example News" in html.decode()
    assert found.published_at is None


def test_a_page_in_windows_1256_is_decoded_by_the_charset_it_declares():
    html = page("arabic-news.html").replace(b'<meta charset="utf-8">',
                                            b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">')
    encoded = html.decode("utf-8").replace("©", "(c)").encode("cp1256")

    found = read_page(encoded)

    assert found.encoding == "windows-1256"
    assert found.text == read_page(page("arabic-news.html")).text


def test_the_charset_of_an_http_header_is_used_when_the_page_declares_none():
    html = page("english-news.html").replace(b'<meta charset="utf-8">', b"").replace(b"&copy;", "©".encode())
    html = html.replace(b"Madaya on Monday", "Madaya on Monday – café".encode())

    found = read_page(html.decode("utf-8").encode("cp1252"), charset="windows-1252")

    assert "Madaya on Monday – café" in found.text
    assert found.encoding == "windows-1252"


def test_bytes_that_are_not_a_page_are_refused_as_the_text_files_are():
    with pytest.raises(RejectedInput, match="PNG image"):
        read_page(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))


def test_a_page_that_is_not_utf8_and_names_no_charset_says_so():
    html = page("english-news.html").replace(b'<meta charset="utf-8">', b"")
    html = html.replace(b"Madaya on Monday", "Madaya on Monday – café".encode()).decode().encode("cp1252")

    with pytest.raises(RejectedInput, match=r"^not UTF-8, and the page names no charset \(HTTP header or <meta>\)"):
        read_page(html)
