"""A real SMTP server on loopback that keeps what it receives, for tests of the outbox.

Mails travel the whole way (``smtplib`` in the worker, the SMTP conversation, a server that
accepts them), so a test asserts what a person's mail server would see: recipients, language,
content, and how many times each message arrived (``Message-ID`` names the outbox row).
"""

from __future__ import annotations

import email
import socket
import threading
from collections import Counter
from email.message import EmailMessage
from email.policy import default
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope, Session


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class SmtpSink:
    """Accepts every mail on ``127.0.0.1:port`` and keeps it, parsed, in ``messages``."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.messages: list[EmailMessage] = []
        self._lock = threading.Lock()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, _server: Any, _session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        parsed = email.message_from_bytes(raw, policy=default)
        with self._lock:
            self.messages.append(parsed)  # type: ignore[arg-type]
        return "250 OK"

    def start(self) -> SmtpSink:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()

    def received(self) -> list[EmailMessage]:
        with self._lock:
            return list(self.messages)

    def count_by_message_id(self) -> Counter[str]:
        """How often each message arrived, by its ``Message-ID``."""
        return Counter(str(m["Message-ID"]) for m in self.received())

    def config(self) -> dict[str, Any]:
        """Settings that send Kring's mail here (``config_for_tests(tmp, **sink.config())``)."""
        return {"mail_server": "127.0.0.1", "mail_port": self.port, "mail_use_tls": False}
