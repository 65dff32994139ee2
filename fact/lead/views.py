"""The lead's page and the writes it makes (settling a claim or a tied stance, deciding a match), thin over
fact.services."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from fact.api.errors import UNAVAILABLE, unavailable
from fact.extensions import db
from fact.lead import bp, charts
from fact.lead.figures import figures
from fact.lead.forms import AdjudicationForm, LogoutForm, MatchDecisionForm, StanceSettlingForm
from fact.models import ArticleStanceLabel, Claim, ClaimMatch, Label, MatchStatus
from fact.services.claims.aggregate import adjudicate
from fact.services.claims.checked import MatchConflict, decide, suggestions
from fact.services.claims.disputes import disputes
from fact.services.claims.queue import contested, settled
from fact.services.claims.stance_settling import NothingToSettle, settle_stance, stance_ties
from fact.services.exports import FORMATS

QUEUE = 10  # contested claims shown at once, the longest waiting first
LABEL_NAMES = {"corroborated": _l("corroborated"), "disputed": _l("disputed"),
               "unverifiable": _l("unverifiable"), "none": _l("no label (contested)")}
STANCE_NAMES = {"agree": _l("agrees"), "disagree": _l("disagrees"), "discuss": _l("discusses"),
                "unrelated": _l("unrelated")}
STATES = {"unanimous": _l("unanimous"), "majority": _l("majority"), "contested": _l("contested")}
FORMAT_HELP = {
    "fever": _l("FEVER-style claims with their evidence (JSON Lines)"),
    "stance": _l("claim and cited passage pairs, agree or disagree (JSON Lines)"),
    "claim-spans": _l("each article's text with its claims' offsets and BIO tags (JSON Lines)"),
    "csv": _l("the flat verdict table, one row per current verdict (CSV)"),
    "parquet": _l("the same table as Parquet"),
    "claimreview": _l("schema.org ClaimReview, one review per labelled claim (JSON-LD)"),
    "qrels": _l("the already-checked matches the lead decided, as TREC qrels (text)"),
}


@bp.route("/")
@login_required
def index():
    kept = figures()
    queue, waiting = contested(QUEUE)
    matches, matches_waiting = suggestions(QUEUE)
    ties, ties_waiting = stance_ties(QUEUE)
    return render_template(
        "lead/index.html", figures=kept.values, counted_at=kept.counted_at, plots=_plots(kept), queue=queue,
        waiting=waiting, settled=settled(), disputes=disputes(), label_names=LABEL_NAMES, states=STATES,
        formats=[(name, FORMAT_HELP[name]) for name in FORMATS], highlight=highlight,
        claim_language=claim_language,
        form=AdjudicationForm(), ties=ties, ties_waiting=ties_waiting, stance_names=STANCE_NAMES,
        stance_form=StanceSettlingForm(), matches=matches, matches_waiting=matches_waiting, match_form=MatchDecisionForm(),
    )


def _plots(kept) -> dict[str, str]:
    """The three plots in the page's language, drawn once per language for the figures kept."""
    language = get_locale().language
    if language not in kept.plots:
        values, no_data = kept.values, _("Nothing to plot yet")
        names = {label: str(name) for label, name in LABEL_NAMES.items()}
        kept.plots[language] = {
            "outlets": charts.claims_by_outlet(values["by_outlet"], names, _("unknown outlet"), no_data,
                                               "plot-outlets"),
            "agreement": charts.agreement_by_label(values["agreement"]["per_label"], names, no_data,
                                                   "plot-agreement"),
            "progress": charts.progress_over_time(values["by_day"], _("verdicts given"), no_data, "plot-progress"),
        }
    return kept.plots[language]


@bp.route("/claims/<int:claim_id>/adjudication", methods=["POST"])
@login_required
def adjudicate_claim(claim_id: int):
    """Settle a claim with the label of the button pressed, as POST /api/claims/<id>/adjudication does,
    in the lead's name."""
    form = AdjudicationForm()
    if not form.validate_on_submit():
        abort(400, description=_("The form's token is missing or stale, or its label unknown: reload the page."))
    claim = db.one_or_404(select(Claim).where(Claim.id == claim_id).with_for_update(),
                          description=_("No claim %(id)s.", id=claim_id))
    adjudicate(claim, Label(form.label.data), current_user.email, None)
    db.session.commit()
    flash(_("Claim %(id)s settled: %(label)s.", id=claim_id, label=LABEL_NAMES[form.label.data]), "success")
    return redirect(url_for("lead.index", _anchor="settled"))


@bp.route("/claims/<int:claim_id>/articles/<int:article_id>/stance-adjudication", methods=["POST"])
@login_required
def settle_stance_tie(claim_id: int, article_id: int):
    """Settle a tied stance with the button pressed, as POST /api/claims/<id>/articles/<article_id>/
    stance-adjudication does, in the lead's name."""
    form = StanceSettlingForm()
    if not form.validate_on_submit():
        abort(400, description=_("The form's token is missing or stale, or its stance unknown: reload the page."))
    claim = db.one_or_404(select(Claim).where(Claim.id == claim_id).with_for_update(),
                          description=_("No claim %(id)s.", id=claim_id))
    try:
        settle_stance(claim, article_id, ArticleStanceLabel(form.stance.data), current_user.email, None)
    except NothingToSettle:
        db.session.rollback()
        abort(404, description=_("Article %(article)s has no stance towards claim %(id)s.", article=article_id,
                                 id=claim_id))
    db.session.commit()
    flash(_("Article %(article)s settled for claim %(id)s: %(stance)s.", article=article_id, id=claim_id,
            stance=STANCE_NAMES[form.stance.data]), "success")
    return redirect(url_for("lead.index", _anchor="ties"))


@bp.route("/claims/<int:claim_id>/matches/<int:match_id>", methods=["POST"])
@login_required
def decide_match(claim_id: int, match_id: int):
    """Link or reject an already-checked suggestion, as POST /api/claims/<id>/matches/<match_id> does,
    in the lead's name."""
    form = MatchDecisionForm()
    if not form.validate_on_submit():
        abort(400, description=_("The form's token is missing or stale, or its decision unknown: reload the page."))
    db.one_or_404(select(Claim.id).where(Claim.id == claim_id).with_for_update(),
                  description=_("No claim %(id)s.", id=claim_id))
    match = db.one_or_404(select(ClaimMatch).where(ClaimMatch.id == match_id, ClaimMatch.claim_id == claim_id),
                          description=_("Claim %(id)s has no match %(match)s.", id=claim_id, match=match_id))
    try:
        decide(match, MatchStatus(form.status.data), current_user.email)
    except MatchConflict as error:
        db.session.rollback()
        abort(409, description=_conflict(error))
    db.session.commit()
    if match.status == MatchStatus.linked:
        label = db.session.scalar(select(Claim.label).where(Claim.id == claim_id))
        flash(_("Claim %(id)s linked to claim %(checked)s; its label: %(label)s.", id=claim_id,
                checked=match.checked_claim_id, label=LABEL_NAMES[str(label) if label else "none"]), "success")
    else:
        flash(_("Claim %(checked)s will not be offered to claim %(id)s again.", id=claim_id,
                checked=match.checked_claim_id), "success")
    return redirect(url_for("lead.index", _anchor="checked"))


def _conflict(error: MatchConflict) -> str:
    if error.kind == "cycle":
        return _("Claim %(other)s is linked, through its own links, to claim %(id)s: this link would make a cycle.",
                 other=error.other, id=error.claim_id)
    return _("Claim %(id)s is already linked to claim %(other)s: reject that link first.", id=error.claim_id,
             other=error.other)


def claim_language(claim: Claim) -> str:
    """The language a claim is written in: its own (from outside), else its article's."""
    return claim.language or (claim.article.language if claim.article else "") or ""


def highlight(claim: Claim, verdict) -> tuple[str, str, str]:
    """The claim's sentence with this annotator's highlight: (before, highlight, after). A claim from
    outside has no article: its claim task's verdict judges its whole text (docs/claim-tasks.md)."""
    if claim.article is None:
        return "", claim.text, ""
    text = claim.article.text
    start = min(verdict.start, claim.span.start if claim.span else claim.start)
    end = max(verdict.end, claim.span.end if claim.span else claim.end)
    return text[start : verdict.start], text[verdict.start : verdict.end], text[verdict.end : end]


@bp.app_template_filter("number")
def number(value: int | None) -> str:
    """A count with its thousands separated (a filter: the page prints hundreds of them)."""
    return "—" if value is None else f"{value:,}"


@bp.context_processor
def logout_form() -> dict:
    return {"logout_form": LogoutForm()} if current_user.is_authenticated else {}


@bp.errorhandler(HTTPException)
def error_page(error: HTTPException):
    headers = {name: value for name, value in error.get_headers() if name.lower() != "content-type"}  # Retry-After
    return render_template("lead/error.html", error=error), error.code, headers


def database_unavailable(error: Exception):
    """The API's 503 with Retry-After for a database that does not answer, as a page."""
    return error_page(unavailable(error))


for _error in UNAVAILABLE:
    bp.register_error_handler(_error, database_unavailable)


@bp.after_request
def page_headers(response):
    """Only our own origin may serve what the page loads (the SVG plots' inline styles included)."""
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; script-src 'none'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
