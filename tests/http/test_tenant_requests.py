from __future__ import annotations

from typing import Any

from kring.core.tenancy import TenantStatus
from kring.testing.factories import TenantFactory


def test_unknown_tenant_answers_404(client: Any) -> None:
    response = client.get("/t/does-not-exist/login")
    assert response.status_code == 404
    assert "does not exist" in response.get_data(as_text=True)


def test_suspended_tenant_gets_a_clear_page_not_an_error(client: Any) -> None:
    TenantFactory(slug="paused", status=TenantStatus.suspended)
    response = client.get("/t/paused/login")
    assert response.status_code == 403
    assert "suspended" in response.get_data(as_text=True)


def test_pending_tenant_is_told_it_awaits_approval(client: Any) -> None:
    TenantFactory(slug="newcomer", status=TenantStatus.pending)
    response = client.get("/t/newcomer/login")
    assert response.status_code == 403
    assert "waiting for approval" in response.get_data(as_text=True)


def test_subdomain_resolves_the_tenant_when_a_base_domain_is_set(
    tmp_path: Any, database: Any
) -> None:
    from kring.app import create_app
    from kring.testing.plugin import config_for_tests

    app = create_app(config_for_tests(tmp_path, base_domain="kring.test"))
    tenant = TenantFactory(slug="roerdal", name="Gemeente Roerdal")
    with app.test_client() as client:
        response = client.get("/login", headers={"Host": "roerdal.kring.test"})
        assert response.status_code == 200
        assert tenant.name in response.get_data(as_text=True)
        assert client.get("/healthz", headers={"Host": "roerdal.kring.test"}).status_code == 200
        html = client.get("/login", headers={"Host": "roerdal.kring.test"}).get_data(as_text=True)
        token = html.split('name="csrf_token" value="')[1].split('"')[0]
        switched = client.post(
            "/language",
            data={"locale": "en", "next": "/login", "csrf_token": token},
            headers={"Host": "roerdal.kring.test"},
        )
        assert switched.status_code == 302 and switched.headers["Location"] == "/login"


def test_tenant_language_decides_when_the_browser_does_not(client: Any, tenant: Any) -> None:
    client.environ_base.pop("HTTP_ACCEPT_LANGUAGE")
    html = client.get(f"/t/{tenant.slug}/login").get_data(as_text=True)
    assert '<html lang="nl">' in html and "Wachtwoord" in html


def test_browser_language_decides_before_the_tenant_language(client: Any, tenant: Any) -> None:
    html = client.get(f"/t/{tenant.slug}/login", headers={"Accept-Language": "nl"}).get_data(
        as_text=True
    )
    assert "Inloggen" in html
