"""The organiser's form: an activity in the words a church volunteer or a club secretary
uses, with how it repeats as a plain choice (the RRULE is made from it) and the dates it
does not take place one per line."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from kring.activities.words import ACCESS, AUDIENCES, REPEATS
from kring.http.forms import Form

_DAY = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*$|^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def parse_days(text: str | None) -> list[date]:
    """Dates written one per line (``24-12-2026`` or ``2026-12-24``); ``ValueError`` naming the
    first line that is not one."""
    days = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        match = _DAY.match(line)
        if not match:
            raise ValueError(line.strip())
        d, m, y, yy, mm, dd = match.groups()
        try:
            days.append(date(int(y), int(m), int(d)) if y else date(int(yy), int(mm), int(dd)))
        except ValueError:
            raise ValueError(line.strip()) from None
    return days


class Checkboxes(SelectMultipleField):
    """Several choices as checkboxes, each a large target."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ActivityForm(Form):
    organisation_id = SelectField(
        _l("Organisation"),
        coerce=int,
        validators=[DataRequired(_l("Choose the organisation that organises it."))],
    )
    title = StringField(
        _l("What is it called?"),
        validators=[DataRequired(_l("Give the activity a title.")), Length(max=200)],
    )
    description = TextAreaField(
        _l("What happens there?"), validators=[Optional(), Length(max=4000)]
    )
    starts_on = DateField(
        _l("Date (the first time)"), validators=[DataRequired(_l("Enter the date."))]
    )
    starts_time = TimeField(_l("Starts at"), validators=[DataRequired(_l("Enter the time."))])
    minutes = IntegerField(
        _l("How long, in minutes"),
        default=60,
        validators=[
            DataRequired(_l("Enter how many minutes it lasts.")),
            NumberRange(1, 24 * 60, _l("Between 1 and 1440 minutes.")),
        ],
    )
    repeat = SelectField(
        _l("How often"), choices=[SelectChoice(k, v) for k, v in REPEATS.items()], default=""
    )
    until = DateField(_l("Until (optional)"), validators=[Optional()])
    exdates = TextAreaField(
        _l("Dates it does not take place (one per line, for example 24-12-2026)"),
        validators=[Optional(), Length(max=4000)],
    )
    neighbourhood_id = SelectField(
        _l("Neighbourhood"), coerce=lambda v: int(v) if v not in (None, "", "None") else None
    )
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    audiences = Checkboxes(
        _l("For whom"),
        choices=[SelectChoice(k.value, v) for k, v in AUDIENCES.items()],
        validators=[DataRequired(_l("Choose for whom it is."))],
    )
    access = Checkboxes(
        _l("Accessibility"), choices=[SelectChoice(k.value, v) for k, v in ACCESS.items()]
    )
    cost = StringField(_l("Cost (for example: free)"), validators=[Optional(), Length(max=100)])
    contact = StringField(
        _l("Contact (a phone number or e-mail address)"), validators=[Optional(), Length(max=300)]
    )

    def validate_exdates(self, field: TextAreaField) -> None:
        try:
            parse_days(field.data)
        except ValueError as exc:
            raise ValidationError(
                _l("%(line)s is not a date: write it as 24-12-2026.", line=str(exc))
            ) from None

    def validate_until(self, field: DateField) -> None:
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The last date comes after the first."))


class ImportForm(Form):
    organisation_id = SelectField(
        _l("Organisation"),
        coerce=int,
        validators=[DataRequired(_l("Choose the organisation that organises it."))],
    )
    neighbourhood_id = SelectField(
        _l("Neighbourhood (where the calendar does not say)"),
        coerce=lambda v: int(v) if v not in (None, "", "None") else None,
    )
    audiences = Checkboxes(
        _l("For whom"), choices=[SelectChoice(k.value, v) for k, v in AUDIENCES.items()]
    )
    file = FileField(_l("An iCal file (.ics) to read once"))
    url = StringField(
        _l("Or the address of an iCal feed to read every night (https://…)"),
        validators=[Optional(), Length(max=1000)],
    )

    def validate(self, extra_validators: Any = None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not self.url.data and not self.file.data:
            self.url.errors = [_l("Choose a file or give the address of a feed.")]
            return False
        return True


class SuggestForm(Form):
    person_id = SelectField(
        _l("To whom"), coerce=int, validators=[DataRequired(_l("Choose the person."))]
    )
    activity_id = SelectField(
        _l("Which activity"), coerce=int, validators=[DataRequired(_l("Choose the activity."))]
    )


class WentForm(Form):
    went_on = DateField(_l("Went on"), validators=[DataRequired(_l("Enter the day they went."))])
