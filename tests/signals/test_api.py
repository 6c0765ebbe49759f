from __future__ import annotations

from typing import Any

from flask import Flask

from kring.core.accounts import Role
from kring.organisations import service as organisations
from kring.testing.factories import DEFAULT_PASSWORD, OrganisationFactory


def test_report_list_and_follow_up(app: Flask, client: Any, tenant: Any, make_user: Any) -> None:
    team = OrganisationFactory()
    organisations.enable(
        team,
        "verbonden_nl",
        app.extensions["kring.plugins"].methodologies(),
        None,
        {"target_min_age": 70},
    )
    api = f"/t/{tenant.slug}/api/v1/signals"
    signaler = make_user(tenant, Role.signaler, Role.coach)
    client.login(tenant, signaler.email, DEFAULT_PASSWORD)
    created = client.send(
        "POST",
        api,
        {
            "organisation_id": team.id,
            "methodology": "verbonden_nl",
            "has_consent": True,
            "resident_name": "Els",
            "postcode": "1234 AB",
            "birth_date": "1954-01-01",
            "reason": "Weinig contact",
        },
    )
    assert created.status_code == 201, created.get_json()
    [listed] = client.get(api).get_json()
    assert (listed["resident_name"], listed["in_target_group"]) == ("Els", True)
    ended = client.send(
        "POST", f"{api}/{created.get_json()['id']}/close", {"outcome": "no_help_wanted"}
    )
    assert ended.get_json()["status"] == "closed"
    bad = client.send("POST", f"{api}/{created.get_json()['id']}/close", {"outcome": "lost"})
    assert bad.status_code == 422 and "outcome" in bad.get_json()["errors"]["json"]


def test_signal_to_an_organisation_without_a_team_is_refused(
    app: Flask, client: Any, tenant: Any, make_user: Any
) -> None:
    other = OrganisationFactory()
    signaler = make_user(tenant, Role.signaler)
    client.login(tenant, signaler.email, DEFAULT_PASSWORD)
    response = client.send(
        "POST",
        f"/t/{tenant.slug}/api/v1/signals",
        {
            "organisation_id": other.id,
            "methodology": "verbonden_nl",
            "has_consent": True,
            "resident_name": "X",
            "postcode": "1234 AB",
            "reason": "Y",
        },
    )
    assert response.status_code == 422
    assert "organisation_id" in response.get_json()["errors"]["json"]
    assert client.get(f"/t/{tenant.slug}/api/v1/signals").status_code == 403
