"""From an intent to outbox rows: channels, language, quiet hours, digest, copies, and who gets
nothing (someone who left the circle, a suspended tenant)."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from kring.circles import membership
from kring.core.methodology import Phrase, ReminderIntent
from kring.core.tenancy import TenantStatus
from kring.extensions import db
from kring.notify import service as notify
from kring.notify.models import Channel, NotificationPreference, OutboxMessage
from kring.people.models import Person
from kring.testing.builders import hooks_for, join, start_circle
from kring.testing.factories import UserFactory

NOON = datetime(2026, 12, 3, 11, 0, tzinfo=UTC)  # 12:00 in Amsterdam


def _intent(person: Person, circle_id: int | None = None, **fields: Any) -> ReminderIntent:
    return ReminderIntent(
        key=fields.pop("key", f"test:{person.id}"),
        kind="test",
        title=Phrase(en="Meeting tomorrow", nl="Morgen bijeenkomst"),
        body=Phrase(en="See you at {place}.", nl="Tot ziens in {place}."),
        params={"place": "het Buurthuis"},
        due_at=fields.pop("due_at", NOON),
        person_id=person.id,
        circle_id=circle_id,
        link="/circles/1",
        **fields,
    )


def _person(**fields: Any) -> Person:
    person = Person(name=fields.pop("name", "Ans de Vries"), **fields)
    db.session.add(person)
    db.session.flush()
    return person


def _rows() -> list[OutboxMessage]:
    db.session.info.pop("kring_outbox_ids", None)
    return list(db.session.execute(select(OutboxMessage).order_by(OutboxMessage.id)).scalars())


def test_email_in_the_tenants_language_and_a_second_write_is_a_no_op(tenant: Any) -> None:
    person = _person(email="ans@example.org")
    notify.remind(_intent(person))
    notify.remind(_intent(person))
    (row,) = _rows()
    assert row.channel == Channel.email and row.recipient == "ans@example.org"
    assert row.subject == "Morgen bijeenkomst" and row.locale == "nl"
    assert "Hallo Ans de Vries," in row.body and "Tot ziens in het Buurthuis." in row.body
    assert row.html_body is not None and 'lang="nl"' in row.html_body
    assert f"/t/{tenant.slug}/circles/1" in row.body


def test_the_recipients_own_language_wins(tenant: Any) -> None:
    user = UserFactory(locale="en")
    person = _person(email="ans@example.org", user_id=user.id)
    notify.remind(_intent(person))
    rows = _rows()
    assert {r.channel for r in rows} == {Channel.email, Channel.app}
    assert all(r.subject == "Meeting tomorrow" for r in rows)
    (app_row,) = [r for r in rows if r.channel == Channel.app]
    assert app_row.user_id == user.id and app_row.body == "See you at het Buurthuis."


def test_someone_without_email_gets_an_sms(tenant: Any) -> None:
    person = _person(phone="0612345678")
    notify.remind(_intent(person))
    (row,) = _rows()
    assert row.channel == Channel.sms and row.recipient == "0612345678"
    assert row.body.startswith("Morgen bijeenkomst. Tot ziens") and len(row.body) <= 300


def test_quiet_hours_hold_a_message_until_they_end(tenant: Any) -> None:
    person = _person(email="ans@example.org")
    db.session.add(
        NotificationPreference(person_id=person.id, quiet_from=time(22), quiet_until=time(8))
    )
    late = datetime(2026, 12, 3, 22, 30, tzinfo=UTC)  # 23:30 in Amsterdam
    notify.remind(_intent(person, due_at=late))
    (row,) = _rows()
    assert row.due_at == datetime(2026, 12, 4, 7, 0, tzinfo=UTC)  # 08:00 in Amsterdam


def test_a_digest_waits_for_its_hour_and_keeps_only_the_sentence(tenant: Any) -> None:
    person = _person(email="ans@example.org")
    db.session.add(NotificationPreference(person_id=person.id, daily_digest=True))
    notify.remind(_intent(person))
    (row,) = _rows()
    assert row.is_digest and row.due_at == datetime(2026, 12, 4, 7, 0, tzinfo=UTC)
    assert row.body == "Tot ziens in het Buurthuis." and row.html_body is None


def test_a_contact_person_gets_a_copy_when_the_participant_wants_that(tenant: Any) -> None:
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
    rows = _rows()
    copy = next(r for r in rows if r.is_copy)
    assert copy.channel == Channel.email and copy.recipient == "karin@example.org"
    assert copy.subject == "Kopie voor Ans de Vries: Morgen bijeenkomst"
    assert "Hallo Karin," in copy.body and "/circles/" not in copy.body


def test_nothing_for_someone_who_left_the_circle(app: Flask, tenant: Any) -> None:
    hooks = hooks_for(app, "proefkring")
    circle = start_circle(hooks)
    member = join(circle, hooks, "deelnemer", "Bram Bakker")
    person = db.session.get(Person, member.person_id)
    assert person is not None
    person.email = "bram@example.org"
    notify.remind(_intent(person, circle.id, key="before"))
    assert len(_rows()) == 1
    membership.end_membership(member, "own_choice", hooks, None, NOON.date())
    assert all(r.cancelled_at is not None for r in _rows())
    notify.remind(_intent(person, circle.id, key="after"))
    assert len(_rows()) == 1


def test_nothing_in_a_suspended_tenant(tenant: Any) -> None:
    person = _person(email="ans@example.org")
    tenant.status = TenantStatus.suspended
    assert notify.remind(_intent(person)) == []
    assert _rows() == []


def test_an_intent_names_exactly_one_recipient() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        ReminderIntent(
            key="k",
            kind="t",
            title=Phrase(en="a", nl="a"),
            body=Phrase(en="b", nl="b"),
            due_at=NOON,
        )


def test_a_reminder_reaches_a_real_smtp_server_in_plain_text_and_html(
    app: Flask, tenant: Any, smtp_sink: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from kring.notify import jobs as outbox

    config = app.extensions["kring.config"]
    monkeypatch.setitem(app.extensions, "kring.config", replace(config, **smtp_sink.config()))
    person = _person(email="ans@example.org")
    (row,) = notify.remind(_intent(person, due_at=datetime(2026, 1, 1, tzinfo=UTC)))
    db.session.info.pop("kring_outbox_ids", None)
    outbox.deliver(row.id)
    assert row.sent_at is not None
    (mail,) = smtp_sink.received()
    assert mail["To"] == "ans@example.org" and mail["Subject"] == "Morgen bijeenkomst"
    assert mail["Message-ID"] == f"<outbox-{tenant.id}-{row.id}@kring>"
    plain = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert "Tot ziens in het Buurthuis." in plain and "Tot ziens in het Buurthuis." in html


def test_many_intents_at_once_write_what_one_by_one_would_and_repeats_cost_one_query(
    tenant: Any, count_queries: Any
) -> None:
    people = [_person(name=f"Bewoner {n}", email=f"b{n}@example.org") for n in range(30)]
    db.session.add(
        NotificationPreference(
            person_id=people[0].id, copy_to_contact=True, contact_phone="0612345678"
        )
    )
    intents = [_intent(p, key=f"many:{p.id}") for p in people]
    assert notify.remind_all([*intents, intents[0]]) == 30
    rows = _rows()
    assert len(rows) == 31 and sum(r.is_copy for r in rows) == 1
    notify.remind(intents[1])  # one by one finds the same rows
    assert len(_rows()) == 31
    with count_queries() as again:
        assert notify.remind_all(intents) == 0
    assert again.count <= 2  # the tenant, and one look for the chunk's keys
    assert len(_rows()) == 31


def test_many_intents_skip_who_left_and_who_is_unknown(app: Flask, tenant: Any) -> None:
    hooks = hooks_for(app, "proefkring")
    circle = start_circle(hooks)
    staying = join(circle, hooks, "deelnemer", "Bram Bakker")
    leaving = join(circle, hooks, "deelnemer", "Cor Claes")
    for member in (staying, leaving):
        person = db.session.get(Person, member.person_id)
        assert person is not None
        person.email = f"{member.person_id}@example.org"
    membership.end_membership(leaving, "own_choice", hooks, None, NOON.date())
    stay, left = (db.session.get(Person, m.person_id) for m in (staying, leaving))
    assert stay is not None and left is not None
    intents = [_intent(stay, circle.id, key="stay"), _intent(left, circle.id, key="left")]
    notify.remind_all(intents)
    assert [r.person_id for r in _rows()] == [stay.id]
