from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from kring.core.tenancy import (
    CrossTenantWrite,
    Tenant,
    TenantNotSet,
    get_in_tenant,
    system_scope,
    tenant_scope,
)
from kring.extensions import db
from kring.organisations.models import MethodologyEnablement, Organisation
from kring.testing.factories import OrganisationFactory, TenantFactory


@pytest.fixture
def two_tenants(database: Any) -> tuple[Tenant, Tenant]:
    a, b = TenantFactory(slug="a"), TenantFactory(slug="b")
    with tenant_scope(a):
        OrganisationFactory(name="Zorg A")
    with tenant_scope(b):
        OrganisationFactory(name="Zorg B")
    return a, b


def _names() -> list[str]:
    return list(db.session.execute(select(Organisation.name).order_by(Organisation.name)).scalars())


def test_select_sees_only_the_tenant_in_scope(two_tenants: tuple[Tenant, Tenant]) -> None:
    a, b = two_tenants
    with tenant_scope(a):
        assert _names() == ["Zorg A"]
    with tenant_scope(b):
        assert [o.name for o in db.session.execute(select(Organisation)).scalars()] == ["Zorg B"]


def test_query_fails_closed_when_no_tenant_is_set(two_tenants: tuple[Tenant, Tenant]) -> None:
    with pytest.raises(TenantNotSet):
        _names()


def test_system_scope_sees_every_tenant_when_asked_with_a_reason(two_tenants: Any) -> None:
    with system_scope("test: count organisations across tenants"):
        assert _names() == ["Zorg A", "Zorg B"]
    with pytest.raises(ValueError), system_scope("  "):
        pass


def test_another_tenants_id_is_not_found(two_tenants: tuple[Tenant, Tenant]) -> None:
    a, b = two_tenants
    with tenant_scope(b):
        b_org_id = db.session.execute(select(Organisation.id)).scalar_one()
    with tenant_scope(a):
        assert get_in_tenant(Organisation, b_org_id) is None
    with tenant_scope(b):
        assert get_in_tenant(Organisation, b_org_id) is not None


def test_joins_to_tenant_tables_are_scoped_too(two_tenants: tuple[Tenant, Tenant]) -> None:
    a, _ = two_tenants
    with tenant_scope(a):
        rows = db.session.execute(
            select(Tenant.slug, Organisation.name).join(
                Organisation, Organisation.tenant_id == Tenant.id
            )
        ).all()
    assert rows == [("a", "Zorg A")]


def test_bulk_update_and_delete_touch_only_the_tenant_in_scope(
    two_tenants: tuple[Tenant, Tenant],
) -> None:
    a, b = two_tenants
    with tenant_scope(a):
        db.session.execute(update(Organisation).values(name="Hernoemd"))
        db.session.execute(delete(Organisation).where(Organisation.name == "Zorg B"))
    with tenant_scope(b):
        assert _names() == ["Zorg B"]
    with tenant_scope(a):
        assert _names() == ["Hernoemd"]


def test_insert_is_stamped_with_the_tenant_in_scope(database: Any) -> None:
    tenant = TenantFactory()
    with tenant_scope(tenant):
        organisation = Organisation(name="Welzijn")
        db.session.add(organisation)
        db.session.flush()
    assert organisation.tenant_id == tenant.id


def test_insert_without_tenant_is_refused(database: Any) -> None:
    db.session.add(Organisation(name="Zwerfrecord"))
    with pytest.raises(TenantNotSet):
        db.session.flush()
    db.session.rollback()


def test_writing_another_tenants_row_is_refused(two_tenants: tuple[Tenant, Tenant]) -> None:
    a, b = two_tenants
    with tenant_scope(a):
        db.session.add(Organisation(name="Indringer", tenant_id=b.id))
        with pytest.raises(CrossTenantWrite):
            db.session.flush()
        db.session.rollback()


def test_a_key_naming_another_tenants_row_is_refused_by_the_database(
    two_tenants: tuple[Tenant, Tenant],
) -> None:
    """The ORM stamps the new row with the tenant in scope but never looks at the ids it holds;
    the composite key (tenant_id, organisation_id) finds no such organisation in tenant a."""
    a, b = two_tenants
    with tenant_scope(b):
        b_org_id = db.session.execute(select(Organisation.id)).scalar_one()
    with tenant_scope(a):
        db.session.add(MethodologyEnablement(organisation_id=b_org_id, methodology_key="proef"))
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()
