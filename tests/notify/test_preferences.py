"""How a person wants to be reached: their own page and API, a coach setting a participant's
choices (copies to their contact person), the rules across fields, and who may do it."""

from __future__ import annotations

from datetime import time
from typing import Any

from sqlalchemy import select

from kring.core.journal import JournalEntry
from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.notify import recipients
from kring.notify.models import NotificationPreference
from tests.conftest import World

CHOICES = {
    "by_email": "y",
    "in_app": "y",
    "quiet_from": "22:00",
    "quiet_until": "07:30",
    "rhythm": "digest",
    "digest_hour": "9",
}


def _stored(person_id: int | None = None, user_id: int | None = None) -> NotificationPreference:
    found = recipients.preference_of(person_id, user_id)
    assert found is not None
    return found


def test_a_participant_chooses_quiet_hours_a_digest_and_copies_to_their_contact(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "participant")
    url = f"/t/{tenant.slug}/messages/preferences"
    page = client.get(url).get_data(as_text=True)
    assert (
        "How I get messages" in page and "Send copies of my messages to my contact person" in page
    )
    answer = client.form(
        url,
        {
            **CHOICES,
            "copy_to_contact": "y",
            "contact_name": "Ans Deelnemer",
            "contact_email": "ans@example.org",
        },
    )
    assert answer.status_code == 302
    stored = _stored(world.people["participant"].id)
    assert (stored.quiet_from, stored.quiet_until) == (time(22), time(7, 30))
    assert stored.daily_digest and stored.digest_at == time(9) and not stored.by_sms
    assert stored.copy_to_contact and stored.contact_email == "ans@example.org"
    entry = db.session.execute(
        select(JournalEntry).where(JournalEntry.action == "notify.preferences_changed")
    ).scalar_one()
    assert entry.actor_id == world.users["participant"].id
    assert entry.details["for_someone_else"] is False


def test_wrong_choices_are_refused_on_their_fields(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "participant")
    url = f"/t/{tenant.slug}/messages/preferences"
    answer = client.form(
        url,
        {"quiet_from": "22:00", "copy_to_contact": "y", "contact_phone": "bel me"},
    )
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "Fill in both times of the quiet hours, or neither." in page
    assert "Enter a phone number of digits" in page
    assert 'aria-invalid="true"' in page
    assert recipients.preference_of(world.people["participant"].id, None) is None


def test_choices_that_reach_nobody_are_saved_with_a_clear_warning(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "coach")  # Cora has no e-mail address or phone of her own
    url = f"/t/{tenant.slug}/messages/preferences"
    answer = client.form(url, {"rhythm": "single", "digest_hour": "8"})
    assert answer.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "no message reaches anyone" in page
    assert "Contact person" not in page  # staff have no contact person here


def test_staff_without_a_person_keep_preferences_on_their_login(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    world.login(client, tenant, "admin")
    answer = client.send("PUT", f"{api}/messages/preferences", {"by_email": False})
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert body["reached_by"] == ["app"] and body["warning"] is None
    assert body["is_participant"] is False
    assert not _stored(user_id=world.users["admin"].id).by_email


def test_the_api_names_the_fields_at_fault(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    world.login(client, tenant, "participant")
    answer = client.send(
        "PUT",
        f"{api}/messages/preferences",
        {"quiet_until": "07:00", "copy_to_contact": True, "contact_email": "geen-adres"},
    )
    assert answer.status_code == 422
    errors = answer.get_json()["errors"]["json"]
    assert set(errors) == {"quiet_from", "contact_email"}
    bad_type = client.send("PUT", f"{api}/messages/preferences", {"quiet_from": "laat"})
    assert "quiet_from" in bad_type.get_json()["errors"]["json"]


def test_a_coach_sets_a_participants_copies_to_their_contact_person(
    client: Any, tenant: Tenant, world: World
) -> None:
    person = world.people["participant"]
    world.login(client, tenant, "coach")
    profile = client.get(f"/t/{tenant.slug}/people/{person.id}").get_data(as_text=True)
    assert "Message preferences" in profile
    url = f"/t/{tenant.slug}/people/{person.id}/message-preferences"
    page = client.get(url).get_data(as_text=True)
    assert "How Piet Deelnemer gets messages" in page
    assert "Send copies of the messages to their contact person" in page
    answer = client.form(
        url,
        {
            "by_email": "y",
            "in_app": "y",
            "rhythm": "single",
            "digest_hour": "8",
            "copy_to_contact": "y",
            "contact_name": "Mentor Maas",
            "contact_phone": "06 11223344",
        },
    )
    assert answer.status_code == 302 and answer.location == url
    stored = _stored(person.id)
    assert stored.copy_to_contact and stored.contact_phone == "06 11223344"
    entry = db.session.execute(
        select(JournalEntry).where(JournalEntry.action == "notify.preferences_changed")
    ).scalar_one()
    assert entry.actor_id == world.users["coach"].id and entry.details["for_someone_else"]
    assert entry.details["person_id"] == person.id


def test_a_leader_sets_them_through_the_api(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    person = world.people["other"]
    world.login(client, tenant, "leader")
    url = f"{api}/people/{person.id}/message-preferences"
    assert client.get(url).get_json()["reached_by"] == ["sms"]  # Olga has only a phone
    answer = client.send("PUT", url, {"copy_to_contact": True, "contact_email": "zoon@example.org"})
    assert answer.status_code == 200 and answer.get_json()["copy_to_contact"] is True
    wrong = client.send("PUT", url, {"copy_to_contact": True})
    assert wrong.status_code == 422 and "contact_email" in wrong.get_json()["errors"]["json"]


def test_outside_reach_the_preferences_are_not_found(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    outside = world.people["b"]
    world.login(client, tenant, "coach")
    assert (
        client.get(f"/t/{tenant.slug}/people/{outside.id}/message-preferences").status_code == 404
    )
    assert client.get(f"{api}/people/{outside.id}/message-preferences").status_code == 404
    world.login(client, tenant, "volunteer")
    inside = world.people["participant"]
    assert client.get(f"{api}/people/{inside.id}/message-preferences").status_code == 403


def test_a_volunteer_acting_for_a_participant_sets_theirs(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    person = world.people["participant"]
    world.login(client, tenant, "volunteer")
    client.form(f"/t/{tenant.slug}/people/{person.id}/on-behalf", {}, f"/t/{tenant.slug}/")
    body = client.get(f"{api}/messages/preferences").get_json()
    assert body["person_id"] == person.id and body["name"] == "Piet Deelnemer"
    client.send("PUT", f"{api}/messages/preferences", {"by_sms": True})
    assert _stored(person.id).by_sms
    entry = db.session.execute(
        select(JournalEntry).where(JournalEntry.action == "notify.preferences_changed")
    ).scalar_one()
    assert entry.on_behalf_of_id == person.id and entry.actor_id == world.users["volunteer"].id
