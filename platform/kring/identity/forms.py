"""The second step's forms: a code, and the password asked again before an export."""

from __future__ import annotations

import segno
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from kring.http.forms import Form


class CodeForm(Form):
    """The second step: six digits from the authenticator app, or a recovery code."""

    code = StringField(
        _l("Code"),
        validators=[DataRequired(_l("Enter the code from your app.")), Length(max=40)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "text", "autocapitalize": "off"},
    )


class ConfirmForm(Form):
    """Asking who you are again before an export or an erasure."""

    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password.")), Length(max=1000)],
        render_kw={"autocomplete": "current-password"},
    )
    code = StringField(
        _l("Code"), validators=[Length(max=40)], render_kw={"autocomplete": "one-time-code"}
    )


def qr_code(uri: str) -> Markup:
    """The authenticator's link as an inline SVG QR code (scanned from a screen)."""
    svg = segno.make(uri, error="m").svg_inline(
        scale=4,
        border=2,
        title=_("QR code for your authenticator app"),
        svgclass="qr-code",
        lineclass=None,
    )
    return Markup(svg)
