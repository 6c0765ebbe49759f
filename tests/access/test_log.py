"""Every read of a resident's record is logged, by the policy rather than by each view: a walk
over every page and API route that shows a resident asserts a row for each one shown."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from kring.access.models import AccessLogEntry, Outcome
from kring.core.accounts import Role
from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.testing.factories import DEFAULT_PASSWORD
from tests.conftest import World
from tests.reports.test_audit_report import pdf_text

_ids = itertools.count()


def _rows(request_id: str) -> list[AccessLogEntry]:
    return list(
        db.session.execute(
            select(AccessLogEntry).where(AccessLogEntry.request_id == request_id)
        ).scalars()
    )


def _get(client: Any, path: str) -> tuple[Any, str]:
    request_id = f"walk-{next(_ids):06d}"
    return client.get(path, headers={"X-Request-ID": request_id}), request_id


@pytest.fixture
def everyone(client: Any, tenant: Tenant, world: World, make_user: Any) -> Any:
    """Someone who reaches every record: project leader of the tenant, coach, admin."""
    make_user(tenant, Role.project_leader, Role.coach, Role.tenant_admin, email="alles@example.org")
    assert client.login(tenant, "alles@example.org", DEFAULT_PASSWORD).status_code == 302
    return client


def _paths(app: Flask, tenant: Tenant, world: World) -> list[tuple[str, str]]:
    ids = {
        "circle_id": world.a.id,
        "person_id": world.people["other"].id,
        "member_id": world.members["other"].id,
        "signal_id": world.signals["a"].id,
        "organisation_id": world.a.organisation_id,
    }
    found = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or "tenant" not in rule.arguments:
            continue
        names = rule.arguments - {"tenant"}
        if names - set(ids):
            continue  # reset tokens name no record
        values = {"tenant": tenant.slug, **{k: ids[k] for k in names}}
        found.append((rule.endpoint, rule.build(values)[1]))
    return found


def test_every_route_that_shows_a_resident_logs_each_one_shown(
    app: Flask, everyone: Any, tenant: Tenant, world: World
) -> None:
    residents = {p.name: ("person", p.id) for p in world.people.values()}
    residents["Sien Signaal"] = ("signal", world.signals["a"].id)
    showing = 0
    for endpoint, path in _paths(app, tenant, world):
        response, request_id = _get(everyone, path)
        assert response.status_code < 500, f"{path} answered {response.status_code}"
        is_pdf = response.mimetype == "application/pdf" and response.status_code == 200
        body = pdf_text(response.data) if is_pdf else response.get_data(as_text=True)
        logged = {(r.subject_type, r.subject_id) for r in _rows(request_id)}
        for name, subject in residents.items():
            if name in body:
                showing += 1
                assert subject in logged, f"{endpoint} shows {name} without logging it"
    assert showing >= 8  # circle page and API, person page and API, lists, signals


def test_a_refused_attempt_on_a_real_record_is_logged_as_refused(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "volunteer")
    response, request_id = _get(client, f"/t/{tenant.slug}/people/{world.people['b'].id}")
    assert response.status_code == 404
    (row,) = _rows(request_id)
    assert (row.subject_id, row.outcome, row.roles) == (
        world.people["b"].id,
        Outcome.refused,
        "volunteer",
    )


def test_a_row_says_who_when_where_and_from_which_client(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "coach")
    response, request_id = _get(client, f"/t/{tenant.slug}/people/{world.people['other'].id}")
    assert response.status_code == 200
    (row,) = _rows(request_id)
    assert row.user_id == world.users["coach"].id and row.action == "people.show"
    assert row.outcome is Outcome.allowed and row.at.tzinfo is not None
    assert row.client and row.roles == "coach"


def test_the_admin_searches_the_log_and_reading_it_is_logged(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    world.login(client, tenant, "coach")
    client.get(f"/t/{tenant.slug}/people/{world.people['other'].id}")
    admin = client.application.test_client_class(client.application)
    admin.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    world.login(admin, tenant, "admin")
    other = world.people["other"].id
    response, request_id = _get(admin, f"/t/{tenant.slug}/access-log?person={other}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Olga Anders" in html and "a person's page" in html
    assert {r.subject_id for r in _rows(request_id)} == {other}
    found = admin.get(f"{api}/access-log?person={other}&user={world.users['coach'].id}")
    assert found.status_code == 200 and found.get_json()[0]["action"] == "people.show"
    assert admin.get(f"{api}/access-log?from=2000-01-01&to=2000-01-02").get_json() == []


def test_a_resident_sees_who_looked_at_their_data(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "coach")
    client.get(f"/t/{tenant.slug}/people/{world.people['participant'].id}")
    me = client.application.test_client_class(client.application)
    me.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    world.login(me, tenant, "participant")
    own = world.people["participant"].id
    html = me.get(f"/t/{tenant.slug}/people/{own}/access").get_data(as_text=True)
    assert "Who looked at the data of Piet Deelnemer" in html and "coach" in html
    other = world.people["other"].id
    assert me.get(f"/t/{tenant.slug}/people/{other}/access").status_code == 404
