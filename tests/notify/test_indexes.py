"""The messages pages find their rows on partial indexes, whatever the size of the outbox: the
unread count on ``ix_outbox_message_inbox``, the admin's failures on ``ix_outbox_message_failed``
(PostgreSQL's plan, with sequential scans priced out so only a usable index can win)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Select, text
from sqlalchemy.dialects import postgresql

from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.notify import failures, inbox
from kring.notify.models import OutboxMessage

pytestmark = pytest.mark.postgres


def _plan(query: Select[Any], tenant: Tenant) -> str:
    # the tenancy listener adds this criterion when the ORM runs the query
    scoped = query.where(OutboxMessage.tenant_id == tenant.id)
    sql = scoped.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True})
    db.session.execute(text("SET LOCAL enable_seqscan = off"))
    return "\n".join(db.session.execute(text(f"EXPLAIN {sql}")).scalars())


@pytest.mark.parametrize(
    ("query", "index"),
    [
        (lambda: inbox.unread_query(1), "ix_outbox_message_inbox"),
        (lambda: inbox.listing_query(1), "ix_outbox_message_inbox"),
        (failures.failed_query, "ix_outbox_message_failed"),
    ],
)
def test_the_messages_queries_run_on_their_partial_index(
    tenant: Tenant, query: Any, index: str
) -> None:
    assert index in _plan(query(), tenant)
