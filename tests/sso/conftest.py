"""A tenant whose staff sign in with the real OpenID provider the tests start on loopback."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from kring.core.tenancy import Tenant, tenant_scope
from kring.extensions import db
from kring.sso import service
from kring.sso.models import ExternalIdentity


def connect(app: Any, tenant: Tenant, provider: Any, *, trusts_mfa: bool = True) -> None:
    """Register a client for ``tenant`` at ``provider`` and set it as the tenant's provider."""
    client_id, secret = f"kring-{tenant.slug}", f"geheim-{tenant.slug}"
    provider.register(client_id, secret)
    with tenant_scope(tenant):
        service.configure(
            service.ProviderSettings(
                issuer=provider.issuer,
                client_id=client_id,
                client_secret=secret,
                label="Inloggen met Gemeente-account",
                trusts_mfa=trusts_mfa,
                is_enabled=True,
            ),
            None,
        )
        db.session.commit()


def link(user: Any, provider: Any, subject: str = "medewerker-1") -> None:
    db.session.add(ExternalIdentity(issuer=provider.issuer, subject=subject, user_id=user.id))
    db.session.commit()


def to_provider_and_back(client: Any, start: Any) -> str:
    """Follow ``start`` (Kring's redirect to the provider) the way a browser would, and return
    the callback path (with its query) the provider sends the browser back to."""
    assert start.status_code == 302, start.get_data(as_text=True)
    back = requests.get(start.headers["Location"], allow_redirects=False, timeout=10)
    assert back.status_code == 302, back.text
    callback = urlsplit(back.headers["Location"])
    return f"{callback.path}?{callback.query}"


def sign_in_with_provider(client: Any, tenant: Tenant) -> Any:
    """Start at the tenant's door, go to the provider and come back: Kring's answer."""
    start = client.get(f"/t/{tenant.slug}/login/provider")
    return client.get(to_provider_and_back(client, start))


@pytest.fixture
def coach(tenant: Tenant, make_user: Any) -> Any:
    from kring.core.accounts import Role

    return make_user(tenant, Role.coach, email="coach@zorg.example.org", name="Cas Coach")
