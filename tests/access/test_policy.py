"""One test per cell of docs/access.md: who sees which resident, through pages and API."""

from __future__ import annotations

from typing import Any

import pytest

from kring.access.models import AccessLogEntry
from kring.core.tenancy import Tenant
from kring.extensions import db
from tests.conftest import World


def _page(client: Any, tenant: Tenant, path: str) -> tuple[int, str]:
    response = client.get(f"/t/{tenant.slug}{path}")
    return response.status_code, response.get_data(as_text=True)


# --- project leader ---------------------------------------------------------------------------


def test_project_leader_reaches_the_circles_of_the_organisations_they_lead(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "leader")
    status, html = _page(client, tenant, f"/circles/{world.a.id}")
    assert status == 200 and "Olga Anders" in html and "0611112222" in html
    assert _page(client, tenant, f"/circles/{world.b.id}")[0] == 404
    overview = _page(client, tenant, "/circles/")[1]
    assert "Kring A" in overview and "Kring B" not in overview


def test_project_leader_reads_members_and_recruits_fully_and_nobody_elsewhere(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "leader")
    status, html = _page(client, tenant, f"/people/{world.people['other'].id}")
    assert status == 200 and "May 5, 1950" in html
    assert _page(client, tenant, f"/people/{world.people['uma'].id}")[0] == 200
    assert _page(client, tenant, f"/people/{world.people['b'].id}")[0] == 404
    listed = _page(client, tenant, "/people")[1]
    assert "Uma Ongebonden" in listed and "Bob Buiten" not in listed


def test_project_leader_starts_circles_only_for_the_organisations_they_lead(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    world.login(client, tenant, "leader")
    body = {
        "organisation_id": world.b.organisation_id,
        "neighbourhood_id": world.b.neighbourhood_id,
        "methodology": "proefkring",
        "name": "Kring C",
    }
    assert client.send("POST", f"{api}/circles", body).status_code == 404
    body["organisation_id"] = world.a.organisation_id
    assert client.send("POST", f"{api}/circles", body).status_code == 201


# --- coach ------------------------------------------------------------------------------------


def test_coach_reaches_the_circle_they_coach_fully(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "coach")
    status, html = _page(client, tenant, f"/circles/{world.a.id}")
    assert status == 200 and "Olga Anders" in html
    person = _page(client, tenant, f"/people/{world.people['other'].id}")[1]
    assert "May 5, 1950" in person
    assert _page(client, tenant, f"/circles/{world.b.id}")[0] == 404
    assert _page(client, tenant, f"/people/{world.people['b'].id}")[0] == 404


def test_coach_holds_an_intake_only_in_their_own_circle(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    world.login(client, tenant, "coach")
    intake = {"interviewer_id": world.members["coach"].id, "fits": True}
    own = f"{api}/circles/{world.a.id}/members/{world.members['other'].id}/intake"
    assert client.send("POST", own, intake).status_code == 200
    other = f"{api}/circles/{world.b.id}/members/{world.members['b'].id}/intake"
    assert client.send("POST", other, intake).status_code == 404


def test_coach_does_not_change_members_or_phases(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    world.login(client, tenant, "coach")
    move = client.send("POST", f"{api}/circles/{world.a.id}/phase", {"target": "draaien"})
    assert move.status_code == 403


# --- volunteer --------------------------------------------------------------------------------


def test_volunteer_sees_names_and_contact_details_of_their_circle_only(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "volunteer")
    status, html = _page(client, tenant, f"/circles/{world.a.id}")
    assert status == 200 and "Olga Anders" in html and "0611112222" in html
    person = _page(client, tenant, f"/people/{world.people['other'].id}")
    assert person[0] == 200 and "0611112222" in person[1] and "May 5, 1950" not in person[1]
    assert _page(client, tenant, f"/circles/{world.b.id}")[0] == 404
    assert _page(client, tenant, f"/people/{world.people['b'].id}")[0] == 404
    assert _page(client, tenant, f"/people/{world.people['uma'].id}")[0] == 404


def test_volunteer_records_no_measurements(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    world.login(client, tenant, "volunteer")
    path = f"{api}/people/{world.people['other'].id}/surveys"
    assert client.get(path).status_code == 404  # measurements lie beyond contact details


# --- participant ------------------------------------------------------------------------------


def test_participant_reads_their_own_record(client: Any, tenant: Tenant, world: World) -> None:
    world.login(client, tenant, "participant")
    status, html = _page(client, tenant, f"/people/{world.people['participant'].id}")
    assert status == 200 and "0687654321" in html
    assert _page(client, tenant, f"/people/{world.people['other'].id}")[0] == 404


def test_participant_sees_the_first_names_in_their_circle(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "participant")
    status, html = _page(client, tenant, f"/circles/{world.a.id}")
    assert status == 200 and "Olga" in html
    assert "Anders" not in html and "0611112222" not in html
    listed = _page(client, tenant, "/people")[1]
    assert "Piet Deelnemer" in listed and "Olga" not in listed
    assert _page(client, tenant, f"/circles/{world.b.id}")[0] == 404


# --- tenant admin -----------------------------------------------------------------------------


def test_tenant_admin_sees_residents_as_counts_not_names(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    world.login(client, tenant, "admin")
    status, html = _page(client, tenant, f"/circles/{world.a.id}")
    assert status == 200 and "Olga" not in html and "Cora" not in html
    assert "3 active, 1 waiting for an intake" in html
    detail = client.get(f"{api}/circles/{world.a.id}").get_json()
    assert detail["members"] == [] and detail["member_counts"] == {"active": 3, "candidate": 1}
    assert client.get(f"{api}/circles/{world.a.id}/members").get_json() == []
    assert _page(client, tenant, "/people")[0] == 403
    assert _page(client, tenant, f"/people/{world.people['other'].id}")[0] == 403


def test_tenant_admin_with_a_circle_role_sees_that_circle_as_the_role_does(
    client: Any, tenant: Tenant, world: World, make_user: Any
) -> None:
    from kring.core.accounts import Role

    both = make_user(tenant, Role.tenant_admin, Role.volunteer, email="beide@example.org")
    world.people["uma"].user_id = both.id
    from kring.circles import membership
    from kring.core.db import today
    from kring.testing.builders import hooks_for

    hooks = hooks_for(client.application, "proefkring")
    membership.add_member(world.a, world.people["uma"], "regisseur", hooks, None, today())
    client.login(tenant, "beide@example.org", "correct horse battery")
    assert "Olga Anders" in _page(client, tenant, f"/circles/{world.a.id}")[1]
    assert "Bob" not in _page(client, tenant, f"/circles/{world.b.id}")[1]


def test_tenant_admin_searches_the_access_log(client: Any, tenant: Tenant, world: World) -> None:
    world.login(client, tenant, "admin")
    assert _page(client, tenant, "/access-log")[0] == 200


# --- signaler ---------------------------------------------------------------------------------


def test_signaler_sees_their_signals_and_status_never_the_notes(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "signaler")
    status, html = _page(client, tenant, "/signals/new")
    assert status == 200 and "Sien Signaal" in html and "Geheime notitie" not in html
    assert "Sam B" not in html
    assert _page(client, tenant, "/signals/")[0] == 403


def test_team_sees_the_signals_sent_to_their_organisation(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "coach")
    html = _page(client, tenant, "/signals/")[1]
    assert "Sien Signaal" in html and "Sam B" not in html
    own, other = world.signals["a"].id, world.signals["b"].id
    assert "Geheime notitie" in _page(client, tenant, f"/signals/{own}")[1]
    assert _page(client, tenant, f"/signals/{other}")[0] == 404


# --- platform admin ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/circles/", "/people", "/signals/", "/access-log"])
def test_platform_admin_reaches_no_resident(
    client: Any, tenant: Tenant, world: World, path: str
) -> None:
    world.login(client, tenant, "outsider")
    assert _page(client, tenant, path)[0] == 403


# --- acting on behalf of ----------------------------------------------------------------------


def test_acting_on_behalf_of_a_participant_records_both(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    from sqlalchemy import select

    from kring.core.journal import JournalEntry

    world.login(client, tenant, "coach")
    participant = world.people["participant"]
    page = f"/t/{tenant.slug}/people/{participant.id}"
    started = client.form(f"{page}/on-behalf", {}, page=page)
    assert started.status_code == 302
    html = client.get(page).get_data(as_text=True)
    assert "You act on behalf of Piet Deelnemer" in html
    client.send(
        "POST",
        f"{api}/people/{participant.id}/trainings",
        {"training": "basis", "completed_on": "2026-01-05"},
    )
    intake = {"interviewer_id": world.members["coach"].id, "fits": True}
    client.send(
        "POST", f"{api}/circles/{world.a.id}/members/{world.members['other'].id}/intake", intake
    )
    journal = (
        db.session.execute(select(JournalEntry).where(JournalEntry.action == "member.admitted"))
        .scalars()
        .all()
    )
    assert [(e.actor_id, e.on_behalf_of_id) for e in journal][-1] == (
        world.users["coach"].id,
        participant.id,
    )
    rows = (
        db.session.execute(
            select(AccessLogEntry.on_behalf_of_id).where(
                AccessLogEntry.user_id == world.users["coach"].id
            )
        )
        .scalars()
        .all()
    )
    assert participant.id in rows
    client.form(f"/t/{tenant.slug}/on-behalf/stop", {}, page=page)
    assert "You act on behalf of" not in client.get(page).get_data(as_text=True)


# --- messages -------------------------------------------------------------------------------

PREFERENCES_REACH = {
    # role: the people whose message preferences they set (every other person: 404 or 403)
    "leader": {"participant", "other", "uma", "coach", "volunteer"},
    "coach": {"participant", "other", "coach", "volunteer"},
    "volunteer": set(),
    "participant": set(),
    "admin": set(),
}


@pytest.mark.parametrize("role", sorted(PREFERENCES_REACH))
def test_message_preferences_are_set_for_those_reached_fully(
    client: Any, tenant: Tenant, world: World, role: str
) -> None:
    world.login(client, tenant, role)
    for who, person in world.people.items():
        status = _page(client, tenant, f"/people/{person.id}/message-preferences")[0]
        if who in PREFERENCES_REACH[role]:
            assert status == 200, f"{role} on {who}'s preferences: {status}"
        else:
            assert status in (403, 404), f"{role} on {who}'s preferences: {status}"
    # and everyone sets their own
    assert _page(client, tenant, "/messages/preferences")[0] == 200


# --- questionnaires and outcomes ------------------------------------------------------------


def test_outcomes_of_a_circle_go_to_its_coach_and_project_leader_only(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    for who, status in (("coach", 200), ("leader", 200), ("volunteer", 403), ("admin", 403)):
        world.login(client, tenant, who)
        assert client.get(f"{api}/circles/{world.a.id}/outcomes").status_code == status, who
        if status == 200:
            assert client.get(f"{api}/circles/{world.b.id}/outcomes").status_code == 404, who
        client.post(f"/t/{tenant.slug}/logout", data={"csrf_token": client.csrf_token()})


def test_tenant_outcomes_go_to_project_leaders_and_the_tenant_admin_without_names(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    world.login(client, tenant, "admin")
    rows = client.get(f"{api}/outcomes").get_json()
    assert {r["circle_id"] for r in rows} == {world.a.id, world.b.id}
    assert all("name" not in r for r in rows)


def test_a_tenant_admin_answers_no_questionnaires(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "admin")
    assert client.get(f"/t/{tenant.slug}/my-questionnaires").status_code == 403
