"""One test per cell of the audits table in docs/access.md: the circle's coach and project
leader read and work on its audits, a tenant admin reads every circle's audits without
remarks, everyone else is refused; an audit out of reach answers 404 like another tenant's."""

from __future__ import annotations

from typing import Any

import pytest

from kring.audits.models import FollowUpAction
from kring.core.db import today
from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.organisations.models import Organisation
from kring.testing.builders import hooks_for, start_circle
from tests.audits.conftest import EVIDENCE, open_audit_of, reviewed
from tests.conftest import World


@pytest.fixture
def audited(app: Any, world: World) -> dict[str, Any]:
    """A reviewed audit of circle A, an open one of circle B (organisation B), and an open
    one of circle C: organisation A's, without the world's coach in it."""
    a = reviewed(app, world, open_audit_of(app, world.a))
    org_a = db.session.get(Organisation, world.a.organisation_id)
    c = start_circle(hooks_for(app, "proefkring"), "Kring C", "Wijk C", ["3333"], org_a, today())
    return {
        "a": a,
        "b": open_audit_of(app, world.b),
        "c": open_audit_of(app, c),
        "action": db.session.query(FollowUpAction).filter_by(audit_id=a.id).first(),
    }


def _status(client: Any, api: str, audit: Any) -> int:
    return int(client.get(f"{api}/audits/{audit.id}").status_code)


def _put(client: Any, api: str, audit: Any) -> int:
    body = {"criterion": "evaluatie", "values": EVIDENCE}
    return int(client.send("PUT", f"{api}/audits/{audit.id}/evidence", body).status_code)


def test_project_leader_works_on_the_audits_of_the_organisations_they_lead(
    client: Any, tenant: Tenant, world: World, api: str, audited: dict[str, Any]
) -> None:
    world.login(client, tenant, "leader")
    assert _status(client, api, audited["a"]) == 200
    assert _status(client, api, audited["c"]) == 200 and _put(client, api, audited["c"]) == 200
    assert _status(client, api, audited["b"]) == 404 and _put(client, api, audited["b"]) == 404
    assert client.get(f"{api}/audits/{audited['a'].id}").get_json()["criteria"][2]["remark"]


def test_coach_works_only_on_the_audits_of_the_circles_they_take_part_in(
    client: Any, tenant: Tenant, world: World, api: str, audited: dict[str, Any]
) -> None:
    world.login(client, tenant, "coach")
    assert _status(client, api, audited["a"]) == 200
    assert client.get(f"{api}/audits/{audited['a'].id}").get_json()["may_edit"] is True
    assert _status(client, api, audited["c"]) == 404 and _put(client, api, audited["c"]) == 404
    assert _status(client, api, audited["b"]) == 404
    done = client.send("POST", f"{api}/audits/actions/{audited['action'].id}/done")
    assert done.status_code == 200


def test_tenant_admin_reads_every_circles_audits_without_remarks_and_changes_nothing(
    client: Any, tenant: Tenant, world: World, api: str, audited: dict[str, Any]
) -> None:
    world.login(client, tenant, "admin")
    for key in ("a", "b", "c"):
        assert _status(client, api, audited[key]) == 200
    found = client.get(f"{api}/audits/{audited['a'].id}").get_json()
    assert found["may_edit"] is False
    assert [c["remark"] for c in found["criteria"]] == [None, None, None]
    assert _put(client, api, audited["c"]) == 403
    done = client.send("POST", f"{api}/audits/actions/{audited['action'].id}/done")
    assert done.status_code == 403
    assert client.get(f"{api}/circles/{world.b.id}/fidelity").status_code == 200


@pytest.mark.parametrize("role", ["volunteer", "participant", "signaler", "outsider"])
def test_nobody_else_reads_an_audit(
    client: Any, tenant: Tenant, world: World, api: str, audited: dict[str, Any], role: str
) -> None:
    world.login(client, tenant, role)
    assert _status(client, api, audited["a"]) == 403
    assert client.get(f"{api}/circles/{world.a.id}/audits").status_code == 403
