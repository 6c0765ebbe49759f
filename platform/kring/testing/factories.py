"""factory_boy factories; tenant-owned ones take the tenant in scope (``tenant_scope``)."""

from __future__ import annotations

import functools

import factory
from factory.alchemy import SQLAlchemyModelFactory

from kring.core.accounts import Role, RoleGrant, User
from kring.core.tenancy import Tenant, TenantKind, TenantStatus
from kring.extensions import db
from kring.organisations.models import Organisation, OrganisationKind

DEFAULT_PASSWORD = "correct horse battery"


class _Base(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731 - resolved per test
        sqlalchemy_session_persistence = "flush"


class TenantFactory(_Base):
    class Meta:
        model = Tenant

    slug = factory.Sequence(lambda n: f"tenant-{n}")
    name = factory.Sequence(lambda n: f"Gemeente Voorbeeld {n}")
    kind = TenantKind.municipality
    locale = "nl"
    status = TenantStatus.active


@functools.cache
def _default_hash() -> str:
    """Hashing is slow on purpose; the test users share one hash of the default password."""
    user = User()
    user.set_password(DEFAULT_PASSWORD)
    assert user.password_hash is not None
    return user.password_hash


class UserFactory(_Base):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Sequence(lambda n: f"Persoon {n}")
    password_hash = factory.LazyFunction(lambda: _default_hash())


class OrganisationFactory(_Base):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Zorgorganisatie {n}")
    kind = OrganisationKind.care


class RoleGrantFactory(_Base):
    class Meta:
        model = RoleGrant

    user = factory.SubFactory(UserFactory)
    user_id = factory.SelfAttribute("user.id")
    role = Role.project_leader
