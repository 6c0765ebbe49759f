"""A tenant's rows as a whole: the order its tables are written in, removing all of them, and
telling the planner about many of them written at once.

Backup, restore and the removal of a tenant work on every table at once; the scoping of
single reads and writes stays in ``kring.core.tenancy``.
"""

from __future__ import annotations

from sqlalchemy import String, Table, bindparam, delete, func, select
from sqlalchemy.dialects.postgresql import ARRAY

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


def outgrew_statistics(before: int, written: int) -> bool:
    """Whether ``written`` new rows in a table that held ``before`` would make autovacuum
    analyse it (its default threshold: 50 rows plus a tenth of the table)."""
    return written > 50 + before // 10


def refresh_statistics(*models: type[Model]) -> None:
    """Give the planner the rows this transaction has written so far: ``ANALYZE`` of these
    models' tables, inside the transaction (it counts its own rows), through the owner's
    ``kring_analyze`` (only a table's owner may analyse it, and the app role owns none).

    Autovacuum does this a minute after a commit; a transaction that writes thousands of rows
    and then reads them back (a tenant file's sync) cannot wait for it: with the statistics of
    the empty tables, every read of a circle's members walked all 2,400 people of the tenant.
    The analysis holds a lock that a second analysis of the same table waits for until this
    transaction ends, so only transactions that write that much should ask. SQLite keeps no
    statistics unless asked, and plans without them."""
    from kring.extensions import db

    if db.session.connection().dialect.name != "postgresql":
        return
    names = [model.__tablename__ for model in models]
    db.session.execute(select(func.kring_analyze(bindparam("tables", names, ARRAY(String)))))
