"""The preferences form: channels, quiet hours, one message at a time or a daily digest, and
copies to a participant's contact person. The rules across fields live in
``kring.notify.preferences``, so the API refuses exactly what this form refuses."""

from __future__ import annotations

from datetime import time
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField, StringField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from kring.http.forms import Form
from kring.notify import preferences
from kring.notify.models import Channel
from kring.notify.preferences import Choices

CHANNEL_LABELS = {
    Channel.email: _l("By e-mail"),
    Channel.sms: _l("By text message (SMS)"),
    Channel.app: _l("Here, under “My messages”"),
}
CHANNEL_NAMES = {
    Channel.email: _l("E-mail"),
    Channel.sms: _l("SMS"),
    Channel.app: _l("In the app"),
}
HOURS = [SelectChoice(str(hour), f"{hour:02d}:00") for hour in range(24)]


class PreferencesForm(Form):
    by_email = BooleanField(CHANNEL_LABELS[Channel.email])
    by_sms = BooleanField(CHANNEL_LABELS[Channel.sms])
    in_app = BooleanField(CHANNEL_LABELS[Channel.app])
    quiet_from = TimeField(_l("Quiet from"), validators=[Optional()])
    quiet_until = TimeField(_l("Quiet until"), validators=[Optional()])
    rhythm = RadioField(
        _l("How often?"),
        choices=[
            SelectChoice("single", _l("Each message when it comes")),
            SelectChoice("digest", _l("All e-mails of the day in one message")),
        ],
        default="single",
    )
    digest_hour = SelectField(_l("Time of the daily message"), choices=HOURS, default="8")
    copy_to_contact = BooleanField(_l("Send copies of the messages to the contact person"))
    contact_name = StringField(
        _l("Name of the contact person"), validators=[Optional(), Length(max=200)]
    )
    contact_email = StringField(
        _l("E-mail address of the contact person"), validators=[Optional(), Length(max=254)]
    )
    contact_phone = StringField(
        _l("Phone number of the contact person"), validators=[Optional(), Length(max=40)]
    )

    @classmethod
    def of(cls, choices: Choices) -> PreferencesForm:
        """The form filled with stored choices."""
        return cls(
            data={
                "by_email": choices.by_email,
                "by_sms": choices.by_sms,
                "in_app": choices.in_app,
                "quiet_from": choices.quiet_from,
                "quiet_until": choices.quiet_until,
                "rhythm": "digest" if choices.daily_digest else "single",
                "digest_hour": str(choices.digest_at.hour),
                "copy_to_contact": choices.copy_to_contact,
                "contact_name": choices.contact_name or "",
                "contact_email": choices.contact_email or "",
                "contact_phone": choices.contact_phone or "",
            }
        )

    def choices(self) -> Choices:
        """What the form says, tidied."""
        hour = int(self.digest_hour.data) if (self.digest_hour.data or "").isdigit() else 8
        return preferences.tidy(
            Choices(
                by_email=bool(self.by_email.data),
                by_sms=bool(self.by_sms.data),
                in_app=bool(self.in_app.data),
                quiet_from=self.quiet_from.data,
                quiet_until=self.quiet_until.data,
                daily_digest=self.rhythm.data == "digest",
                digest_at=time(hour, 0),
                copy_to_contact=bool(self.copy_to_contact.data),
                contact_name=self.contact_name.data,
                contact_email=self.contact_email.data,
                contact_phone=self.contact_phone.data,
            )
        )

    def check(self) -> bool:
        """The fields' own checks, then the rules across fields, each on its field."""
        if not self.validate_on_submit():
            return False
        found: dict[str, Any] = preferences.problems(self.choices())
        for name, message in found.items():
            self[name].errors = [*self[name].errors, str(message)]
        return not found


class ActionForm(Form):
    """A button that changes something (mark read, try again): only the CSRF token."""
