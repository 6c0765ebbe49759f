"""The messages pages find their rows on partial indexes, whatever the size of the outbox: the
unread count and the inbox on ``ix_outbox_message_inbox``, the admin's failures on
``ix_outbox_message_failed``.

PostgreSQL chooses a plan from its statistics, so the test gives it a real outbox to judge: a
committed tenant with thousands of sent e-mails, analysed, where the tenant's whole index would
read them all and the partial indexes hold nearly nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Select, create_engine, text
from sqlalchemy.dialects import postgresql

from kring.core.tenancy import tenant_scope
from kring.extensions import db
from kring.notify import failures, inbox
from kring.notify.models import OutboxMessage
from kring.testing.crash import committed_tenant, due_now, email_row, insert_rows

pytestmark = pytest.mark.postgres

SENT_ROWS = 5000


@pytest.fixture(scope="module")
def crowded(app: Flask, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, int]]:
    """An application and a committed tenant whose outbox holds ``SENT_ROWS`` sent e-mails,
    with fresh statistics (``ANALYZE`` needs the table's owner)."""
    from kring.app import create_app
    from kring.testing.plugin import config_for_tests

    application = create_app(config_for_tests(tmp_path_factory.mktemp("indexes")))
    with committed_tenant(application, "indexes") as tenant_id:
        sent = due_now() - timedelta(days=1)
        insert_rows(
            application,
            tenant_id,
            (email_row(n, sent, tenant_id, sent_at=sent) for n in range(SENT_ROWS)),
        )
        owner = create_engine(os.environ["KRING_TEST_MIGRATION_DATABASE_URL"])
        with owner.begin() as connection:
            connection.execute(text("ANALYZE outbox_message"))
        owner.dispose()
        yield application, tenant_id
    with application.app_context():
        db.engine.dispose()  # no pooled connection is left for the garbage collector to find


def _plan(query: Select[Any], tenant_id: int) -> str:
    # the tenancy listener adds this criterion when the ORM runs the query
    scoped = query.where(OutboxMessage.tenant_id == tenant_id)
    sql = scoped.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True})
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
    crowded: tuple[Flask, int], query: Any, index: str
) -> None:
    application, tenant_id = crowded
    with application.app_context(), tenant_scope(tenant_id):
        plan = _plan(query(), tenant_id)
        db.session.rollback()
    assert index in plan, plan
