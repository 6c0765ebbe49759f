"""SMS: numbers made international, and the MessageBird adapter against a real HTTP server on
loopback that plays MessageBird (method, path, the AccessKey header, the JSON fields; an error
answer raises, so the outbox keeps the row and tries again)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from flask import Flask

from kring.config import Config, ConfigError
from kring.notify import jobs as outbox
from kring.notify import service as notify
from kring.notify import sms
from kring.notify.models import Channel
from kring.testing.plugin import config_for_tests


@dataclass
class FakeMessageBird:
    """What the server received, and how it answers the next request."""

    port: int = 0
    requests: list[dict[str, Any]] = field(default_factory=list)
    status: int = 201
    answer: dict[str, Any] = field(default_factory=lambda: {"id": "abc", "type": "sms"})

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/messages"


@pytest.fixture
def messagebird() -> Iterator[FakeMessageBird]:
    fake = FakeMessageBird()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            fake.requests.append(
                {
                    "method": "POST",
                    "path": self.path,
                    "headers": dict(self.headers),
                    "body": json.loads(self.rfile.read(length)),
                }
            )
            body = json.dumps(fake.answer).encode()
            self.send_response(fake.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


def _config(tmp_path: Any, fake: FakeMessageBird, **overrides: Any) -> Config:
    return config_for_tests(
        tmp_path,
        sms_provider="messagebird",
        sms_api_key="live_test_key",
        sms_api_url=fake.url,
        sms_sender="Buurtkring",
        **overrides,
    )


@pytest.mark.parametrize(
    ("typed", "locale", "international"),
    [
        ("0612345678", "nl", "+31612345678"),
        ("06-12 34 56 78", "nl", "+31612345678"),
        ("0031 6 12345678", "nl", "+31612345678"),
        ("+31 (0)6 12345678", "en", "+31612345678"),
        ("020 123 4567", "nl", "+31201234567"),
        ("07700 900123", "en", "+447700900123"),
        ("+44 7700 900123", "nl", "+447700900123"),
    ],
)
def test_numbers_become_international_in_the_tenants_country(
    typed: str, locale: str, international: str
) -> None:
    assert sms.e164(typed, locale) == international


@pytest.mark.parametrize("typed", ["", "bellen", "12", "06123456789012345"])
def test_something_that_is_not_a_phone_number_is_refused(typed: str) -> None:
    with pytest.raises(sms.SmsError):
        sms.e164(typed, "nl")


def test_messagebird_receives_the_sms_as_its_api_documents(
    tmp_path: Any, messagebird: FakeMessageBird
) -> None:
    sms.provider(_config(tmp_path, messagebird)).send("+31612345678", "Morgen om 19:30.", "3-41")
    (request,) = messagebird.requests
    assert request["method"] == "POST" and request["path"] == "/messages"
    assert request["headers"]["Authorization"] == "AccessKey live_test_key"
    assert request["headers"]["Content-Type"] == "application/json"
    assert request["body"] == {
        "originator": "Buurtkring",
        "recipients": ["31612345678"],
        "body": "Morgen om 19:30.",
        "reference": "3-41",
    }


def test_an_error_answer_raises_with_messagebirds_explanation(
    tmp_path: Any, messagebird: FakeMessageBird
) -> None:
    messagebird.status = 422
    messagebird.answer = {
        "errors": [{"code": 9, "description": "no (correct) recipients found", "parameter": None}]
    }
    with pytest.raises(sms.SmsError, match=r"422: no \(correct\) recipients found"):
        sms.provider(_config(tmp_path, messagebird)).send("+31612345678", "Hallo", "3-42")


def test_an_unreachable_provider_raises(tmp_path: Any) -> None:
    closed = FakeMessageBird(port=1)
    with pytest.raises(sms.SmsError, match="could not be reached"):
        sms.provider(_config(tmp_path, closed)).send("+31612345678", "Hallo", "3-43")


def test_the_outbox_sends_through_messagebird_and_retries_when_it_refuses(
    app: Flask, tenant: Any, tmp_path: Any, messagebird: FakeMessageBird, monkeypatch: Any
) -> None:
    from kring.core.methodology import Phrase, ReminderIntent
    from kring.extensions import db
    from kring.people.models import Person

    config = app.extensions["kring.config"]
    monkeypatch.setitem(
        app.extensions,
        "kring.config",
        replace(config, **{k: getattr(_config(tmp_path, messagebird), k) for k in SMS_SETTINGS}),
    )
    person = Person(name="Bram Bakker", phone="06 12345678")
    db.session.add(person)
    db.session.flush()
    intent = ReminderIntent(
        key=f"sms:{person.id}",
        kind="meeting",
        title=Phrase(en="Meeting tomorrow", nl="Morgen bijeenkomst"),
        body=Phrase(en="At 19:30.", nl="Om 19:30."),
        due_at=datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
        person_id=person.id,
    )
    (row,) = notify.remind(intent)
    db.session.info.pop("kring_outbox_ids", None)
    assert row.channel == Channel.sms
    messagebird.status = 500
    messagebird.answer = {"errors": [{"description": "internal error"}]}
    outbox.deliver(row.id)
    assert row.sent_at is None and row.attempts == 1
    assert "500: internal error" in (row.last_error or "")
    messagebird.status = 201
    messagebird.answer = {"id": "ok"}
    row.due_at = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    outbox.deliver(row.id)
    assert row.sent_at is not None
    assert [r["body"]["recipients"] for r in messagebird.requests] == [["31612345678"]] * 2
    assert messagebird.requests[-1]["body"]["body"] == "Morgen bijeenkomst. Om 19:30."
    assert messagebird.requests[-1]["body"]["reference"] == f"{tenant.id}-{row.id}"


SMS_SETTINGS = ("sms_provider", "sms_api_key", "sms_api_url", "sms_sender")


@pytest.mark.parametrize(
    ("settings", "complaint"),
    [
        ({"sms_provider": "carrier-pigeon"}, "KRING_SMS_PROVIDER"),
        ({"sms_provider": "messagebird"}, "KRING_SMS_API_KEY"),
        ({"sms_sender": "Buurtkring Utrecht"}, "KRING_SMS_SENDER"),
    ],
)
def test_sms_settings_are_checked_at_start(settings: dict[str, str], complaint: str) -> None:
    with pytest.raises(ConfigError, match=complaint):
        Config.from_env({}, **settings)
