"""A tenant's rows as a whole: the order its tables are written in, and removing all of them.

Backup, restore and the removal of a tenant work on every table at once; the scoping of
single reads and writes stays in ``kring.core.tenancy``.
"""

from __future__ import annotations

from sqlalchemy import Table, delete

from kring.core.db import Model
from kring.core.tenancy import PARTITIONED_BY, Tenant, TenantScoped, tenant_scope


def tenant_tables() -> list[Table]:
    """Every table of tenant rows (its model is ``TenantScoped``), the tables others point at
    first: the order to write a tenant in; reversed, the order to remove one."""
    scoped = {
        m.local_table
        for m in Model.registry.mappers
        if issubclass(m.class_, TenantScoped) and isinstance(m.local_table, Table)
    }
    return [table for table in Model.metadata.sorted_tables if table in scoped]


def delete_tenant(tenant: Tenant) -> None:
    """Remove ``tenant`` with every row: table by table in its own scope (children first, so no
    key is in the way), then the tenant row, which takes its global rows along. The append-only
    access log is left to the database, which removes its rows with the tenant."""
    from kring.extensions import db

    with tenant_scope(tenant):
        for table in reversed(tenant_tables()):
            if PARTITIONED_BY not in table.info:
                db.session.execute(delete(table).where(table.c.tenant_id == tenant.id))
    db.session.delete(tenant)
    db.session.flush()
