"""Integrations get tokens with OAuth2 client credentials, at their own tenant only."""

from __future__ import annotations

import base64
from typing import Any

from kring.apiaccess import service
from kring.core.tenancy import Tenant, tenant_scope
from kring.extensions import db
from tests.conftest import World


def _register(tenant: Tenant, world: World, scopes: list[str]) -> tuple[str, str]:
    with tenant_scope(tenant):
        issued = service.register_client(world.users["leader"], "Zorgdossier", scopes)
        db.session.commit()
        return issued.record.client_id, issued.secret  # type: ignore[union-attr]


def _basic(client_id: str, secret: str) -> dict[str, str]:
    pair = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {pair}"}


def _ask(client: Any, tenant: Tenant, client_id: str, secret: str, **form: str) -> Any:
    return client.post(
        f"/t/{tenant.slug}/api/v1/oauth/token",
        data={"grant_type": "client_credentials", **form},
        headers=_basic(client_id, secret),
    )


def test_a_client_gets_a_token_for_an_hour_and_reads_with_its_owners_reach(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    client_id, secret = _register(tenant, world, ["person:read", "tenant:read"])
    answer = _ask(client, tenant, client_id, secret)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    token = answer.get_json()
    assert token["token_type"] == "Bearer" and token["expires_in"] == 3600
    assert token["scope"] == "person:read tenant:read"
    bearer = {"Authorization": f"Bearer {token['access_token']}"}
    assert client.get(f"{api}/people/{world.people['other'].id}", headers=bearer).status_code == 200
    assert client.get(f"{api}/people/{world.people['b'].id}", headers=bearer).status_code == 404
    assert client.get(f"{api}/circles", headers=bearer).status_code == 403


def test_the_secret_may_also_be_posted(client: Any, tenant: Tenant, world: World) -> None:
    client_id, secret = _register(tenant, world, ["tenant:read"])
    answer = client.post(
        f"/t/{tenant.slug}/api/v1/oauth/token",
        data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
    )
    assert answer.status_code == 200


def test_a_client_may_ask_for_less_never_for_more(
    client: Any, tenant: Tenant, world: World
) -> None:
    client_id, secret = _register(tenant, world, ["person:read", "tenant:read"])
    less = _ask(client, tenant, client_id, secret, scope="tenant:read")
    assert less.get_json()["scope"] == "tenant:read"
    more = _ask(client, tenant, client_id, secret, scope="person:write")
    assert more.status_code == 400 and more.get_json()["error"] == "invalid_scope"


def test_a_wrong_secret_or_another_tenants_endpoint_gets_nothing(
    client: Any, tenant: Tenant, other_tenant: Tenant, world: World
) -> None:
    client_id, secret = _register(tenant, world, ["tenant:read"])
    wrong = _ask(client, tenant, client_id, secret + "x")
    assert wrong.status_code == 401 and wrong.get_json()["error"] == "invalid_client"
    elsewhere = _ask(client, other_tenant, client_id, secret)
    assert elsewhere.status_code == 401


def test_only_client_credentials_are_granted(client: Any, tenant: Tenant, world: World) -> None:
    client_id, secret = _register(tenant, world, ["tenant:read"])
    answer = _ask(client, tenant, client_id, secret, grant_type="password")
    assert answer.status_code == 400 and answer.get_json()["error"] == "unsupported_grant_type"


def test_revoking_the_client_ends_its_tokens_and_its_asking(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    client_id, secret = _register(tenant, world, ["tenant:read"])
    token = _ask(client, tenant, client_id, secret).get_json()["access_token"]
    bearer = {"Authorization": f"Bearer {token}"}
    assert client.get(f"{api}/me", headers=bearer).status_code == 200
    with tenant_scope(tenant):
        found = service.client_by_client_id(client_id)
        assert found is not None
        service.revoke_client(found, world.users["admin"].id)
        db.session.commit()
    assert client.get(f"{api}/me", headers=bearer).status_code == 401
    assert _ask(client, tenant, client_id, secret).status_code == 401


def test_a_client_revokes_one_of_its_tokens(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    client_id, secret = _register(tenant, world, ["tenant:read"])
    token = _ask(client, tenant, client_id, secret).get_json()["access_token"]
    answer = client.post(
        f"/t/{tenant.slug}/api/v1/oauth/revoke",
        data={"token": token},
        headers=_basic(client_id, secret),
    )
    assert answer.status_code == 200
    assert client.get(f"{api}/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_the_openapi_description_states_the_security_schemes(client: Any) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    schemes = spec["components"]["securitySchemes"]
    assert schemes["bearer"] == {"type": "http", "scheme": "bearer"}
    flow = schemes["clientCredentials"]["flows"]["clientCredentials"]
    assert flow["tokenUrl"] == "/t/{tenant}/api/v1/oauth/token"
    assert "person:read" in flow["scopes"]
    assert {"bearer": []} in spec["security"] and {"session": []} in spec["security"]
