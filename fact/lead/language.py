"""The page's language: ?lang= chosen once and kept in the session, else the browser's Accept-Language."""
from flask import request, session
from flask_babel import refresh

from fact.lead import bp

DIRECTIONS = {"en": "ltr", "ar": "rtl"}
DEFAULT = "en"


@bp.before_request
def remember_choice() -> None:
    chosen = request.args.get("lang")
    if chosen in DIRECTIONS and session.get("lang") != chosen:
        session["lang"] = chosen
    refresh()  # Flask-Babel keeps the locale on the app context, which may outlive one request


def locale() -> str:
    """Flask-Babel's locale selector (the API has no words to translate: English there)."""
    if request.blueprint != "lead":
        return DEFAULT
    chosen = request.args.get("lang")
    if chosen in DIRECTIONS:
        return chosen
    return session.get("lang") or request.accept_languages.best_match(DIRECTIONS) or DEFAULT


@bp.context_processor
def page_language() -> dict:
    lang = locale()
    return {"lang": lang, "dir": DIRECTIONS[lang]}
