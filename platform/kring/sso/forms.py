"""The admin's form for the tenant's provider."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, StringField, URLField
from wtforms.validators import URL, DataRequired, Length, Optional

from kring.http.forms import Form


class ProviderForm(Form):
    issuer = URLField(
        _l("Issuer"),
        validators=[
            DataRequired(_l("Enter the provider's issuer address.")),
            URL(require_tld=False, message=_l("Enter a full address, starting with https://.")),
            Length(max=300),
        ],
    )
    client_id = StringField(
        _l("Client id"),
        validators=[
            DataRequired(_l("Enter the client id the provider gave you.")),
            Length(max=200),
        ],
    )
    client_secret = PasswordField(_l("Client secret"), validators=[Optional(), Length(max=500)])
    label = StringField(
        _l("Button text"),
        validators=[DataRequired(_l("Enter the words on the sign-in button.")), Length(max=100)],
    )
    trusts_mfa = BooleanField(_l("Accept the provider's second factor"), default=True)
    is_enabled = BooleanField(_l("Staff may sign in with it"), default=True)


class LinkForm(Form):
    """Only the CSRF token: the provider asks the rest."""
