"""The forms of exchange: short, plain words, an optional kind of help from a fixed list."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from kring.exchange.models import CATEGORIES, ContactKind
from kring.http.forms import Form

CATEGORY_LABELS = {
    "household": _l("household"),
    "garden": _l("garden"),
    "cooking": _l("cooking"),
    "shopping": _l("shopping"),
    "transport": _l("getting somewhere"),
    "odd_jobs": _l("odd jobs"),
    "company": _l("company"),
    "paperwork": _l("letters and forms"),
    "technology": _l("computer and phone"),
    "pets": _l("pets"),
    "other": _l("something else"),
}
assert set(CATEGORY_LABELS) == set(CATEGORIES)

CONTACT_LABELS = {
    ContactKind.family: _l("family"),
    ContactKind.neighbour: _l("neighbour"),
    ContactKind.church: _l("church or mosque"),
    ContactKind.club: _l("club or association"),
    ContactKind.other: _l("someone else"),
}

STATUS_LABELS = {
    "open": _l("asked"),
    "offered": _l("someone helps"),
    "done": _l("done"),
    "not_done": _l("did not happen"),
}


def category_choices() -> list[SelectChoice]:
    return [
        SelectChoice("", _l("no particular kind")),
        *(SelectChoice(key, label) for key, label in CATEGORY_LABELS.items()),
    ]


class AskForm(Form):
    what = TextAreaField(
        _l("What would you like help with?"),
        validators=[DataRequired(_l("Say what you would like help with.")), Length(max=500)],
    )
    category = SelectField(_l("Kind of help (optional)"), validators=[Optional()])


class CloseForm(Form):
    outcome = RadioField(
        _l("How did it go?"),
        choices=[
            SelectChoice("done", _l("The help was given")),
            SelectChoice("not_done", _l("It did not happen")),
        ],
        validators=[InputRequired(_l("Choose how it went."))],
    )


class ThanksForm(Form):
    thanks = TextAreaField(
        _l("Your thanks"),
        validators=[DataRequired(_l("Write a few words of thanks.")), Length(max=500)],
    )


class EncounterForm(Form):
    other = SelectField(_l("Whom did you meet?"), validators=[DataRequired(_l("Choose whom."))])
    met_on = DateField(_l("On which day?"), validators=[DataRequired(_l("Enter the day."))])


class WordsForm(Form):
    words = StringField(
        _l("In your own words"),
        validators=[DataRequired(_l("Write it in a few words.")), Length(max=200)],
    )
    category = SelectField(_l("Kind of help (optional)"), validators=[Optional()])


class ContactForm(Form):
    kind = SelectField(_l("Who is it?"), validators=[DataRequired(_l("Choose who it is."))])
    description = StringField(
        _l("First name or a short description"),
        validators=[DataRequired(_l("Write a first name or a few words.")), Length(max=100)],
    )
