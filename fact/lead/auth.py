"""The lead's login: one account, FACT_LEAD_EMAIL and FACT_LEAD_PASSWORD (instance/secrets.env, made by
`make secrets`), compared in constant time; an address that fails FACT_LOGIN_LIMIT times is refused
(429, with Retry-After) until the window passes, the right password too, so that a password cannot be
guessed at speed. The page refuses to run without FACT_SECRET_KEY, which signs the session and its CSRF
tokens."""
import hmac
from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import UserMixin, login_required, login_user, logout_user

from fact.extensions import limiter, login_manager
from fact.lead import bp
from fact.lead.forms import LoginForm, LogoutForm


class Lead(UserMixin):
    def __init__(self, email: str):
        self.id = self.email = email


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def lead_configured() -> bool:
    return bool(current_app.config.get("FACT_LEAD_PASSWORD") and current_app.config.get("SECRET_KEY"))


@login_manager.user_loader
def load_lead(user_id: str) -> Lead | None:
    email = current_app.config["FACT_LEAD_EMAIL"]
    return Lead(email) if lead_configured() and _same(user_id, email) else None


def credentials_match(email: str, password: str) -> bool:
    """Both compared, whatever the first gives, so that the time taken says nothing of either."""
    config = current_app.config
    right_email = _same(email.strip().casefold(), config["FACT_LEAD_EMAIL"].casefold())
    right_password = _same(password, config["FACT_LEAD_PASSWORD"] or "")
    return lead_configured() and right_email and right_password


@bp.before_request
def need_secret_key() -> None:
    if not current_app.config.get("SECRET_KEY"):
        abort(503, description="The lead's page needs FACT_SECRET_KEY (make secrets writes one).")


def _local(target: str | None) -> str | None:
    """A `next` that stays on this site's lead pages, or None."""
    if not target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc and parts.path.startswith("/lead") else None


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["FACT_LOGIN_LIMIT"], methods=["POST"],
               deduct_when=lambda response: response.status_code != 302,  # a login that succeeds costs nothing
               error_message=lambda: _("Too many failed logins from this address: try again later."))
def login():
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        if credentials_match(form.email.data, form.password.data):
            login_user(Lead(current_app.config["FACT_LEAD_EMAIL"]))
            return redirect(_local(request.args.get("next")) or url_for("lead.index"))
        flash(_("Wrong e-mail or password."), "error")
        status = 401
    elif request.method == "POST":
        status = 400  # a missing field or CSRF token: the form says which
    return render_template("lead/login.html", form=form, configured=lead_configured()), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    if not LogoutForm().validate_on_submit():
        abort(400, description="The form's CSRF token is missing or stale: reload the page.")
    logout_user()
    return redirect(url_for("lead.login"))
