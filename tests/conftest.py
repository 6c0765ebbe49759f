"""Fixtures for Kring's own suite; the shared ones come from the ``kring.testing`` pytest plugin."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from kring.core.accounts import Role, RoleGrant
from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.testing.factories import DEFAULT_PASSWORD, RoleGrantFactory, UserFactory


@pytest.fixture
def embedded(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests see the settings of ``make run``: no database URL, so the embedded mode (the
    development mail log exists only there)."""
    from dataclasses import replace

    config = app.extensions["kring.config"]
    monkeypatch.setitem(
        app.extensions, "kring.config", replace(config, database_url="", env="development")
    )


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


@dataclass
class World:
    """One tenant as need-to-know sees it (invented people): organisation A runs circle
    ``a`` with a coach, a volunteer and a participant who log in; organisation B runs circle
    ``b``; Uma is in no circle yet; one signal goes to each organisation."""

    a: Any
    b: Any
    users: dict[str, Any]
    people: dict[str, Any]
    members: dict[str, Any]
    signals: dict[str, Any]

    def login(self, client: Any, tenant: Tenant, who: str) -> Any:
        response = client.login(tenant, self.users[who].email, DEFAULT_PASSWORD)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client


@pytest.fixture
def world(tenant: Tenant, make_user: Any, app: Any) -> World:
    from kring.circles import membership
    from kring.core.db import today
    from kring.people import service as people
    from kring.signals.models import Signal
    from kring.testing.builders import hooks_for, organisation_with, start_circle
    from kring.trainings import service as trainings

    hooks = hooks_for(app, "proefkring")
    org_a = organisation_with("proefkring", "Zorg A")
    org_b = organisation_with("proefkring", "Zorg B")
    a = start_circle(hooks, "Kring A", "Wijk A", ["1111"], org_a, today())
    b = start_circle(hooks, "Kring B", "Wijk B", ["2222"], org_b, today())
    users = {
        "leader": make_user(tenant, Role.project_leader, email="leider-a@example.org"),
        "coach": make_user(tenant, Role.coach, email="coach-a@example.org"),
        "volunteer": make_user(tenant, Role.volunteer, email="vrijwilliger-a@example.org"),
        "participant": make_user(tenant, Role.participant, email="deelnemer-a@example.org"),
        "admin": make_user(tenant, Role.tenant_admin, email="beheer-a@example.org"),
        "signaler": make_user(tenant, Role.signaler, email="melder@example.org"),
        "outsider": make_user(tenant, email="buiten@example.org", is_platform_admin=True),
    }
    for grant in db.session.execute(select(RoleGrant)).scalars():
        if grant.user_id in (users["leader"].id, users["coach"].id):
            grant.organisation_id = org_a.id
    found = {
        "coach": people.create_person(None, name="Cora Coach", postcode="1111AA"),
        "volunteer": people.create_person(
            None, name="Vera Vrijwilliger", postcode="1111AB", phone="0612345678"
        ),
        "participant": people.create_person(
            None, name="Piet Deelnemer", postcode="1111AC", phone="0687654321"
        ),
        "other": people.create_person(
            None,
            name="Olga Anders",
            postcode="1111AD",
            phone="0611112222",
            birth_date=date(1950, 5, 5),
        ),
        "b": people.create_person(None, name="Bob Buiten", postcode="2222AA", phone="0633334444"),
        "uma": people.create_person(None, name="Uma Ongebonden", postcode="1111AE"),
    }
    for role in ("coach", "volunteer", "participant"):
        found[role].user_id = users[role].id
    basis = hooks.methodology.training("basis")
    assert basis is not None  # a begeleider needs it before taking the role
    trainings.record_training(found["coach"], basis, date(2025, 11, 1), None, today())
    members = {
        "coach": membership.add_member(a, found["coach"], "begeleider", hooks, None, today()),
        "volunteer": membership.add_member(
            a, found["volunteer"], "regisseur", hooks, None, today()
        ),
        "participant": membership.add_member(
            a, found["participant"], "deelnemer", hooks, None, today()
        ),
        "other": membership.add_member(a, found["other"], "deelnemer", hooks, None, today()),
        "b": membership.add_member(b, found["b"], "deelnemer", hooks, None, today()),
    }
    membership.complete_intake(
        members["participant"], members["coach"], True, "Past goed", hooks, None, today()
    )
    to_a = Signal(
        organisation_id=org_a.id,
        methodology_key="proefkring",
        resident_name="Sien Signaal",
        reason="Alleen",
        note="Geheime notitie",
        signaled_by_id=users["signaler"].id,
    )
    to_b = Signal(
        organisation_id=org_b.id,
        methodology_key="proefkring",
        resident_name="Sam B",
        reason="Alleen",
    )
    db.session.add_all([to_a, to_b])
    db.session.flush()
    return World(a, b, users, found, members, {"a": to_a, "b": to_b})
