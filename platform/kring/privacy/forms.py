"""The erasure's confirmation, validated at the edge."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField
from wtforms.validators import DataRequired

from kring.http.forms import Form


class EraseForm(Form):
    confirm = BooleanField(
        _l("Yes, erase this person's data"),
        validators=[DataRequired(_l("Tick the box to confirm the erasure."))],
    )
