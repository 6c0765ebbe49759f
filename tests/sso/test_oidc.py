"""Signing in with a tenant's own OpenID provider, against a real provider on loopback."""

from __future__ import annotations

import time
from typing import Any

import pytest

from kring.core.accounts import Role
from kring.core.tenancy import Tenant
from tests.sso.conftest import (
    connect,
    link,
    sign_in_with_provider,
    to_provider_and_back,
)


def _signed_in(client: Any, tenant: Tenant) -> bool:
    answer = client.get(f"/t/{tenant.slug}/api/v1/me")
    return answer.status_code == 200


def test_a_linked_coach_signs_in_with_the_provider(
    app: Any, client: Any, tenant: Tenant, coach: Any, oidc_provider: Any
) -> None:
    connect(app, tenant, oidc_provider)
    link(coach, oidc_provider)
    page = client.get(f"/t/{tenant.slug}/login").get_data(as_text=True)
    assert "Inloggen met Gemeente-account" in page
    answer = sign_in_with_provider(client, tenant)
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"/t/{tenant.slug}/")
    me = client.get(f"/t/{tenant.slug}/api/v1/me").get_json()
    assert me["id"] == coach.id and me["roles"] == ["coach"]  # roles from Kring, not the provider


@pytest.mark.parametrize(
    ("tamper", "what"),
    [
        ({"iss": "http://127.0.0.1:1/other"}, "wrong issuer"),
        ({"aud": "someone-else"}, "wrong audience"),
        ({"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}, "expired"),
        ({"nonce": "not-the-one-kring-sent"}, "nonce mismatch"),
    ],
)
def test_an_id_token_that_does_not_prove_the_sign_in_is_refused(
    app: Any, client: Any, tenant: Tenant, coach: Any, oidc_provider: Any, tamper: Any, what: str
) -> None:
    connect(app, tenant, oidc_provider)
    link(coach, oidc_provider)
    oidc_provider.next.tamper = tamper
    answer = sign_in_with_provider(client, tenant)
    assert answer.status_code == 401, what
    assert "did not work" in answer.get_data(as_text=True)
    assert not _signed_in(client, tenant), what


def test_a_replayed_state_is_refused_before_any_code_is_spent(
    app: Any, client: Any, tenant: Tenant, coach: Any, oidc_provider: Any
) -> None:
    connect(app, tenant, oidc_provider)
    link(coach, oidc_provider)
    first = to_provider_and_back(client, client.get(f"/t/{tenant.slug}/login/provider"))
    assert client.get(first).status_code == 302
    client.post(f"/t/{tenant.slug}/logout", headers={"X-CSRFToken": client.csrf_token()})
    to_provider_and_back(client, client.get(f"/t/{tenant.slug}/login/provider"))
    exchanged = oidc_provider.token_requests
    again = client.get(first)
    assert again.status_code == 401
    assert oidc_provider.token_requests == exchanged  # the state, not the spent code, refused it
    assert not _signed_in(client, tenant)


def test_a_code_from_one_tenants_provider_never_opens_another_tenant(
    app: Any, client: Any, tenant: Tenant, other_tenant: Tenant, make_user: Any, oidc_provider: Any
) -> None:
    connect(app, tenant, oidc_provider)
    connect(app, other_tenant, oidc_provider)
    both = make_user(tenant, Role.coach, email="twee@zorg.example.org")
    make_user(other_tenant, Role.coach, email="twee-b@zorg.example.org")
    link(both, oidc_provider)
    callback = to_provider_and_back(client, client.get(f"/t/{tenant.slug}/login/provider"))
    elsewhere = callback.replace(f"/t/{tenant.slug}/", f"/t/{other_tenant.slug}/")
    assert client.get(elsewhere).status_code == 401
    assert not _signed_in(client, other_tenant)


def test_an_account_is_known_by_issuer_and_subject_never_by_email(
    app: Any, client: Any, tenant: Tenant, coach: Any, oidc_provider: Any
) -> None:
    connect(app, tenant, oidc_provider)
    oidc_provider.next.email = coach.email  # the same address, but no link
    answer = sign_in_with_provider(client, tenant)
    assert answer.status_code == 401
    assert "not linked to anyone" in answer.get_data(as_text=True)
    assert not _signed_in(client, tenant)


def test_a_linked_account_without_a_role_here_gets_no_session(
    app: Any, client: Any, tenant: Tenant, other_tenant: Tenant, make_user: Any, oidc_provider: Any
) -> None:
    connect(app, tenant, oidc_provider)
    elsewhere = make_user(other_tenant, Role.coach, email="elders@zorg.example.org")
    link(elsewhere, oidc_provider)
    assert sign_in_with_provider(client, tenant).status_code == 401
    assert not _signed_in(client, tenant)


@pytest.mark.parametrize(
    ("amr", "trusts", "counts"),
    [(["pwd", "otp"], True, True), (["pwd"], True, False), (["pwd", "mfa"], False, False)],
)
def test_the_providers_second_factor_counts_only_when_shown_and_trusted(
    app: Any,
    client: Any,
    tenant: Tenant,
    coach: Any,
    oidc_provider: Any,
    amr: list[str],
    trusts: bool,
    counts: bool,
) -> None:
    connect(app, tenant, oidc_provider, trusts_mfa=trusts)
    link(coach, oidc_provider)
    oidc_provider.next.amr = amr
    answer = sign_in_with_provider(client, tenant)
    assert answer.status_code == 302
    assert _signed_in(client, tenant) is counts
    if not counts:  # a coach without Kring's own second factor sets one up first
        assert answer.headers["Location"].endswith(f"/t/{tenant.slug}/login/second-factor")


def test_a_signed_in_coach_links_their_provider_account(
    app: Any, client: Any, tenant: Tenant, coach: Any, oidc_provider: Any
) -> None:
    from kring.testing.factories import DEFAULT_PASSWORD

    connect(app, tenant, oidc_provider)
    client.login(tenant, coach.email, DEFAULT_PASSWORD)
    page = f"/t/{tenant.slug}/account/sign-in"
    assert "Link my account" in client.get(page).get_data(as_text=True)
    start = client.post(page, data={"csrf_token": client.csrf_token(page)})
    done = client.get(to_provider_and_back(client, start))
    assert done.status_code == 302 and done.headers["Location"].endswith(page)
    assert oidc_provider.issuer in client.get(page).get_data(as_text=True)
    identities = client.get(f"/t/{tenant.slug}/api/v1/me/identities").get_json()
    assert [i["issuer"] for i in identities] == [oidc_provider.issuer]
    client.post(f"/t/{tenant.slug}/logout", headers={"X-CSRFToken": client.csrf_token()})
    assert sign_in_with_provider(client, tenant).status_code == 302
    assert _signed_in(client, tenant)


def test_a_tenant_without_a_provider_has_no_provider_door(client: Any, tenant: Tenant) -> None:
    assert client.get(f"/t/{tenant.slug}/login/provider").status_code == 404
    assert "Inloggen met" not in client.get(f"/t/{tenant.slug}/login").get_data(as_text=True)


def test_the_admin_sets_the_provider_after_kring_reads_its_discovery(
    app: Any, client: Any, tenant: Tenant, make_user: Any, oidc_provider: Any
) -> None:
    from kring.testing.factories import DEFAULT_PASSWORD

    admin = make_user(tenant, Role.tenant_admin, email="beheer@zorg.example.org")
    client.login(tenant, admin.email, DEFAULT_PASSWORD)
    page = f"/t/{tenant.slug}/admin/sign-in"
    shown = client.get(page).get_data(as_text=True)
    assert f"http://localhost/t/{tenant.slug}/login/provider/callback" in shown
    form = {
        "issuer": "http://127.0.0.1:1/nowhere",
        "client_id": "kring",
        "client_secret": "geheim",
        "label": "Inloggen met Gemeente-account",
        "trusts_mfa": "y",
        "is_enabled": "y",
    }
    unreachable = client.form(page, form)
    assert unreachable.status_code == 422
    assert "could not be read at this address" in unreachable.get_data(as_text=True)
    assert (
        client.form(page, {**form, "client_secret": "", "issuer": oidc_provider.issuer}).status_code
        == 422
    )
    assert client.form(page, {**form, "issuer": oidc_provider.issuer}).status_code == 302
    kept = client.form(page, {**form, "issuer": oidc_provider.issuer, "client_secret": ""})
    assert kept.status_code == 302  # a change keeps the saved secret
    api = client.get(f"/t/{tenant.slug}/api/v1/identity-provider").get_json()
    assert api["issuer"] == oidc_provider.issuer and "client_secret" not in api
    oidc_provider.register("kring", "geheim")
    coach = make_user(tenant, Role.coach, email="c@zorg.example.org")
    link(coach, oidc_provider)
    client.post(f"/t/{tenant.slug}/logout", headers={"X-CSRFToken": client.csrf_token()})
    assert sign_in_with_provider(client, tenant).status_code == 302


def test_the_api_sets_and_removes_the_provider(
    client: Any, tenant: Tenant, make_user: Any, oidc_provider: Any
) -> None:
    from kring.testing.factories import DEFAULT_PASSWORD

    admin = make_user(tenant, Role.tenant_admin, email="beheer@zorg.example.org")
    client.login(tenant, admin.email, DEFAULT_PASSWORD)
    url = f"/t/{tenant.slug}/api/v1/identity-provider"
    assert client.get(url).status_code == 404
    body = {"issuer": oidc_provider.issuer, "client_id": "kring", "label": "Gemeente"}
    missing = client.send("PUT", url, body)
    assert missing.status_code == 422 and "client_secret" in missing.get_json()["errors"]["json"]
    bad = client.send("PUT", url, {**body, "client_secret": "x", "issuer": "niet een adres"})
    assert bad.status_code == 422 and "issuer" in bad.get_json()["errors"]["json"]
    made = client.send("PUT", url, {**body, "client_secret": "geheim"})
    assert made.status_code == 200 and made.get_json()["label"] == "Gemeente"
    assert client.send("DELETE", url).status_code == 204
    assert client.get(url).status_code == 404


def test_only_the_admin_sets_the_provider(client: Any, tenant: Tenant, coach: Any) -> None:
    from kring.testing.factories import DEFAULT_PASSWORD

    client.login(tenant, coach.email, DEFAULT_PASSWORD)
    assert client.get(f"/t/{tenant.slug}/admin/sign-in").status_code == 403
    assert client.get(f"/t/{tenant.slug}/api/v1/identity-provider").status_code == 403


def test_the_client_secret_is_kept_sealed(app: Any, tenant: Tenant, oidc_provider: Any) -> None:
    from kring.core.tenancy import tenant_scope
    from kring.sso import service
    from kring.testing.keys import keys_replaced

    connect(app, tenant, oidc_provider)
    with tenant_scope(tenant):
        found = service.provider()
    assert found is not None and "geheim" not in found.client_secret_sealed
    assert service.unseal(found.client_secret_sealed) == f"geheim-{tenant.slug}"
    with keys_replaced(app, "another key that is long enough to be a secret"):
        assert service.unseal(found.client_secret_sealed) is None


def test_in_production_a_provider_is_reached_over_https_only() -> None:
    from kring.sso.oidc import check_discovery

    assert check_discovery("http://login.example.org", production=True) == "https"
