"""The calendar's API: the public calendar without signing in, one activity, and the
organisers' writes, refused naming the field at fault."""

from __future__ import annotations

from typing import Any

from kring.core.accounts import Role
from kring.core.tenancy import Tenant
from kring.testing.factories import DEFAULT_PASSWORD, OrganisationFactory, RoleGrantFactory
from tests.activities.conftest import an_activity


def test_the_public_calendar_lists_expanded_occurrences_without_signing_in(
    client: Any, tenant: Tenant, api: str
) -> None:
    walk = an_activity(rrule="FREQ=WEEKLY", audiences=("seniors_75",))
    found = client.get(f"{api}/activities?from=2026-03-02&days=14")
    assert found.status_code == 200
    starts = [o["starts"] for o in found.get_json()]
    assert starts == ["2026-03-03T14:00:00+01:00", "2026-03-10T14:00:00+01:00"]
    one = client.get(f"{api}/activities/{walk.id}").get_json()
    assert one["rrule"] == "FREQ=WEEKLY" and one["audiences"] == ["seniors_75"]
    youth = client.get(f"{api}/activities?from=2026-03-02&audience=youth").get_json()
    assert youth == []


def test_bad_filters_are_422_naming_the_field(client: Any, tenant: Tenant, api: str) -> None:
    for query, field in (
        ("audience=martians", "audience"),
        ("weekday=9", "weekday"),
        ("days=1000", "days"),
        ("neighbourhood_id=999999", "neighbourhood_id"),
        ("from=yesterday", "from"),
    ):
        answer = client.get(f"{api}/activities?{query}")
        assert answer.status_code == 422, query
        assert field in str(answer.get_json()["errors"]), query


def test_a_contributor_publishes_changes_and_removes_for_their_organisation(
    client: Any, tenant: Tenant, api: str, make_user: Any
) -> None:
    church = OrganisationFactory(name="Kerk")
    club = OrganisationFactory(name="Club")
    user = make_user(tenant, email="kerk@example.org")
    RoleGrantFactory(user=user, role=Role.contributor, organisation_id=church.id)
    client.login(tenant, user.email, DEFAULT_PASSWORD)
    body = {
        "organisation_id": church.id,
        "title": "Open kerk",
        "starts_local": "2026-03-04T12:00:00",
        "rrule": "FREQ=WEEKLY",
        "exdates": ["2026-03-11"],
        "audiences": ["everyone"],
        "access": ["hearing_loop"],
    }
    made = client.send("POST", f"{api}/activities", body)
    assert made.status_code == 201, made.get_json()
    activity_id = made.get_json()["id"]
    assert made.get_json()["exdates"] == ["2026-03-11"]
    assert [a["title"] for a in client.get(f"{api}/activities/managed").get_json()] == ["Open kerk"]
    elsewhere = client.send("POST", f"{api}/activities", {**body, "organisation_id": club.id})
    assert (
        elsewhere.status_code == 422 and "organisation_id" in elsewhere.get_json()["errors"]["json"]
    )
    bad_rule = client.send("POST", f"{api}/activities", {**body, "rrule": "FREQ=OFTEN"})
    assert bad_rule.status_code == 422 and "rrule" in bad_rule.get_json()["errors"]["json"]
    bad_access = client.send("POST", f"{api}/activities", {**body, "access": ["lift"]})
    assert bad_access.status_code == 422 and "access" in bad_access.get_json()["errors"]["json"]
    changed = client.send(
        "PUT", f"{api}/activities/{activity_id}", {**body, "title": "Open kerk met soep"}
    )
    assert changed.status_code == 200 and changed.get_json()["title"] == "Open kerk met soep"
    theirs = an_activity(club.id)
    assert client.send("PUT", f"{api}/activities/{theirs.id}", body).status_code == 404
    assert client.send("DELETE", f"{api}/activities/{theirs.id}").status_code == 404
    assert client.send("DELETE", f"{api}/activities/{activity_id}").status_code == 204
    assert client.get(f"{api}/activities/{activity_id}").status_code == 404


def test_writing_needs_a_publishing_role_when_signed_in_as_a_volunteer(
    client: Any, tenant: Tenant, api: str, make_user: Any
) -> None:
    volunteer = make_user(tenant, Role.volunteer, email="vrijwilliger@example.org")
    client.login(tenant, volunteer.email, DEFAULT_PASSWORD)
    answer = client.send(
        "POST",
        f"{api}/activities",
        {"organisation_id": 1, "title": "X", "starts_local": "2026-03-04T12:00:00"},
    )
    assert answer.status_code == 403


def test_the_openapi_document_describes_the_calendar(client: Any) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "/t/{tenant}/api/v1/activities" in paths
    assert "/t/{tenant}/api/v1/activities/{activity_id}" in paths


def test_an_organiser_reads_a_file_and_keeps_a_feed_through_the_api(
    client: Any, tenant: Tenant, api: str, make_user: Any
) -> None:
    from pathlib import Path

    from kring.activities import importing

    church = OrganisationFactory(name="Kerk")
    leader = make_user(tenant, Role.project_leader, email="pl@example.org")
    client.login(tenant, leader.email, DEFAULT_PASSWORD)
    sample = (Path(importing.__file__).parent / "samples" / "bezoekdienst.ics").read_text()
    body = {"organisation_id": church.id, "calendar": sample, "audiences": ["seniors_75"]}
    done = client.send("POST", f"{api}/activities/import", body)
    assert done.status_code == 200 and done.get_json()["created"] == 4
    again = client.send("POST", f"{api}/activities/import", body).get_json()
    assert (again["created"], again["updated"]) == (0, 4)
    bad = client.send("POST", f"{api}/activities/import", {**body, "calendar": "hello"})
    assert bad.status_code == 422 and "calendar" in bad.get_json()["errors"]["json"]
    private = client.send(
        "POST",
        f"{api}/activity-feeds",
        {"organisation_id": church.id, "url": "http://127.0.0.1/agenda.ics"},
    )
    assert private.status_code == 422 and "url" in private.get_json()["errors"]["json"]
    assert client.get(f"{api}/activity-feeds").get_json() == []
