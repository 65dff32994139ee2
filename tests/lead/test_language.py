"""English or Arabic: ?lang= chooses and the session remembers, else the browser's Accept-Language;
Arabic pages are right to left; every message of the page has its Arabic, and the compiled catalogue
is the one its .po file makes."""
import io
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from fact.lead import bp

LEAD = Path(bp.root_path)
CATALOGUE = LEAD / "translations" / "ar" / "LC_MESSAGES"


def html_tag(response) -> str:
    page = response.get_data(as_text=True)
    return page[page.index("<html") : page.index(">", page.index("<html")) + 1]


def test_english_by_default_left_to_right(lead):
    response = lead.get("/lead/")

    assert html_tag(response) == '<html lang="en" dir="ltr">'
    assert "<h2 id=\"progress-heading\">Progress</h2>" in response.get_data(as_text=True)


def test_lang_ar_gives_the_page_in_arabic_right_to_left_and_is_remembered(lead):
    response = lead.get("/lead/?lang=ar")

    assert html_tag(response) == '<html lang="ar" dir="rtl">'
    page = response.get_data(as_text=True)
    assert "<h2 id=\"progress-heading\">التقدم</h2>" in page
    assert "الادعاءات المختلف عليها" in page
    assert html_tag(lead.get("/lead/")) == '<html lang="ar" dir="rtl">'  # remembered
    assert html_tag(lead.get("/lead/?lang=en")) == '<html lang="en" dir="ltr">'
    assert html_tag(lead.get("/lead/")) == '<html lang="en" dir="ltr">'


def test_the_browsers_language_is_the_default(lead_app, client):
    arabic = {"Accept-Language": "ar-EG,ar;q=0.9,en;q=0.5"}

    assert html_tag(client.get("/lead/login", headers=arabic)) == '<html lang="ar" dir="rtl">'
    assert html_tag(client.get("/lead/login", headers={"Accept-Language": "fr"})) == '<html lang="en" dir="ltr">'
    assert html_tag(client.get("/lead/login?lang=en", headers=arabic)) == '<html lang="en" dir="ltr">'


def test_an_unknown_lang_is_ignored(lead):
    assert html_tag(lead.get("/lead/?lang=xx")) == '<html lang="en" dir="ltr">'


def test_the_wrong_password_message_is_in_arabic_too(lead_app, client):
    from tests.lead.conftest import LEAD_EMAIL, csrf_token

    token = csrf_token(client.get("/lead/login?lang=ar").get_data(as_text=True))
    response = client.post("/lead/login", data={"email": LEAD_EMAIL, "password": "no", "csrf_token": token})

    assert "البريد الإلكتروني أو كلمة المرور غير صحيحة." in response.get_data(as_text=True)


def test_every_message_of_the_page_has_its_arabic():
    method_map = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
    used = {message for _, _, message, _, _ in extract_from_dir(str(LEAD), method_map, keywords={
        "_": None, "_l": None, "gettext": None, "ngettext": (1, 2)})}
    with open(CATALOGUE / "messages.po", "rb") as po:
        catalogue = read_po(po)
    translated = {_singular(m.id): m.string for m in catalogue if m.id}

    assert {_singular(message) for message in used} <= translated.keys()
    assert all(text if isinstance(text, str) else all(text) for text in translated.values())


def _singular(message_id) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def test_the_compiled_catalogue_is_the_one_the_po_file_makes():
    with open(CATALOGUE / "messages.po", "rb") as po:
        compiled = io.BytesIO()
        write_mo(compiled, read_po(po))
    with open(CATALOGUE / "messages.mo", "rb") as mo:
        shipped = read_mo(mo)
    compiled.seek(0)
    assert _messages(read_mo(compiled)) == _messages(shipped)


def _messages(catalogue) -> dict:
    return {_singular(m.id): m.string if isinstance(m.string, str) else tuple(m.string) for m in catalogue if m.id}
