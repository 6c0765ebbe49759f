"""Fixtures for Kring's own suite; the shared ones come from the ``kring.testing`` pytest plugin."""

from __future__ import annotations

from typing import Any

import pytest

from kring.core.accounts import Role
from kring.core.tenancy import Tenant
from kring.testing.factories import DEFAULT_PASSWORD, RoleGrantFactory, UserFactory


@pytest.fixture
def make_user(database: Any) -> Any:
    """``make_user(tenant, Role.project_leader)``: a user holding that role in the tenant."""
    from kring.core.tenancy import tenant_scope

    def make(tenant: Tenant, *roles: Role, **fields: Any) -> Any:
        user = UserFactory(**fields)
        with tenant_scope(tenant):
            for role in roles:
                RoleGrantFactory(user=user, role=role)
        return user

    return make


@pytest.fixture
def admin(tenant: Tenant, make_user: Any) -> Any:
    return make_user(tenant, Role.tenant_admin, email="beheer@example.org", name="Beheerder Een")


@pytest.fixture
def leader(tenant: Tenant, make_user: Any) -> Any:
    """A project leader for the whole tenant: reaches every circle and its members."""
    return make_user(
        tenant, Role.project_leader, email="leider@example.org", name="Pia Projectleider"
    )


@pytest.fixture
def signed_in(client: Any, tenant: Tenant, leader: Any) -> Any:
    """A client signed in as a tenant-wide project leader, who does the circles' work."""
    response = client.login(tenant, leader.email, DEFAULT_PASSWORD)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


@pytest.fixture
def signed_in_admin(client: Any, tenant: Tenant, admin: Any) -> Any:
    """A client signed in as the tenant admin: organisations and settings, no residents."""
    response = client.login(tenant, admin.email, DEFAULT_PASSWORD)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def pytest_configure(config: pytest.Config) -> None:
    """Install the test-only fifth methodology as a real entry point before the app loads."""
    import importlib
    import sys
    import tempfile
    from pathlib import Path

    site = Path(tempfile.mkdtemp(prefix="kring-test-site-"))
    dist_info = site / "kring_test_proefkring-0.0.1.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: kring-test-proefkring\nVersion: 0.0.1\n"
    )
    (dist_info / "entry_points.txt").write_text(
        "[kring.plugins]\nproefkring = tests.plugins_for_tests.proefkring\n"
    )
    sys.path.insert(0, str(site))
    importlib.invalidate_caches()


@pytest.fixture
def methodology_key() -> str:
    """Kring's own tests run the core's rules on the test-only fifth methodology."""
    return "proefkring"


@pytest.fixture
def api(tenant: Tenant) -> str:
    """The tenant's API root."""
    return f"/t/{tenant.slug}/api/v1"
