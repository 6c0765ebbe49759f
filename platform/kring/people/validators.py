"""What a person would mistype, refused the same way by forms (WTForms) and the API
(marshmallow): a postcode that is no Dutch or UK one, a date in the future that can only have
happened (a birth date, a completed training)."""

from __future__ import annotations

from datetime import date
from typing import Any

import marshmallow
import wtforms
from flask_babel import lazy_gettext as _l

from kring.people.models import has_happened, is_postcode

POSTCODE_MESSAGE = "Enter a Dutch or UK postcode, such as 6041 AB or BS1 4DJ."
PAST_MESSAGE = "Enter a date that is not in the future."


def form_postcode(_form: Any, field: Any) -> None:
    """A form's postcode field holds a whole Dutch or UK postcode, or nothing."""
    if field.data and not is_postcode(field.data):
        raise wtforms.ValidationError(
            _l("Enter a Dutch or UK postcode, such as 6041 AB or BS1 4DJ.")
        )


def form_not_in_future(_form: Any, field: Any) -> None:
    """A form's date field holds a day that has happened, or nothing."""
    if field.data and not has_happened(field.data):
        raise wtforms.ValidationError(_l("Enter a date that is not in the future."))


def api_postcode(value: str | None) -> None:
    """The API's twin of ``form_postcode``."""
    if value and not is_postcode(value):
        raise marshmallow.ValidationError(POSTCODE_MESSAGE)


def api_not_in_future(day: date | None) -> None:
    """The API's twin of ``form_not_in_future``."""
    if day is not None and not has_happened(day):
        raise marshmallow.ValidationError(PAST_MESSAGE)
