"""The signal forms: little to fill in for a care worker between two visits, and the team's
follow-up in three steps (who makes contact, the conversation, how it ended)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from kring.http.forms import Form
from kring.people.validators import form_not_in_future, form_postcode
from kring.signals.models import AnonymousFollowUp, SignalOutcome, SignalStatus

BY_POSTCODE = ""
"""The destination that lets the postcode find the neighbourhood team."""


class SignalForm(Form):
    destination = SelectField(_l("Send to"), validate_choice=True)
    has_consent = RadioField(
        _l("Did the resident agree to be contacted?"),
        choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))],
        validators=[InputRequired(_l("Say whether the resident agreed."))],
    )
    resident_name = StringField(
        _l("Name of the resident (optional)"), validators=[Optional(), Length(max=200)]
    )
    address = StringField(_l("Street and house number"), validators=[Optional(), Length(max=200)])
    postcode = StringField(
        _l("Postcode"),
        validators=[DataRequired(_l("Enter the postcode.")), Length(max=10), form_postcode],
    )
    birth_date = DateField(
        _l("Date of birth (optional)"), validators=[Optional(), form_not_in_future]
    )
    reason = TextAreaField(
        _l("What did you see?"),
        validators=[DataRequired(_l("Say what you saw.")), Length(max=4000)],
    )


STATUS_LABELS = {
    SignalStatus.new: _l("waiting"),
    SignalStatus.assigned: _l("someone is on it"),
    SignalStatus.contacted: _l("spoken to"),
    SignalStatus.closed: _l("ended"),
}

OUTCOME_LABELS = {
    SignalOutcome.joined_activity: _l("joined an activity"),
    SignalOutcome.joined_circle: _l("joined a group or team"),
    SignalOutcome.no_help_wanted: _l("no help wanted"),
    SignalOutcome.referred: _l("referred to a professional"),
    SignalOutcome.not_reached: _l("could not be reached"),
}


class AssignForm(Form):
    volunteer = SelectField(
        _l("Who makes contact"), validators=[DataRequired(_l("Choose a volunteer."))]
    )


class ConversationForm(Form):
    """The conversation; the scale's questions are added per methodology (``with_items``)."""

    contacted_on = DateField(
        _l("Date of the conversation"),
        validators=[InputRequired(_l("Enter the date.")), form_not_in_future],
    )
    note = TextAreaField(_l("What was said"), validators=[Optional(), Length(max=4000)])


class CloseForm(Form):
    outcome = SelectField(
        _l("How did it end?"),
        choices=[SelectChoice(o.value, label) for o, label in OUTCOME_LABELS.items()],
        validators=[DataRequired(_l("Choose how it ended."))],
    )
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=4000)])


ANONYMOUS_LABELS = {
    AnonymousFollowUp.card: _l("Leave a card with the team's activities at the address"),
    AnonymousFollowUp.ask_again: _l("Ask the reporter to ask the resident again"),
    AnonymousFollowUp.none: _l("Nothing for now"),
}


class AnonymousForm(Form):
    follow_up = RadioField(
        _l("What does the team do?"),
        choices=[SelectChoice(a.value, label) for a, label in ANONYMOUS_LABELS.items()],
        validators=[InputRequired(_l("Choose what the team does."))],
    )
