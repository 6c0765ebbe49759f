"""Personal tokens on the API: the user's reach, narrowed by scopes, in one tenant, revocable."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from kring.apiaccess import service
from kring.apiaccess.models import ApiToken
from kring.core.db import utcnow
from kring.core.tenancy import Tenant, tenant_scope
from kring.extensions import db
from tests.conftest import World


def _token(world: World, tenant: Tenant, who: str, scopes: list[str], days: int = 30) -> str:
    with tenant_scope(tenant):
        issued = service.create_personal(world.users[who], f"script van {who}", scopes, days)
        db.session.commit()
    return issued.secret


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_a_token_reads_what_its_user_reaches_and_nothing_more(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    secret = _token(world, tenant, "coach", ["person:read", "tenant:read"])
    me = client.get(f"{api}/me", headers=_bearer(secret))
    assert me.status_code == 200 and me.get_json()["roles"] == ["coach"]
    reached = client.get(f"{api}/people/{world.people['other'].id}", headers=_bearer(secret))
    assert reached.status_code == 200 and reached.get_json()["name"] == "Olga Anders"
    assert (
        client.get(f"{api}/people/{world.people['b'].id}", headers=_bearer(secret)).status_code
        == 404
    )
    assert "Set-Cookie" not in me.headers  # no session is made for a token


def test_a_scope_narrows_what_the_user_may_do(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    secret = _token(world, tenant, "leader", ["person:read"])
    assert client.get(f"{api}/people", headers=_bearer(secret)).status_code == 200
    assert client.get(f"{api}/circles", headers=_bearer(secret)).status_code == 403
    refused = client.post(f"{api}/people", json={"name": "Nieuw Mens"}, headers=_bearer(secret))
    assert refused.status_code == 403


def test_a_token_that_may_change_needs_no_cookie_or_csrf_token(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    secret = _token(world, tenant, "leader", ["person:write"])
    made = client.post(
        f"{api}/people", json={"name": "Nieuw Mens", "postcode": "1111AF"}, headers=_bearer(secret)
    )
    assert made.status_code == 201, made.get_json()
    # a session without the CSRF token is still refused: only the header makes it safe
    world.login(client, tenant, "leader")
    assert client.post(f"{api}/people", json={"name": "Zonder"}).status_code == 400


@pytest.mark.parametrize("spoil", ["revoked", "expired", "unknown"])
def test_a_revoked_expired_or_unknown_token_is_refused(
    client: Any, tenant: Tenant, world: World, api: str, spoil: str
) -> None:
    secret = _token(world, tenant, "leader", ["tenant:read"])
    assert client.get(f"{api}/me", headers=_bearer(secret)).status_code == 200
    with tenant_scope(tenant):
        token = db.session.query(ApiToken).one()
        if spoil == "revoked":
            service.revoke(token, world.users["leader"].id)
        elif spoil == "expired":
            token.expires_at = utcnow() - timedelta(seconds=1)
        else:
            secret += "x"
        db.session.commit()
    refused = client.get(f"{api}/me", headers=_bearer(secret))
    assert refused.status_code == 401
    assert refused.headers["WWW-Authenticate"].startswith("Bearer")
    assert "expired or revoked" in refused.get_json()["message"]


def test_a_token_never_opens_another_tenant(
    client: Any, tenant: Tenant, other_tenant: Tenant, world: World
) -> None:
    secret = _token(world, tenant, "leader", ["tenant:read"])
    answer = client.get(f"/t/{other_tenant.slug}/api/v1/me", headers=_bearer(secret))
    assert answer.status_code == 401


def test_a_bad_token_is_not_rescued_by_a_session(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    world.login(client, tenant, "leader")
    assert client.get(f"{api}/me").status_code == 200
    assert client.get(f"{api}/me", headers=_bearer("kr_pat_nonsense")).status_code == 401


def test_a_token_cannot_make_or_revoke_tokens(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    from kring.apiaccess.scopes import all_scopes

    secret = _token(world, tenant, "admin", all_scopes())
    body = {"name": "nog een", "scopes": ["tenant:read"]}
    assert client.post(f"{api}/api-tokens", json=body, headers=_bearer(secret)).status_code == 403
    assert client.get(f"{api}/integrations", headers=_bearer(secret)).status_code == 403


def test_a_token_stops_working_with_its_user(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    secret = _token(world, tenant, "leader", ["tenant:read"])
    world.users["leader"].is_enabled = False
    db.session.commit()
    assert client.get(f"{api}/me", headers=_bearer(secret)).status_code == 401


def test_each_token_has_its_own_rate_limit(
    app: Any, client: Any, tenant: Tenant, world: World, api: str, monkeypatch: Any
) -> None:
    config = app.extensions["kring.config"]
    monkeypatch.setitem(
        app.extensions, "kring.config", replace(config, api_token_rate_limit="3 per minute")
    )
    first = _token(world, tenant, "leader", ["tenant:read"])
    second = _token(world, tenant, "coach", ["tenant:read"])
    codes = [client.get(f"{api}/me", headers=_bearer(first)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert client.get(f"{api}/me", headers=_bearer(second)).status_code == 200


def test_last_use_is_noted(client: Any, tenant: Tenant, world: World, api: str) -> None:
    secret = _token(world, tenant, "leader", ["tenant:read"])
    client.get(f"{api}/me", headers=_bearer(secret))
    with tenant_scope(tenant):
        assert db.session.query(ApiToken).one().last_used_at is not None


def test_reads_through_a_token_are_in_the_access_log(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    from kring.access.models import AccessLogEntry

    secret = _token(world, tenant, "coach", ["person:read"])
    client.get(f"{api}/people/{world.people['other'].id}", headers=_bearer(secret))
    with tenant_scope(tenant):
        rows = db.session.query(AccessLogEntry).all()
    assert [(r.user_id, r.subject_id) for r in rows] == [
        (world.users["coach"].id, world.people["other"].id)
    ]
    with tenant_scope(tenant):
        token = db.session.query(ApiToken).one()
    assert rows[0].client.startswith(f"api-token:{token.id} ")
