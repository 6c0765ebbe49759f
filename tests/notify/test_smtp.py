"""E-mail the whole way: ``deliver`` hands outbox rows to a real SMTP server on loopback
(``smtp_sink``), which sees what a person's mail server would: the recipients, the language,
plain text with an HTML twin, one digest gathering several items, and a contact person's copy."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from kring.core.methodology import Phrase, ReminderIntent
from kring.extensions import db
from kring.notify import jobs as outbox
from kring.notify import service as notify
from kring.notify.models import Channel, NotificationPreference, OutboxMessage
from kring.people.models import Person
from kring.testing.factories import UserFactory
from kring.testing.smtp import SmtpSink

PAST = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # due long ago: every row goes out at once


@pytest.fixture
def sink(app: Flask, tenant: Any, smtp_sink: SmtpSink, monkeypatch: pytest.MonkeyPatch) -> SmtpSink:
    """The app's mail goes to the sink for this test."""
    config = app.extensions["kring.config"]
    monkeypatch.setitem(app.extensions, "kring.config", replace(config, **smtp_sink.config()))
    return smtp_sink


def _person(**fields: Any) -> Person:
    person = Person(name=fields.pop("name", "Ans de Vries"), **fields)
    db.session.add(person)
    db.session.flush()
    return person


def _intent(person: Person, key: str = "meeting", **fields: Any) -> ReminderIntent:
    return ReminderIntent(
        key=f"{key}:{person.id}",
        kind="meeting",
        title=fields.pop("title", Phrase(en="Meeting tomorrow", nl="Morgen bijeenkomst")),
        body=Phrase(en="See you at {place}.", nl="Tot ziens in {place}."),
        params={"place": "het Buurthuis"},
        due_at=PAST,
        person_id=person.id,
        link="/circles/1",
    )


def _deliver_all() -> Iterator[OutboxMessage]:
    db.session.info.pop("kring_outbox_ids", None)  # delivered by hand, in order
    rows = list(db.session.execute(select(OutboxMessage).order_by(OutboxMessage.id)).scalars())
    for row in rows:
        outbox.deliver(row.id)
    return iter(rows)


def _parts(mail: EmailMessage) -> tuple[str, str]:
    plain = mail.get_body(("plain",))
    html = mail.get_body(("html",))
    assert plain is not None and html is not None
    return str(plain.get_content()), str(html.get_content())


def test_an_english_speaker_gets_english_plain_text_and_html(sink: SmtpSink, tenant: Any) -> None:
    user = UserFactory(locale="en")
    _person(email="ans@example.org", user_id=user.id)
    notify.remind(_intent(db.session.execute(select(Person)).scalar_one()))
    rows = list(_deliver_all())
    assert all(r.sent_at is not None for r in rows)
    (mail,) = sink.received()  # the in-app row goes nowhere near SMTP
    assert mail["To"] == "ans@example.org" and mail["Subject"] == "Meeting tomorrow"
    assert mail["Content-Language"] == "en"
    assert mail.is_multipart() and mail.get_content_type() == "multipart/alternative"
    plain, html = _parts(mail)
    assert "Hello Ans de Vries," in plain and "See you at het Buurthuis." in plain
    assert f"/t/{tenant.slug}/messages/preferences" in plain
    assert '<html lang="en">' in html and "Why do you get this e-mail?" in html


def test_a_dutch_speaker_gets_dutch(sink: SmtpSink) -> None:
    notify.remind(_intent(_person(email="ans@example.org")))
    list(_deliver_all())
    (mail,) = sink.received()
    plain, html = _parts(mail)
    assert mail["Subject"] == "Morgen bijeenkomst" and mail["Content-Language"] == "nl"
    assert "Hallo Ans de Vries," in plain and "Waarom krijg je deze e-mail?" in plain
    assert '<html lang="nl">' in html


def test_a_digest_arrives_as_one_message_gathering_every_item(sink: SmtpSink) -> None:
    person = _person(email="ans@example.org")
    db.session.add(NotificationPreference(person_id=person.id, daily_digest=True))
    titles = ["Morgen bijeenkomst", "Plan bespreken", "Training verloopt"]
    for n, title in enumerate(titles):
        notify.remind(_intent(person, key=f"item{n}", title=Phrase(en=title, nl=title)))
    rows = list(_deliver_all())
    assert len(rows) == 3 and all(r.sent_at is not None for r in rows)
    (mail,) = sink.received()
    assert mail["To"] == "ans@example.org"
    assert mail["Subject"] == "Je berichten van Kring (3)"
    plain, html = _parts(mail)
    for title in titles:
        assert title in plain and f">{title}</h2>" in html
    assert "Hallo Ans de Vries," in plain


def test_a_contact_person_gets_a_copy_beside_the_participants_sms(
    sink: SmtpSink, app: Flask
) -> None:
    person = _person(phone="0612345678")
    db.session.add(
        NotificationPreference(
            person_id=person.id,
            copy_to_contact=True,
            contact_name="Karin",
            contact_email="karin@example.org",
        )
    )
    notify.remind(_intent(person))
    rows = list(_deliver_all())
    assert {(r.channel, r.is_copy) for r in rows} == {(Channel.sms, False), (Channel.email, True)}
    assert all(r.sent_at is not None for r in rows)
    (mail,) = sink.received()
    assert mail["To"] == "karin@example.org"
    assert mail["Subject"] == "Kopie voor Ans de Vries: Morgen bijeenkomst"
    plain, _html = _parts(mail)
    assert "Hallo Karin," in plain and "/circles/" not in plain
    assert "Alleen Ans de Vries kan deze kopieën stoppen." in plain
    log = Path(app.extensions["kring.config"].instance_path) / "sms.log"
    sent = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert sent[-1]["to"] == "+31612345678" and sent[-1]["text"].startswith("Morgen bijeenkomst.")
