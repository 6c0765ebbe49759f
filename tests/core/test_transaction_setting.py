"""The tenant setting row-level security reads is sent only when it says something: a
transaction that has just begun with no tenant in scope already holds what no tenant means,
also on a pooled connection whose last transaction had a tenant."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select, true
from sqlalchemy.orm import Session

from kring.core.tenancy import RLS_SETTING, RLS_SYSTEM_SETTING, system_scope, tenant_scope
from kring.extensions import db


@contextmanager
def _settings_sent(engine: Engine) -> Iterator[list[Any]]:
    """The parameters of every ``set_config`` sent while the block runs."""
    sent: list[Any] = []

    def before(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        if "set_config" in statement:
            sent.append(parameters)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", before)


def _current(session: Session) -> tuple[str | None, str | None]:
    found = session.execute(
        select(
            func.current_setting(RLS_SETTING, true()),
            func.current_setting(RLS_SYSTEM_SETTING, true()),
        )
    ).one()
    return found[0], found[1]


TENANT = 4242
"""Any tenant's number: the setting names it, no row is read."""


@pytest.mark.postgres
def test_a_new_transaction_says_its_tenant_only_when_it_has_one(database: Any) -> None:
    engine = db.engine
    with engine.connect() as connection, Session(bind=connection) as session:
        with tenant_scope(TENANT), _settings_sent(engine) as sent:
            assert _current(session)[0] == str(TENANT)
            session.commit()
        assert len(sent) == 1
        with system_scope("test: nothing to read"), _settings_sent(engine) as sent:
            assert _current(session)[1] == "on"
            session.commit()
        assert len(sent) == 1
        # The same connection, no tenant: no statement, and what the transactions before set
        # went with them.
        with _settings_sent(engine) as sent:
            tenant_id, system = _current(session)
            session.commit()
        assert sent == []
        assert not tenant_id and system != "on"


@pytest.mark.postgres
def test_a_session_joining_a_begun_transaction_always_says_its_tenant(database: Any) -> None:
    """The tests' sessions join one outer transaction with savepoints: the setting a session
    before them left in it must not leak into the next."""
    engine = db.engine
    with engine.connect() as connection, connection.begin():
        first = Session(bind=connection, join_transaction_mode="create_savepoint")
        with tenant_scope(TENANT):
            assert _current(first)[0] == str(TENANT)
            first.commit()
        first.close()
        second = Session(bind=connection, join_transaction_mode="create_savepoint")
        with _settings_sent(engine) as sent:
            assert not _current(second)[0]
        second.close()
        assert len(sent) == 1


@pytest.mark.postgres
def test_a_request_reads_its_tenant_and_tells_postgresql_in_one_statement(
    signed_in: Any, tenant: Any
) -> None:
    """The read of the tenant by its slug sets the transaction's tenant itself: no statement
    after it sends the setting on its own. (Before it, the tests' savepoint says the scope the
    test holds, which production never has. That the setting holds, every page test on
    PostgreSQL shows: row-level security would hide the rows they read.)"""
    url = f"/t/{tenant.slug}/people"
    signed_in.get(url)
    sent: list[tuple[str, Any]] = []

    def before(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        sent.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        response = signed_in.get(url)
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    assert response.status_code == 200
    reads = [i for i, (s, _) in enumerate(sent) if "FROM tenant " in s]
    assert len(reads) == 1 and "set_config" in sent[reads[0]][0]
    after = [s for s, _ in sent[reads[0] + 1 :] if s.startswith("SELECT set_config")]
    assert after == []
