"""A circle whose members help each other: Ann (a participant who logs in), Bob (who logs in
as a volunteer), Cas (a participant without a login); Dirk lives elsewhere, in no circle."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from kring.circles import membership
from kring.core.accounts import Role
from kring.core.db import today
from kring.core.tenancy import Tenant
from kring.people import service as people
from kring.testing.builders import start_circle
from kring.testing.factories import DEFAULT_PASSWORD


@dataclass
class Ring:
    circle: Any
    ann: Any
    bob: Any
    cas: Any
    dirk: Any
    users: dict[str, Any]

    def login(self, client: Any, tenant: Tenant, who: str) -> Any:
        response = client.login(tenant, self.users[who].email, DEFAULT_PASSWORD)
        assert response.status_code == 302
        return client


@pytest.fixture
def ring(tenant: Tenant, hooks: Any, make_user: Any) -> Ring:
    circle = start_circle(hooks, "Kring Oost", "Oost", ["1111"], today=today())
    users = {
        "ann": make_user(tenant, Role.participant, email="ann@example.org"),
        "bob": make_user(tenant, Role.volunteer, email="bob@example.org"),
        "leader": make_user(tenant, Role.project_leader, email="pl@example.org"),
        "admin": make_user(tenant, Role.tenant_admin, email="admin@example.org"),
    }
    ann = people.create_person(None, name="Ann Aalders", postcode="1111AA")
    bob = people.create_person(None, name="Bob Bakker", postcode="1111AB")
    cas = people.create_person(None, name="Cas Cornelis", postcode="1111AC")
    dirk = people.create_person(None, name="Dirk Dekker", postcode="1111AD")
    ann.user_id = users["ann"].id
    bob.user_id = users["bob"].id
    membership.add_member(circle, ann, "deelnemer", hooks, None, today())
    membership.add_member(circle, bob, "regisseur", hooks, None, today())
    membership.add_member(circle, cas, "deelnemer", hooks, None, today())
    return Ring(circle, ann, bob, cas, dirk, users)
