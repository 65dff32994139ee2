"""The page's forms, each with Flask-WTF's CSRF token (signed with SECRET_KEY, bound to the session)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField
from wtforms.validators import InputRequired, Length

from fact.models import ArticleStanceLabel, Label, MatchStatus


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[InputRequired(), Length(max=320)])
    password = PasswordField(_l("Password"), validators=[InputRequired(), Length(max=1000)])


class AdjudicationForm(FlaskForm):
    """One button per label: the button pressed sends its label."""
    label = SelectField(choices=[str(label) for label in Label], validators=[InputRequired()])


class StanceSettlingForm(FlaskForm):
    """One button per stance: the button pressed settles a tied (claim, article) pair with it."""
    stance = SelectField(choices=[str(stance) for stance in ArticleStanceLabel], validators=[InputRequired()])


class MatchDecisionForm(FlaskForm):
    """Link or Reject an already-checked suggestion: the button pressed sends its status."""
    status = SelectField(choices=[str(MatchStatus.linked), str(MatchStatus.rejected)], validators=[InputRequired()])


class LogoutForm(FlaskForm):
    """Logging out is a POST with the token, so that another site cannot log the lead out."""
