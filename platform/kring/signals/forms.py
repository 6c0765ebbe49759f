"""The signal form: little to fill in, so a care worker can do it between two visits."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from kring.http.forms import Form
from kring.people.validators import form_not_in_future, form_postcode
from kring.signals.models import SignalStatus


class SignalForm(Form):
    destination = SelectField(
        _l("Send to"), validators=[DataRequired(_l("Choose where the signal goes."))]
    )
    resident_name = StringField(
        _l("Name of the resident"),
        validators=[DataRequired(_l("Enter the resident's name.")), Length(max=200)],
    )
    postcode = StringField(_l("Postcode"), validators=[Optional(), Length(max=10), form_postcode])
    birth_date = DateField(
        _l("Date of birth (optional)"), validators=[Optional(), form_not_in_future]
    )
    reason = TextAreaField(
        _l("Why are you worried?"),
        validators=[DataRequired(_l("Say why you are worried.")), Length(max=4000)],
    )


STATUS_LABELS = {
    SignalStatus.new: _l("new"),
    SignalStatus.contacted: _l("contacted"),
    SignalStatus.connected: _l("taking part"),
    SignalStatus.declined: _l("does not want contact"),
}


class StatusForm(Form):
    status = SelectField(_l("Status"), validators=[DataRequired()])
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=4000)])
