"""The lead's page: progress, agreement, the contested claims to settle, disputes across outlets and
the downloads, server-rendered in English or Arabic, behind the lead's login.

Views are thin over fact.services.claims and fact.services.exports; the REST API keeps its bearer token.
"""
from pathlib import Path

from flask import Blueprint, Flask

bp = Blueprint("lead", __name__, url_prefix="/lead", template_folder="templates", static_folder="static")


def register(app: Flask) -> None:
    from fact.extensions import babel, limiter, login_manager
    from fact.lead import auth, language, views  # noqa: F401  (their routes and hooks join bp)

    login_manager.init_app(app)
    limiter.init_app(app)
    login_manager.login_view = "lead.login"
    login_manager.login_message = None  # the login page says what it is for
    babel.init_app(app, locale_selector=language.locale,
                   default_translation_directories=str(Path(__file__).parent / "translations"))
    app.register_blueprint(bp)
