"""Sending an SMS through a provider, chosen by the ``sms_provider`` setting.

Every provider has the same small interface, so the outbox never knows which one it talks to.
``log`` (the default, for development and the embedded mode) writes each SMS to
``instance/sms.log`` and the log, where the development mail log page shows it.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Protocol

from kring.config import Config

log = logging.getLogger(__name__)


class SmsProvider(Protocol):
    """What the outbox needs of a provider: hand over one SMS, or raise."""

    def send(self, to: str, text: str, reference: str) -> None:
        """Hand one SMS to the provider; raise on any failure so the outbox retries."""


class LoggingSms:
    """Development: the SMS is written down instead of sent."""

    def __init__(self, config: Config) -> None:
        self.path = Path(config.instance_path) / "sms.log"

    def send(self, to: str, text: str, reference: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps({"to": to, "text": text, "reference": reference}) + "\n")
        log.info("SMS %s written to %s", reference, self.path)


def provider(config: Config) -> SmsProvider:
    """The provider the settings name."""
    if config.sms_provider == "log":
        return LoggingSms(config)
    raise ValueError(f"unknown SMS provider {config.sms_provider!r}")
