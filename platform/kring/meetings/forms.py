"""Forms of the meeting pages. Kinds are filled per request from the circle's methodology."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField, StringField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from kring.http.forms import Form
from kring.meetings.queries import MAX_SERIES


class PlanForm(Form):
    kind = SelectField(_l("Kind of meeting"), validators=[DataRequired(_l("Choose a kind."))])
    day = DateField(_l("Date"), validators=[InputRequired(_l("Enter the date."))])
    time = TimeField(_l("Starts at"), validators=[InputRequired(_l("Enter the time."))])
    minutes = IntegerField(
        _l("Length in minutes"), validators=[InputRequired(_l("Enter the length in minutes."))]
    )
    place = StringField(_l("Place (optional)"), validators=[Optional(), Length(max=200)])
    count = IntegerField(
        _l("How many meetings"),
        default=1,
        description=_l("More than one plans a series, one every period of the pattern."),
        validators=[
            InputRequired(_l("Enter how many meetings.")),
            NumberRange(min=1, max=MAX_SERIES, message=_l("Plan 1 to 52 meetings.")),
        ],
    )


class CancelForm(Form):
    reason = StringField(_l("Reason (optional)"), validators=[Optional(), Length(max=500)])


class GuestForm(Form):
    first_name = StringField(
        _l("First name of the guest"),
        validators=[DataRequired(_l("Enter the guest's first name.")), Length(max=60)],
    )
