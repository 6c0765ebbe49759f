"""Forms for recording a background check and an exception to a course, validated at the edge."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from kring.http.forms import Form
from kring.people.validators import form_not_in_future
from kring.trainings.service import REASON_MAX


class ScreeningForm(Form):
    screening = SelectField(_l("Check"), validators=[DataRequired(_l("Choose a check."))])
    issued_on = DateField(
        _l("Issued on"),
        validators=[DataRequired(_l("Enter the date the check was issued.")), form_not_in_future],
    )


class ExceptionForm(Form):
    training = SelectField(_l("Training"), validators=[DataRequired(_l("Choose a training."))])
    reason = TextAreaField(
        _l("Why the exception is made"),
        validators=[DataRequired(_l("Say why the exception is made.")), Length(max=REASON_MAX)],
    )
    until = DateField(_l("Until (optional)"), validators=[Optional()])
