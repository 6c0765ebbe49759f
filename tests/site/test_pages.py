"""The platform's own pages: the front page, the language switch, health and readiness."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from kring.core.tenancy import TenantStatus
from kring.testing.factories import TenantFactory


def test_front_page_lists_no_customers_by_default(client: Any) -> None:
    TenantFactory(name="Actieve Gemeente")
    html = client.get("/").get_data(as_text=True)
    assert "Actieve Gemeente" not in html and "/login" not in html
    assert "Open the address your organisation gave you" in html


def test_front_page_lists_active_tenants_only_when_set(
    app: Any, client: Any, monkeypatch: Any
) -> None:
    config = app.extensions["kring.config"]
    monkeypatch.setitem(app.extensions, "kring.config", replace(config, list_tenants=True))
    TenantFactory(name="Actieve Gemeente")
    TenantFactory(name="Wachtende Gemeente", status=TenantStatus.pending)
    html = client.get("/").get_data(as_text=True)
    assert "Actieve Gemeente" in html and "Wachtende Gemeente" not in html


def test_language_switch_changes_the_page_language(client: Any, tenant: Any) -> None:
    token = client.csrf_token(f"/t/{tenant.slug}/login")
    response = client.post(
        "/language", data={"locale": "nl", "next": f"/t/{tenant.slug}/login", "csrf_token": token}
    )
    assert response.headers["Location"] == f"/t/{tenant.slug}/login"
    html = client.get(f"/t/{tenant.slug}/login").get_data(as_text=True)
    assert '<html lang="nl">' in html and "Inloggen" in html
    client.post("/language", data={"locale": "en", "next": "/", "csrf_token": token})
    html = client.get(f"/t/{tenant.slug}/login").get_data(as_text=True)
    assert '<html lang="en">' in html and "Sign in" in html


def test_language_switch_never_redirects_off_site(client: Any) -> None:
    token = client.csrf_token("/")
    for target in ["//evil.example", "/\\evil.example", "https://evil.example", "/x\r\ny: z"]:
        response = client.post(
            "/language", data={"locale": "en", "next": target, "csrf_token": token}
        )
        assert response.headers["Location"] == "/", target


def test_health_and_readiness(client: Any) -> None:
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json()["checks"]["database"] == "ok"


def test_readiness_fails_when_the_database_is_unreachable(tmp_path: Any) -> None:
    from kring.app import create_app
    from kring.testing.plugin import config_for_tests

    app = create_app(
        config_for_tests(tmp_path, database_url="postgresql+psycopg://nobody@127.0.0.1:1/none")
    )
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["database"].startswith("error")
