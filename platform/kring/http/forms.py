"""The base of every form: what no page may store, refused as an error on the field it is in.

A page that refuses a note because of what is in it keeps the note on the page, with the
error beside it, so nothing the person typed is lost; that is why this check lives in the
form and not in the request gate of ``kring.http.input`` (which serves the API).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, PasswordField, StringField
from wtforms import Form as PlainForm

from kring.core.bsn import find_bsn

BSN_REFUSED = _l(
    "This looks like a citizen service number (BSN). It may not be kept here: leave it out."
)


def _holds_free_text(field: Field) -> bool:
    """Text a person types and the page keeps: not a password, not a hidden token."""
    return isinstance(field, StringField) and not isinstance(field, PasswordField | HiddenField)


class _RefusesBsn:
    """Refuses a BSN in any text field, after the field's own validators ran."""

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        valid: bool = super().validate(extra_validators)  # type: ignore[misc]
        for field in self:  # type: ignore[attr-defined]
            if _holds_free_text(field) and isinstance(field.data, str) and find_bsn(field.data):
                field.errors = [*field.errors, BSN_REFUSED]
                valid = False
        return valid


class Form(_RefusesBsn, FlaskForm):
    """A page's form: Flask-WTF with its CSRF token, refusing a BSN in any text field."""


class SubForm(_RefusesBsn, PlainForm):
    """A form repeated inside another (``FormField``): no token of its own, the same refusal."""
