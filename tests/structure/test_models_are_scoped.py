from __future__ import annotations

from kring.core.tenancy import TenantScoped
from kring.extensions import db
from tests.structure.tables import GLOBAL_TABLES


def test_every_model_is_tenant_scoped_or_listed_as_global(app: object) -> None:
    unlisted = []
    for mapper in db.Model.registry.mappers:
        table = mapper.local_table.name
        if issubclass(mapper.class_, TenantScoped):
            assert table not in GLOBAL_TABLES, f"{table} is tenant-scoped and listed as global"
            column = mapper.local_table.c.tenant_id
            assert not column.nullable and column.foreign_keys, f"{table}.tenant_id"
        elif table not in GLOBAL_TABLES:
            unlisted.append(table)
    assert not unlisted, f"neither TenantScoped nor listed in GLOBAL_TABLES: {unlisted}"
