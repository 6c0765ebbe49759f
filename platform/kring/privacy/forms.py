"""The erasure's confirmation and the tenant's retention, validated at the edge."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField
from wtforms.validators import DataRequired, InputRequired, NumberRange

from kring.http.forms import Form
from kring.privacy.retention import MAX_MONTHS, MIN_MONTHS


class EraseForm(Form):
    confirm = BooleanField(
        _l("Yes, erase this person's data"),
        validators=[DataRequired(_l("Tick the box to confirm the erasure."))],
    )


class RetentionForm(Form):
    months = IntegerField(
        _l("Months to keep the data after someone stopped taking part"),
        validators=[
            InputRequired(_l("Enter a number of months.")),
            NumberRange(
                MIN_MONTHS,
                MAX_MONTHS,
                _l("Choose a number of months from %(min)s to %(max)s."),
            ),
        ],
    )
