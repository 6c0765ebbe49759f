"""The safety net's forms: a contact in a few taps, an escalation, and the team's answers."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from kring.http.forms import Form
from kring.safetynet.models import ContactKind
from kring.safetynet.service import NOTE_MAX

KIND_LABELS = {
    ContactKind.visit: _l("visit"),
    ContactKind.call: _l("phone call"),
    ContactKind.message: _l("message"),
    ContactKind.meeting: _l("meeting"),
}


class ContactForm(Form):
    person = SelectField(
        _l("Who"), validators=[DataRequired(_l("Choose who you were in touch with."))]
    )
    contact_on = DateField(_l("Date"), validators=[InputRequired(_l("Enter the date."))])
    kind = RadioField(
        _l("How"),
        choices=[SelectChoice(k.value, label) for k, label in KIND_LABELS.items()],
        default=ContactKind.visit.value,
        validators=[InputRequired(_l("Choose how you were in touch."))],
    )
    note = TextAreaField(_l("Short note (optional)"), validators=[Optional(), Length(max=NOTE_MAX)])
    is_sensitive = BooleanField(_l("This note is sensitive"))


class EscalationForm(Form):
    person = SelectField(
        _l("About whom"), validators=[DataRequired(_l("Choose whom it is about."))]
    )
    severity = RadioField(
        _l("How urgent"), validators=[InputRequired(_l("Choose how urgent it is."))]
    )
    question = TextAreaField(
        _l("What is the question?"),
        validators=[DataRequired(_l("Write down the question.")), Length(max=NOTE_MAX)],
    )
    is_sensitive = BooleanField(_l("This question is sensitive"))


class AnswerForm(Form):
    text = TextAreaField(
        _l("Answer"), validators=[DataRequired(_l("Write the answer.")), Length(max=NOTE_MAX)]
    )


class ResolveForm(Form):
    resolution = TextAreaField(
        _l("How was it resolved?"),
        validators=[DataRequired(_l("Write down how it was resolved.")), Length(max=NOTE_MAX)],
    )


class PassUpForm(Form):
    """Only the confirmation: passing up needs no words (an answer says why)."""
