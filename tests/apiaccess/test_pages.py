"""Making and revoking tokens and integrations, on the pages and through the API."""

from __future__ import annotations

import re
from typing import Any

from kring.apiaccess.models import ApiClient, ApiToken
from kring.core.tenancy import Tenant, tenant_scope
from kring.extensions import db
from tests.conftest import World


def _shown_secret(html: str) -> str:
    found = re.search(r'id="issued-secret" type="text" readonly value="([^"]+)"', html)
    assert found, "the new secret is on the page"
    return found.group(1)


def test_a_coach_makes_a_token_sees_it_once_and_revokes_it(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    world.login(client, tenant, "coach")
    page = f"/t/{tenant.slug}/account/api-tokens"
    made = client.form(
        page,
        {"name": "Mijn script", "days": "30", "scope_person": "read", "scope_tenant": "read"},
    )
    assert made.status_code == 200
    html = made.get_data(as_text=True)
    secret = _shown_secret(html)
    assert secret.startswith("kr_pat_") and "shown only this once" in html
    listed = client.get(page).get_data(as_text=True)
    assert secret not in listed and f"…{secret[-4:]}" in listed
    assert "People: read" in listed
    bearer = {"Authorization": f"Bearer {secret}"}
    assert client.get(f"{api}/me", headers=bearer).status_code == 200
    with tenant_scope(tenant):
        token = db.session.query(ApiToken).one()
    revoked = client.form(f"{page}/{token.id}/revoke", {}, page=page)
    assert revoked.status_code == 302
    assert client.get(f"{api}/me", headers=bearer).status_code == 401
    assert "revoked" in client.get(page).get_data(as_text=True)


def test_a_token_needs_a_name_and_an_area(client: Any, tenant: Tenant, world: World) -> None:
    world.login(client, tenant, "coach")
    answer = client.form(f"/t/{tenant.slug}/account/api-tokens", {"name": "", "days": "30"})
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert "Give it a name you will recognise." in html
    assert "Choose at least one area it may use." in html
    with tenant_scope(tenant):
        assert db.session.query(ApiToken).count() == 0


def test_nobody_revokes_another_persons_token(client: Any, tenant: Tenant, world: World) -> None:
    from kring.apiaccess import service

    with tenant_scope(tenant):
        issued = service.create_personal(world.users["leader"], "van Pia", ["tenant:read"], 7)
        db.session.commit()
    world.login(client, tenant, "coach")
    page = f"/t/{tenant.slug}/account/api-tokens"
    answer = client.form(f"{page}/{issued.record.id}/revoke", {}, page=page)
    assert answer.status_code == 404
    with tenant_scope(tenant):
        assert db.session.get(ApiToken, issued.record.id).revoked_at is None


def test_volunteers_and_participants_make_no_tokens(
    client: Any, tenant: Tenant, world: World
) -> None:
    for who in ("volunteer", "participant"):
        world.login(client, tenant, who)
        assert client.get(f"/t/{tenant.slug}/account/api-tokens").status_code == 403


def test_the_admin_registers_an_integration_and_revokes_it(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "admin")
    page = f"/t/{tenant.slug}/admin/integrations"
    made = client.form(page, {"name": "Zorgdossier", "scope_tenant": "read"})
    assert made.status_code == 200
    html = made.get_data(as_text=True)
    assert _shown_secret(html).startswith("kr_cs_")
    assert "/api/v1/oauth/token" in html
    again = client.form(page, {"name": "Zorgdossier", "scope_tenant": "read"})
    assert again.status_code == 422
    assert "An integration with this name already exists." in again.get_data(as_text=True)
    with tenant_scope(tenant):
        registered = db.session.query(ApiClient).one()
    assert client.form(f"{page}/{registered.id}/revoke", {}, page=page).status_code == 302
    db.session.refresh(registered)
    assert registered.revoked_at is not None


def test_only_the_admin_registers_integrations(client: Any, tenant: Tenant, world: World) -> None:
    world.login(client, tenant, "leader")
    assert client.get(f"/t/{tenant.slug}/admin/integrations").status_code == 403


def test_the_api_makes_lists_and_revokes_personal_tokens(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    world.login(client, tenant, "coach")
    made = client.send("POST", f"{api}/api-tokens", {"name": "cron", "scopes": ["tenant:read"]})
    assert made.status_code == 201
    body = made.get_json()
    assert body["token"].startswith("kr_pat_") and body["scopes"] == ["tenant:read"]
    listed = client.get(f"{api}/api-tokens").get_json()
    assert [t["name"] for t in listed] == ["cron"] and "token" not in listed[0]
    assert client.send("DELETE", f"{api}/api-tokens/{body['id']}").status_code == 204
    assert (
        client.get(f"{api}/me", headers={"Authorization": f"Bearer {body['token']}"}).status_code
        == 401
    )


def test_the_api_names_what_is_wrong(client: Any, tenant: Tenant, world: World, api: str) -> None:
    world.login(client, tenant, "coach")
    bad = client.send(
        "POST", f"{api}/api-tokens", {"name": "x", "scopes": ["circle:admin"], "days": 999}
    )
    assert bad.status_code == 422
    errors = bad.get_json()["errors"]["json"]
    assert set(errors) == {"scopes", "days"}


def test_the_api_registers_and_revokes_integrations(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    world.login(client, tenant, "admin")
    made = client.send(
        "POST", f"{api}/integrations", {"name": "Dashboard", "scopes": ["report:read"]}
    )
    assert made.status_code == 201
    body = made.get_json()
    assert body["client_secret"].startswith("kr_cs_") and body["client_id"].startswith("kr_client_")
    twice = client.send(
        "POST", f"{api}/integrations", {"name": "Dashboard", "scopes": ["report:read"]}
    )
    assert twice.status_code == 409 and "name" in twice.get_json()["errors"]["json"]
    assert [c["name"] for c in client.get(f"{api}/integrations").get_json()] == ["Dashboard"]
    assert client.send("DELETE", f"{api}/integrations/{body['id']}").status_code == 204
    assert client.get(f"{api}/integrations").get_json()[0]["revoked_at"] is not None
