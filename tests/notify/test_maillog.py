"""The development mail log: in the embedded mode only (404 in production and wherever it is
not embedded), tenant-scoped, newest first, paged, and showing each reader only the messages
to people they reach; an e-mail's HTML previewed in a sandboxed frame."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask

from kring.core.tenancy import Tenant, tenant_scope
from kring.extensions import db
from kring.notify.models import Channel, OutboxMessage
from tests.conftest import World

SENT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def sent_message(**fields: Any) -> OutboxMessage:
    """An outbox row of the current tenant that went out."""
    number = db.session.query(OutboxMessage).count()
    values: dict[str, Any] = {
        "idempotency_key": f"test:{number}",
        "channel": Channel.email,
        "recipient": "iemand@example.org",
        "subject": "Morgen bijeenkomst",
        "body": "Tot morgen in het Buurthuis.",
        "html_body": '<!doctype html><html lang="nl"><p>Tot morgen</p></html>',
        "sent_at": SENT,
    }
    message = OutboxMessage(**{**values, **fields})
    db.session.add(message)
    db.session.flush()
    return message


def _log(tenant: Tenant) -> str:
    return f"/t/{tenant.slug}/dev/mail/"


def test_a_project_leader_sees_what_went_to_the_people_they_reach_newest_first(
    embedded: None, client: Any, tenant: Tenant, world: World
) -> None:
    other, b = world.people["other"], world.people["b"]
    older = sent_message(person_id=other.id, subject="Plan bespreken", sent_at=SENT)
    newer = sent_message(
        person_id=other.id,
        channel=Channel.sms,
        recipient="0611112222",
        subject="Morgen bijeenkomst",
        sent_at=SENT + timedelta(hours=1),
    )
    sent_message(person_id=b.id, subject="Over Bob Buiten")  # org B: not the leader's
    sent_message(person_id=other.id, subject="Nog niet weg", sent_at=None)
    sent_message(subject="Wachtwoord herstellen")  # to an address: the tenant admin's
    sent_message(person_id=other.id, channel=Channel.app, recipient="", subject="In de app")
    db.session.commit()
    world.login(client, tenant, "leader")
    page = client.get(_log(tenant)).get_data(as_text=True)
    assert page.index(f"/dev/mail/{newer.id}") < page.index(f"/dev/mail/{older.id}")
    assert "text message" in page and "0611112222" in page
    for hidden in ("Over Bob Buiten", "Wachtwoord herstellen", "In de app"):
        assert hidden not in page
    assert page.index("Nog niet weg") < page.index(f"/dev/mail/{newer.id}")  # waiting, on top


def test_what_waits_for_its_time_is_listed_soonest_first_as_page_and_json(
    embedded: None, client: Any, tenant: Tenant, world: World
) -> None:
    other, b = world.people["other"], world.people["b"]
    due = SENT + timedelta(days=1)
    later = sent_message(person_id=other.id, subject="Later", sent_at=None, due_at=due)
    sooner = sent_message(
        person_id=other.id, subject="Eerder", sent_at=None, due_at=due - timedelta(hours=2)
    )
    sent_message(person_id=other.id, subject="Afgeblazen", sent_at=None, cancelled_at=SENT)
    sent_message(person_id=b.id, subject="Over Bob Buiten", sent_at=None)  # not the leader's
    db.session.commit()
    world.login(client, tenant, "leader")
    page = client.get(_log(tenant)).get_data(as_text=True)
    assert page.index("Eerder") < page.index("Later")
    assert "Afgeblazen" not in page and "Over Bob Buiten" not in page
    waiting = client.get(f"/t/{tenant.slug}/api/v1/dev/mail/waiting").get_json()
    assert [m["id"] for m in waiting] == [sooner.id, later.id]
    assert waiting[0]["due_at"].startswith("2026-03-03T07:00")


def test_a_tenant_admin_sees_messages_to_no_resident(
    embedded: None, client: Any, tenant: Tenant, world: World
) -> None:
    sent_message(person_id=world.people["other"].id, subject="Over Olga")
    sent_message(subject="Wachtwoord herstellen")
    db.session.commit()
    world.login(client, tenant, "admin")
    page = client.get(_log(tenant)).get_data(as_text=True)
    assert "Wachtwoord herstellen" in page and "Over Olga" not in page


def test_a_message_shows_its_text_and_its_html_in_a_sandboxed_frame(
    embedded: None, client: Any, tenant: Tenant, world: World
) -> None:
    message = sent_message(person_id=world.people["other"].id)
    db.session.commit()
    world.login(client, tenant, "leader")
    page = client.get(f"{_log(tenant)}{message.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Tot morgen in het Buurthuis." in html
    assert f'<iframe class="maillog-preview" sandbox src="/t/{tenant.slug}/dev/mail/' in html
    preview = client.get(f"{_log(tenant)}{message.id}/preview")
    assert preview.status_code == 200 and "<p>Tot morgen</p>" in preview.get_data(as_text=True)
    policy = preview.headers["Content-Security-Policy"]
    assert "sandbox" in policy and "default-src 'none'" in policy and "script-src" not in policy
    assert "frame-ancestors 'self'" in policy and preview.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]


def test_an_sms_has_no_preview(embedded: None, client: Any, tenant: Tenant, world: World) -> None:
    sms = sent_message(
        person_id=world.people["other"].id, channel=Channel.sms, html_body=None, body="Kort"
    )
    db.session.commit()
    world.login(client, tenant, "leader")
    assert "<iframe" not in client.get(f"{_log(tenant)}{sms.id}").get_data(as_text=True)
    assert client.get(f"{_log(tenant)}{sms.id}/preview").status_code == 404


def test_the_log_is_paged(embedded: None, client: Any, tenant: Tenant, world: World) -> None:
    for n in range(23):
        sent_message(subject=f"Bericht {n:02}", sent_at=SENT + timedelta(minutes=n))
    db.session.commit()
    world.login(client, tenant, "admin")
    first = client.get(_log(tenant)).get_data(as_text=True)
    second = client.get(f"{_log(tenant)}?page=2").get_data(as_text=True)
    assert "Bericht 22" in first and "Bericht 03" in first and "Bericht 02" not in first
    assert 'rel="next"' in first
    assert "Bericht 02" in second and "Bericht 00" in second and "Bericht 03" not in second
    assert client.get(f"{_log(tenant)}?page=abc").status_code == 200


def test_the_mail_log_is_json_too(
    embedded: None, client: Any, tenant: Tenant, world: World, api: str
) -> None:
    message = sent_message(person_id=world.people["other"].id)
    db.session.commit()
    world.login(client, tenant, "leader")
    (listed,) = client.get(f"{api}/dev/mail").get_json()
    assert listed["id"] == message.id and listed["channel"] == "email"
    one = client.get(f"{api}/dev/mail/{message.id}").get_json()
    assert one["body"] == "Tot morgen in het Buurthuis." and one["sent_at"]
    assert client.get(f"{api}/dev/mail?per_page=0").status_code == 422


@pytest.mark.parametrize("role", ["coach", "volunteer", "participant", "signaler"])
def test_other_roles_may_not_open_it(
    embedded: None, client: Any, tenant: Tenant, world: World, role: str
) -> None:
    world.login(client, tenant, role)
    assert client.get(_log(tenant)).status_code == 403


def test_not_found_outside_the_embedded_mode(
    app: Flask, client: Any, tenant: Tenant, world: World, api: str, monkeypatch: Any
) -> None:
    message = sent_message(person_id=world.people["other"].id)
    db.session.commit()
    world.login(client, tenant, "leader")
    paths = [_log(tenant), f"{_log(tenant)}{message.id}", f"{api}/dev/mail"]
    for path in paths:  # the tests' own settings: a database URL, so not embedded
        assert client.get(path).status_code == 404, path
    config = app.extensions["kring.config"]
    production = replace(config, database_url="", env="production")  # never, even so
    monkeypatch.setitem(app.extensions, "kring.config", production)
    for path in paths:
        assert client.get(path).status_code == 404, path


def test_another_tenants_message_is_not_found(
    embedded: None, client: Any, tenant: Tenant, other_tenant: Tenant, world: World
) -> None:
    with tenant_scope(other_tenant):
        foreign = sent_message(subject="Andermans bericht").id
    db.session.commit()
    world.login(client, tenant, "admin")
    assert client.get(f"{_log(tenant)}{foreign}").status_code == 404
    assert client.get(f"{_log(tenant)}{foreign}/preview").status_code == 404
    assert "Andermans bericht" not in client.get(_log(tenant)).get_data(as_text=True)
