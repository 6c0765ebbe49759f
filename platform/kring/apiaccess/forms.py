"""The forms for a personal token and an integration: a name, and per area what it may do."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from kring.apiaccess import scopes
from kring.apiaccess.service import EXPIRY_DAYS
from kring.http.forms import Form

LEVELS = [
    SelectChoice("", _l("No access")),
    SelectChoice(scopes.READ, _l("Read")),
    SelectChoice(scopes.WRITE, _l("Read and change")),
]


class _ScopesForm(Form):
    """A select per area, filled in by ``with_scopes``; at least one must give access."""

    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Give it a name you will recognise.")), Length(max=120)],
    )

    def scope_fields(self) -> list[Any]:
        return [self[f"scope_{area}"] for area in sorted(scopes.AREAS)]

    def chosen_scopes(self) -> list[str]:
        return [
            f"{area}:{self[f'scope_{area}'].data}"
            for area in sorted(scopes.AREAS)
            if self[f"scope_{area}"].data
        ]

    def validate(self, extra_validators: Any = None) -> bool:
        valid: bool = super().validate(extra_validators)
        if not self.chosen_scopes():
            first = self.scope_fields()[0]
            first.errors = [*first.errors, _l("Choose at least one area it may use.")]
            return False
        return valid


def with_scopes(form_class: type[_ScopesForm]) -> type[_ScopesForm]:
    """Adds a select per area (known when the areas are loaded, hence not in the class body)."""
    for area, label in scopes.AREAS.items():
        setattr(form_class, f"scope_{area}", SelectField(label, choices=LEVELS, default=""))
    return form_class


@with_scopes
class PersonalTokenForm(_ScopesForm):
    days = RadioField(
        _l("Valid for"),
        choices=[SelectChoice(str(d), _l("%(days)s days", days=d)) for d in EXPIRY_DAYS],
        default="90",
        validators=[DataRequired(_l("Choose how long the token stays valid."))],
    )


@with_scopes
class ClientForm(_ScopesForm):
    pass


class RevokeForm(Form):
    """Only the CSRF token: revoking needs no more than the button."""
