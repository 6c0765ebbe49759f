"""My messages: the signed-in user's messages in the app, newest first, with the unread count
beside the menu; marking one or all read; nobody reaches another's messages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from kring.core.db import utcnow
from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.notify import inbox
from kring.notify.models import Channel, OutboxMessage
from tests.conftest import World


def app_message(user_id: int, subject: str, sent: bool = True, **fields: Any) -> OutboxMessage:
    """An in-app message to ``user_id``, shown once the delivery job marked it sent."""
    now = utcnow()
    message = OutboxMessage(
        idempotency_key=f"test:{user_id}:{subject}",
        kind=fields.pop("kind", "meeting_reminder"),
        channel=Channel.app,
        recipient="",
        user_id=user_id,
        subject=subject,
        body=fields.pop("body", f"{subject}: see you there."),
        link=fields.pop("link", "/my-plan"),
        due_at=now,
        sent_at=fields.pop("sent_at", now if sent else None),
        created_at=fields.pop("created_at", now),
        **fields,
    )
    db.session.add(message)
    db.session.flush()
    return message


def test_participant_reads_their_messages_newest_first_and_the_count_drops(
    client: Any, tenant: Tenant, world: World
) -> None:
    me = world.users["participant"].id
    old = app_message(me, "Oude herinnering", created_at=utcnow() - timedelta(days=2))
    new = app_message(me, "Bijeenkomst morgen")
    app_message(me, "Nog niet verstuurd", sent=False)
    app_message(world.users["coach"].id, "Voor de coach")
    world.login(client, tenant, "participant")
    base = f"/t/{tenant.slug}/messages"

    page = client.get(base).get_data(as_text=True)
    assert page.index("Bijeenkomst morgen") < page.index("Oude herinnering")
    assert "Nog niet verstuurd" not in page and "Voor de coach" not in page
    assert "(2 unread messages)" in page and "You have 2 unread messages." in page

    opened = client.form(f"{base}/{new.id}/read", {"open": "1"}, base)
    assert opened.status_code == 302 and opened.location == f"/t/{tenant.slug}/my-plan"
    assert "(1 unread message)" in client.get(base).get_data(as_text=True)

    client.form(f"{base}/read-all", {}, base)
    page = client.get(base).get_data(as_text=True)
    assert "unread message" not in page and "You have read all your messages." in page
    db.session.refresh(old)
    assert old.read_at is not None


def test_the_unread_count_shows_on_every_page_in_dutch(
    client: Any, tenant: Tenant, world: World
) -> None:
    for subject in ("Een", "Twee", "Drie"):
        app_message(world.users["participant"].id, subject)
    world.login(client, tenant, "participant")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "nl"
    home = client.get(f"/t/{tenant.slug}/").get_data(as_text=True)
    assert "Mijn berichten" in home and "(3 ongelezen berichten)" in home
    assert "Je hebt 3 ongelezen berichten." in home  # the participant's own home panel
    page = client.get(f"/t/{tenant.slug}/messages").get_data(as_text=True)
    assert "Alles als gelezen markeren" in page and "Mark all as read" not in page


def test_the_count_is_one_query_on_the_inbox_index(
    client: Any, tenant: Tenant, world: World, count_queries: Any
) -> None:
    app_message(world.users["coach"].id, "Een")
    with count_queries() as log:
        assert inbox.unread_count(world.users["coach"].id) == 1
    assert log.count == 1


def test_a_link_outside_the_tenant_is_never_followed(
    client: Any, tenant: Tenant, world: World
) -> None:
    message = app_message(world.users["coach"].id, "Vreemd", link="//evil.example.org/")
    world.login(client, tenant, "coach")
    base = f"/t/{tenant.slug}/messages"
    response = client.form(f"{base}/{message.id}/read", {"open": "1"}, base)
    assert response.location.startswith(base)


def test_someone_elses_message_is_not_found(client: Any, tenant: Tenant, world: World) -> None:
    theirs = app_message(world.users["coach"].id, "Voor de coach")
    waiting = app_message(world.users["participant"].id, "Later", sent=False)
    world.login(client, tenant, "participant")
    base = f"/t/{tenant.slug}/messages"
    for message in (theirs, waiting):
        assert client.form(f"{base}/{message.id}/read", {}, base).status_code == 404
        assert (
            client.send("POST", f"/t/{tenant.slug}/api/v1/messages/{message.id}/read").status_code
            == 404
        )
    db.session.refresh(theirs)
    assert theirs.read_at is None


def test_the_api_lists_counts_and_marks_read(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    me = world.users["volunteer"].id
    first = app_message(me, "Een", created_at=utcnow() - timedelta(hours=1))
    app_message(me, "Twee")
    world.login(client, tenant, "volunteer")

    listed = client.get(f"{api}/messages?per_page=1")
    assert [m["subject"] for m in listed.get_json()] == ["Twee"]
    assert 'rel="next"' in listed.headers["Link"]
    assert client.get(f"{api}/messages/unread").get_json() == {"unread": 2}

    marked = client.send("POST", f"{api}/messages/{first.id}/read").get_json()
    assert marked["is_read"] is True and marked["link"] == "/my-plan"
    assert client.get(f"{api}/messages/unread").get_json() == {"unread": 1}
    assert client.send("POST", f"{api}/messages/read-all").get_json() == {"marked": 1}
    assert client.get(f"{api}/messages/unread").get_json() == {"unread": 0}
    assert client.get(f"{api}/messages?page=0").status_code == 422


def test_signed_out_the_messages_ask_to_sign_in(client: Any, tenant: Tenant) -> None:
    assert client.get(f"/t/{tenant.slug}/messages").status_code == 302
    assert client.get(f"/t/{tenant.slug}/api/v1/messages/unread").status_code == 401


def test_the_messages_page_costs_the_same_with_many_messages(
    client: Any, tenant: Tenant, world: World, count_queries: Any
) -> None:
    me = world.users["volunteer"].id
    world.login(client, tenant, "volunteer")
    url = f"/t/{tenant.slug}/messages"
    counts = []
    for many in (2, 40):
        for n in range(many):
            app_message(me, f"Bericht {many}-{n}")
        client.get(url)  # warm the caches a first request fills
        with count_queries() as log:
            assert client.get(url).status_code == 200
        counts.append(log.count)
    assert counts[0] == counts[1]


def test_times_show_on_the_tenants_wall_clock(client: Any, tenant: Tenant, world: World) -> None:
    evening = datetime(2026, 12, 2, 18, 0, tzinfo=UTC)  # 19:00 in Amsterdam
    app_message(world.users["coach"].id, "Avond", sent_at=evening)
    world.login(client, tenant, "coach")
    page = client.get(f"/t/{tenant.slug}/messages").get_data(as_text=True)
    assert "Dec 2, 2026, 19:00</time>" in page
