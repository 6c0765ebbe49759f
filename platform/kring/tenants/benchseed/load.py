"""``seed`` and ``seed_outbox``: the tables written in order, in one transaction as the schema
owner, and the outbox through ``outbox_insert``, the outbox benchmark's own statement."""

from __future__ import annotations

import typing
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, String, Table, case, cast, func, literal, null, select
from sqlalchemy.sql import Insert

from kring.core.tenancy import Tenant
from kring.tenants.benchseed.activity import write_access_log, write_life, write_meetings
from kring.tenants.benchseed.bulk import (
    Progress,
    SeedError,
    no_progress,
    prepare,
    reforce,
    restore,
    set_aside,
    unforce,
)
from kring.tenants.benchseed.plan import (
    BIG_TABLES,
    PASSWORD,
    SLUG_PREFIX,
    Ids,
    Scale,
    Seed,
    methodology_plans,
    table_counts,
)
from kring.tenants.benchseed.structure import (
    write_accounts,
    write_circles,
    write_people,
    write_tenants,
)


def outbox_insert(
    tenant_id: int,
    rows: int,
    now: Any = None,
    key_prefix: str = "big",
    failed_every: int = 0,
) -> Insert:
    """``INSERT ... SELECT generate_series`` of ``rows`` e-mails in one tenant: 99% sent over
    the past year, 1% pending, of which half fell due in the past day and half falls due in the
    next; with ``failed_every``, every so many rows failed instead of sent. ``now`` (the
    database's clock when None) makes it repeatable. The outbox benchmark and the seed share it,
    so the 10,000,000 rows both measure are the same kind of rows."""
    from kring.notify.models import OutboxMessage

    series = func.generate_series(1, rows).table_valued("value").render_derived(name="g")
    n = series.c.value
    now = func.now() if now is None else literal(now)
    is_pending = n % 100 == 0
    is_failed = (n % failed_every == failed_every // 2 + 1) if failed_every else literal(False)
    days_ago = now - (n % 365) * literal(timedelta(days=1))
    soon = now + (n.op("/")(100) % 200 - 100) * literal(timedelta(seconds=864))
    due = case((is_pending, soon), else_=days_ago)
    values = {
        "tenant_id": literal(tenant_id),
        "idempotency_key": literal(f"{key_prefix}:") + cast(n, String),
        "kind": literal("meeting_reminder"),
        "channel": literal("email"),
        "recipient": literal("p") + cast(n, String) + literal("@example.org"),
        "locale": literal("nl"),
        "subject": literal("Herinnering"),
        "body": literal("Morgen om 10:00 komt de kring bij elkaar."),
        "is_digest": literal(False),
        "is_copy": literal(False),
        "due_at": due,
        "sent_at": case((is_pending | is_failed, null()), else_=days_ago),
        "failed_at": case((is_failed & ~is_pending, days_ago), else_=null()),
        "attempts": case((is_failed & ~is_pending, literal(5)), else_=literal(0)),
        "created_at": days_ago,
    }
    table = typing.cast(Table, OutboxMessage.__table__)
    return table.insert().from_select(list(values), select(*values.values()).select_from(series))


def seed_outbox(
    connection: Connection, scale: Scale, today: date, progress: Progress = no_progress
) -> int:
    """The outbox of the seeded tenants through ``outbox_insert``, a tenant at a time, one row
    in a thousand failed: in a transaction of its own (the caller commits), so that it can run
    beside the trainer's refresh, which reads the other tables. Returns the rows written."""
    prepare(connection)
    tenants = list(
        connection.execute(
            select(Tenant.id).where(Tenant.slug.like(f"{SLUG_PREFIX}%")).order_by(Tenant.slug)
        ).scalars()
    )
    if len(tenants) != scale.tenants:
        raise SeedError(f"expected {scale.tenants} seeded tenants, found {len(tenants)}")
    now = datetime.combine(today, time(6, 0), UTC)
    saved = set_aside(connection, ("outbox_message",))
    per_tenant = scale.outbox_rows // scale.tenants
    with progress("outbox_message", scale.outbox_rows) as advance:
        for t, tenant_id in enumerate(tenants):
            rows = per_tenant + (scale.outbox_rows % scale.tenants if t == scale.tenants - 1 else 0)
            connection.execute(
                outbox_insert(tenant_id, rows, now=now, key_prefix="seed", failed_every=1000)
            )
            advance(rows)
    restore(connection, saved, progress, "outbox keys")
    return scale.outbox_rows


def seed(
    connection: Connection,
    host: Any,
    scale: Scale,
    today: date,
    progress: Progress = no_progress,
    app_role: str | None = None,
) -> dict[str, int]:
    """Write ``scale`` but its outbox (``seed_outbox``) into the database of ``connection``
    (the schema owner, in a transaction the caller commits). ``app_role`` is granted a new
    access-log partition, should one be missing. Returns the rows written per table."""
    from kring.core.accounts import User
    from kring.migrations import partitions

    prepare(connection)
    taken = connection.execute(
        select(func.count()).select_from(Tenant).where(Tenant.slug.like(f"{SLUG_PREFIX}%"))
    ).scalar_one()
    if taken:
        raise SeedError("this database already holds seeded tenants (bench-...): seed a fresh one")
    partitions.ensure(connection, today, app_role)
    plans = methodology_plans(host)
    counts = table_counts(scale, plans)
    ids = Ids.allocate(connection, counts)
    account = User(email="", name="")
    account.set_password(PASSWORD)  # hashed once: every seeded account shares the password
    state = Seed(connection, scale, today, plans, ids, progress, account.password_hash or "")
    saved = set_aside(connection, BIG_TABLES)
    forced = unforce(connection)
    write_tenants(state)
    write_accounts(state)
    write_circles(state)
    write_people(state)
    write_meetings(state)
    write_life(state)
    write_access_log(state)
    reforce(connection, forced)
    restore(connection, saved, progress, "indexes and keys")
    return counts
