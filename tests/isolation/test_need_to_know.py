"""Walk every route that takes a record id inside ONE tenant, as each role, with a record that
lies outside that role's reach: a write answers 404 (or 403 when the role may not do it at
all), a read answers 404/403 or shows no resident. A route added later is covered
automatically, and the walk fails on an id argument it does not know how to fill."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask

from kring.core.db import today, utcnow
from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.meetings import service as meetings
from kring.safetynet.models import Escalation
from tests.conftest import World
from tests.isolation.test_other_tenant_ids import (
    VALID_JSON,
    a_feed_of,
    a_suggestion_in,
    an_activity_of,
    an_invitation,
    api_access_of,
    failed_app_message,
    first_action,
    plan_with_a_step,
)
from tests.notify.test_maillog import sent_message
from tests.reports.conftest import audit_of
from tests.reports.test_audit_report import pdf_text

ROLES = ("leader", "coach", "volunteer", "participant", "admin", "signaler", "outsider")
IN_REACH = {"admin": {"organisation_id", "client_id", "invitation_id", "activity_id", "feed_id"}}
"""Records that are no resident's and lie inside a role's reach by design: a tenant admin
manages every organisation, every integration of the tenant, every invitation to it and every
activity and iCal feed of its public calendar."""

RIGHTS = {
    "privacy.data",
    "privacy.data_json",
    "privacy.data_pdf",
    "privacy.confirm_erase",
    "privacy.erase",
    "api_privacy.PersonalData",
    "api_privacy.PersonalDataPdf",
    "api_privacy.Erasure",
}
ROUTES_IN_REACH = {"admin": RIGHTS}
"""Routes on which a role reaches every resident of the tenant by design: the tenant admin
answers residents' rights requests (their data, their erasure) for the controller
(docs/access.md; tested in tests/privacy/test_pages.py and test_api.py)."""


def _outside(app: Flask, world: World) -> dict[str, int]:
    """Records of organisation B, which every role of the world's organisation A is outside."""
    escalation = Escalation(
        circle_id=world.b.id,
        person_id=world.people["b"].id,
        severity="routine",
        question="Vraag over Bob",
        due_by=utcnow(),
    )
    db.session.add(escalation)
    db.session.flush()
    from tests.isolation.test_other_tenant_ids import _exchange_records, identity_records

    goal, step = plan_with_a_step(world.members["b"])
    methodology = app.extensions["kring.plugins"].methodology("proefkring")
    (meeting,) = meetings.plan(
        world.b, methodology, datetime.now(UTC), "open_avond", 120, None, None
    )
    # a message someone else read in the app: no role's own, and no failure an admin retries
    message = failed_app_message(world.users["outsider"].id)
    audit = audit_of(world.b)
    activity = an_activity_of(world.b.organisation_id)
    return {
        "activity_id": activity.id,
        "suggestion_id": a_suggestion_in(world.b, world.people["b"], activity).id,
        "feed_id": a_feed_of(world.b.organisation_id).id,
        "invitation_id": an_invitation().id,
        "audit_id": audit.id,
        "action_id": first_action(audit),
        "message_id": message.id,
        "sent_id": sent_message(person_id=world.people["b"].id, body="Hallo Bob Buiten,").id,
        "escalation_id": escalation.id,
        **_exchange_records(world.b, world.people["b"]),
        "goal_id": goal.id,
        "step_id": step.id,
        "meeting_id": meeting.id,
        "circle_id": world.b.id,
        "member_id": world.members["b"].id,
        "person_id": world.people["b"].id,
        "signal_id": world.signals["b"].id,
        "organisation_id": world.b.organisation_id,
        "year": today().year,  # a yearly report: counts only, no resident of B by name
        # another person's token (never anyone else's to revoke) and an integration
        **api_access_of(world.users["outsider"]),
        **identity_records(),  # a login of no role here, and one of its sessions
    }


def _id_routes(app: Flask) -> list[Any]:
    return [
        rule
        for rule in app.url_map.iter_rules()
        if "tenant" in rule.arguments and rule.arguments - {"tenant"}
    ]


@pytest.mark.parametrize("role", ROLES)
def test_records_outside_a_roles_reach_are_not_found(
    app: Flask, client: Any, tenant: Tenant, world: World, role: str, embedded: None
) -> None:
    world.login(client, tenant, role)
    ids = _outside(app, world)
    names = [p.name for p in world.people.values() if p.id == ids["person_id"]] + ["Sam B"]
    token = client.csrf_token(f"/t/{tenant.slug}/")
    checked = 0
    for rule in _id_routes(app):
        unknown = rule.arguments - {"tenant"} - set(ids)
        if unknown == {"token"}:
            continue  # password-reset and sign-in card tokens are secrets, not records
        assert not unknown, f"{rule.rule}: teach this walk which record {unknown} names"
        if rule.arguments - {"tenant"} <= IN_REACH.get(role, set()):
            continue
        if rule.endpoint in ROUTES_IN_REACH.get(role, set()):
            continue
        values = {"tenant": tenant.slug, **{k: ids[k] for k in rule.arguments - {"tenant"}}}
        path = rule.build(values)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            kwargs: dict[str, Any] = {"headers": {"X-CSRFToken": token}}
            if "/api/" not in path:
                kwargs["data"] = {"csrf_token": token}
            elif method != "GET":
                assert rule.endpoint in VALID_JSON, f"add a valid body for {rule.endpoint}"
                kwargs["json"] = VALID_JSON[rule.endpoint]
            response = client.open(path, method=method, **kwargs)
            pdf = response.mimetype == "application/pdf" and response.status_code == 200
            body = pdf_text(response.data) if pdf else response.get_data(as_text=True)
            if method == "GET" and response.status_code == 200:
                shown = [name for name in names if name in body]
                assert not shown, f"{role}: GET {path} shows {shown}"
            else:
                assert response.status_code in (403, 404), (
                    f"{role}: {method} {path} answered {response.status_code}"
                )
            checked += 1
    assert checked >= 20
