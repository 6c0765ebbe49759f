"""Sending an SMS through a provider, chosen by the ``sms_provider`` setting.

Every provider has the same small interface, so the outbox never knows which one it talks to:
``send`` hands one SMS over or raises, and a raise keeps the outbox row for a later attempt.

- ``log`` (the default, for development and the embedded mode) writes each SMS to
  ``instance/sms.log`` and the log; the development mail log page shows it.
- ``messagebird`` posts to MessageBird's SMS API (``POST /messages`` with a JSON body of
  ``originator``, ``recipients`` and ``body``, authorised by ``Authorization: AccessKey <key>``;
  ``201 Created`` means accepted). ``sms_api_url`` points it elsewhere (a test's local server).

Numbers are kept as people type them (``06 12345678``); ``e164`` makes them international
(``+31612345678``) with the tenant's country as the default, just before sending.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import phonenumbers

from kring.config import Config

log = logging.getLogger(__name__)

REGIONS = {"nl": "NL", "en": "GB"}
"""The country a number without a country code is read in, by the tenant's language."""

TIMEOUT_SECONDS = 15


class SmsError(Exception):
    """The provider did not accept the SMS (or the number cannot be dialled); the outbox retries."""


def e164(number: str, locale: str) -> str:
    """``number`` in international form (``+31612345678``); a number without a country code is
    read as one of the tenant's country (``locale`` nl: the Netherlands, en: the United Kingdom).
    Raises ``SmsError`` for something that cannot be a phone number."""
    try:
        parsed = phonenumbers.parse(number, REGIONS.get(locale, "NL"))
    except phonenumbers.NumberParseException as exc:
        raise SmsError(f"not a phone number: {exc}") from exc
    if not phonenumbers.is_possible_number(parsed):
        raise SmsError("not a phone number that can be dialled")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


class SmsProvider(Protocol):
    """What the outbox needs of a provider: hand over one SMS, or raise."""

    def send(self, to: str, text: str, reference: str) -> None:
        """Hand one SMS to ``to`` (E.164) to the provider; raise on any failure so the outbox
        retries."""


class LoggingSms:
    """Development: the SMS is written down instead of sent."""

    def __init__(self, config: Config) -> None:
        self.path = Path(config.instance_path) / "sms.log"

    def send(self, to: str, text: str, reference: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps({"to": to, "text": text, "reference": reference}) + "\n")
        log.info("SMS %s written to %s", reference, self.path)


class MessageBirdSms:
    """MessageBird's SMS API: one ``POST`` per SMS; anything but ``201 Created`` raises."""

    def __init__(self, config: Config) -> None:
        self.url = config.sms_api_url
        self.access_key = config.sms_api_key
        self.originator = config.sms_sender

    def send(self, to: str, text: str, reference: str) -> None:
        payload = {
            "originator": self.originator,
            "recipients": [to.lstrip("+")],  # MessageBird takes the number without its plus
            "body": text,
            "reference": reference,  # our outbox row, echoed in MessageBird's status reports
        }
        request = urllib.request.Request(
            self.url,
            data=json.dumps(payload).encode("utf-8"),
            method="POST",
            headers={
                "Authorization": f"AccessKey {self.access_key}",
                "Content-Type": "application/json",
                "Accept": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            raise SmsError(f"MessageBird answered {exc.code}: {_errors(exc.read())}") from exc
        except OSError as exc:  # refused, timed out, name not found
            raise SmsError(f"MessageBird could not be reached: {exc}") from exc
        if status != 201:
            raise SmsError(f"MessageBird answered {status}, not 201 Created")


def _errors(body: bytes) -> str:
    """MessageBird's own explanation (``{"errors": [{"description": ...}]}``), or the raw body."""
    try:
        errors = json.loads(body)["errors"]
        return "; ".join(str(e.get("description", e)) for e in errors)
    except (ValueError, KeyError, TypeError):
        return body[:200].decode("utf-8", "replace")


PROVIDERS: dict[str, Callable[[Config], SmsProvider]] = {
    "log": LoggingSms,
    "messagebird": MessageBirdSms,
}


def provider(config: Config) -> SmsProvider:
    """The provider the settings name."""
    try:
        chosen = PROVIDERS[config.sms_provider]
    except KeyError:
        raise ValueError(f"unknown SMS provider {config.sms_provider!r}") from None
    return chosen(config)
