"""The onboarding forms: sign-up, the platform admin's refusal and deletion, an invitation and
its acceptance. Checked here for shape; the services check what needs the database."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, NumberRange

from kring.core.accounts import MIN_PASSWORD_LENGTH
from kring.core.tenancy import TenantKind
from kring.http.forms import Form
from kring.onboarding.models import DpiaStatus

KIND_LABELS = {
    TenantKind.municipality: _l("Municipality"),
    TenantKind.housing_corporation: _l("Housing corporation"),
    TenantKind.care_welfare: _l("Care or welfare organisation"),
}

DPIA_LABELS = {
    DpiaStatus.not_started: _l("Not started"),
    DpiaStatus.in_progress: _l("In progress"),
    DpiaStatus.done: _l("Done"),
}

LOCALE_LABELS = {"nl": _l("Dutch"), "en": _l("English")}


def _email(label: str) -> EmailField:
    return EmailField(
        label,
        validators=[
            DataRequired(_l("Enter an e-mail address.")),
            Email(_l("Enter a valid e-mail address.")),
            Length(max=254),
        ],
    )


def _new_password() -> PasswordField:
    return PasswordField(
        _l("Password"),
        validators=[
            DataRequired(_l("Choose a password.")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=1000,
                message=_l("Use at least %(num)d characters.", num=MIN_PASSWORD_LENGTH),
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class SignupForm(Form):
    name = StringField(
        _l("Name of the organisation"),
        validators=[DataRequired(_l("Enter the organisation's name.")), Length(max=200)],
        render_kw={"autocomplete": "organization"},
    )
    kind = RadioField(
        _l("Kind of organisation"),
        choices=[SelectChoice(k.value, label) for k, label in KIND_LABELS.items()],
        validators=[DataRequired(_l("Choose the kind of organisation."))],
    )
    slug = StringField(
        _l("Web address"),
        validators=[DataRequired(_l("Choose a web address.")), Length(max=40)],
        render_kw={"autocapitalize": "none", "spellcheck": "false"},
    )
    locale = RadioField(
        _l("Language"),
        choices=[SelectChoice(k, label) for k, label in LOCALE_LABELS.items()],
        default="nl",
        validators=[DataRequired(_l("Choose a language."))],
    )
    admin_name = StringField(
        _l("Your name"),
        validators=[DataRequired(_l("Enter your name.")), Length(max=200)],
        render_kw={"autocomplete": "name"},
    )
    admin_email = _email(_l("Your e-mail address"))
    password = _new_password()
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[EqualTo("password", _l("The two passwords are not the same."))],
        render_kw={"autocomplete": "new-password"},
    )
    dpia_status = RadioField(
        _l("Data protection impact assessment (DPIA)"),
        choices=[SelectChoice(k.value, label) for k, label in DPIA_LABELS.items()],
        validators=[DataRequired(_l("Say how far your DPIA is."))],
    )
    accepts_dpa = BooleanField(
        _l("I accept the data-processing agreement on behalf of the organisation"),
        validators=[DataRequired(_l("Accept the data-processing agreement to sign up."))],
    )


class RefuseForm(Form):
    reason = TextAreaField(
        _l("Reason"),
        validators=[
            DataRequired(_l("Give the reason: it is sent to the organisation.")),
            Length(max=2000),
        ],
    )


class DeletionForm(Form):
    days = IntegerField(
        _l("Days of grace"),
        default=30,
        validators=[
            DataRequired(_l("Enter a number of days.")),
            NumberRange(min=1, max=365, message=_l("Enter a number from 1 to 365.")),
        ],
    )


class InvitationForm(Form):
    email = _email(_l("E-mail address"))
    name = StringField(_l("Name"), validators=[Length(max=200)])
    role = SelectField(_l("Role"), validators=[DataRequired(_l("Choose a role."))])
    organisation = SelectField(_l("Organisation"), default="", validate_choice=False)


class AcceptForm(Form):
    name = StringField(
        _l("Your name"),
        validators=[DataRequired(_l("Enter your name.")), Length(max=200)],
        render_kw={"autocomplete": "name"},
    )
    password = _new_password()
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[EqualTo("password", _l("The two passwords are not the same."))],
        render_kw={"autocomplete": "new-password"},
    )


class AcceptExistingForm(Form):
    password = PasswordField(
        _l("Your Kring password"),
        validators=[DataRequired(_l("Enter your password.")), Length(max=1000)],
        render_kw={"autocomplete": "current-password"},
    )
