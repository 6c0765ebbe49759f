"""When and how a request's access log is written: once, in one statement, whatever the view
did with its own transaction on the way (committed early, rolled back, failed or refused), and
without committing half of a view's work along with it."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask, abort
from sqlalchemy import event, select

from kring.access import log
from kring.access.models import AccessLogEntry, Outcome
from kring.access.policy import viewer
from kring.core.tenancy import Tenant, get_in_tenant
from kring.extensions import db
from kring.people.models import Person
from tests.conftest import World

_ids = itertools.count()


def _rows(request_id: str) -> list[tuple[int, Outcome]]:
    found = select(AccessLogEntry.subject_id, AccessLogEntry.outcome).where(
        AccessLogEntry.request_id == request_id
    )
    return sorted((subject, outcome) for subject, outcome in db.session.execute(found).all())


def _name(person: Person) -> str:
    db.session.expire_all()
    found = get_in_tenant(Person, person.id)
    assert found is not None
    return found.name


@contextmanager
def _log_inserts(app: Flask) -> Iterator[list[str]]:
    """The statements that write the access log while the block runs."""
    seen: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO ACCESS_LOG"):
            seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)


@pytest.fixture
def serve(
    app: Flask, client: Any, tenant: Tenant, world: World, monkeypatch: pytest.MonkeyPatch
) -> Callable[[Callable[[], Any]], tuple[int, str]]:
    """Serve ``view`` at a person's page, signed in as the coach, with every other hook of a
    real request around it; unexpected errors answer 500 as in production."""
    world.login(client, tenant, "coach")
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)

    def run(view: Callable[[], Any]) -> tuple[int, str]:
        monkeypatch.setitem(app.view_functions, "people.show", lambda **_ids: view())
        request_id = f"writes-{next(_ids):06d}"
        path = f"/t/{tenant.slug}/people/{world.people['other'].id}"
        response = client.get(path, headers={"X-Request-ID": request_id})
        return response.status_code, request_id

    return run


def test_a_page_writes_all_its_rows_in_one_statement(app: Flask, serve: Any, world: World) -> None:
    first, second = world.people["other"].id, world.people["participant"].id
    signal = world.signals["a"].id

    def view() -> str:
        log.shown(viewer(), [first, second, first])
        log.shown(viewer(), [signal], log.SIGNAL)
        log.refused(viewer(), [second])
        return "ok"

    with _log_inserts(app) as inserts:
        status, request_id = serve(view)
    assert status == 200 and len(inserts) == 1
    assert _rows(request_id) == sorted(
        [
            (first, Outcome.allowed),
            (second, Outcome.allowed),
            (signal, Outcome.allowed),
            (second, Outcome.refused),
        ]
    )


def test_rows_before_a_view_commits_are_kept_with_what_it_committed(
    serve: Any, world: World
) -> None:
    person, later = world.people["other"], world.people["participant"]

    def view() -> str:
        log.shown(viewer(), [person.id])
        get_in_tenant(Person, person.id).name = "Olga Opnieuw"  # type: ignore[union-attr]
        db.session.commit()
        log.shown(viewer(), [later.id])
        return "ok"

    status, request_id = serve(view)
    assert status == 200
    assert _rows(request_id) == sorted([(person.id, Outcome.allowed), (later.id, Outcome.allowed)])
    assert _name(person) == "Olga Opnieuw"


def test_rows_survive_a_view_that_rolls_back_and_its_change_does_not(
    serve: Any, world: World
) -> None:
    person = world.people["other"]

    def view() -> str:
        log.shown(viewer(), [person.id])
        get_in_tenant(Person, person.id).name = "Niet Bewaard"  # type: ignore[union-attr]
        db.session.flush()
        db.session.rollback()
        return "ok"

    status, request_id = serve(view)
    assert status == 200 and _rows(request_id) == [(person.id, Outcome.allowed)]
    assert _name(person) == "Olga Anders"


def test_a_view_that_fails_still_logs_what_it_read_and_commits_none_of_its_work(
    serve: Any, world: World
) -> None:
    person = world.people["other"]

    def view() -> str:
        get_in_tenant(Person, person.id).name = "Half Geschreven"  # type: ignore[union-attr]
        db.session.flush()
        log.shown(viewer(), [person.id])
        raise RuntimeError("the view broke after reading")

    status, request_id = serve(view)
    assert status == 500 and _rows(request_id) == [(person.id, Outcome.allowed)]
    assert _name(person) == "Olga Anders"


def test_a_refusal_is_logged_once_and_commits_none_of_the_views_work(
    serve: Any, world: World
) -> None:
    person = world.people["b"]

    def view() -> str:
        get_in_tenant(Person, world.people["other"].id).name = "Half"  # type: ignore[union-attr]
        db.session.flush()
        log.refused(viewer(), [person.id])
        abort(404)

    status, request_id = serve(view)
    assert status == 404 and _rows(request_id) == [(person.id, Outcome.refused)]
    assert _name(world.people["other"]) == "Olga Anders"


def test_a_successful_view_that_leaves_its_change_uncommitted_has_it_committed_with_the_log(
    serve: Any, world: World
) -> None:
    person = world.people["other"]

    def view() -> str:
        get_in_tenant(Person, person.id).name = "Met Het Log"  # type: ignore[union-attr]
        log.shown(viewer(), [person.id])
        return "ok"

    status, request_id = serve(view)
    assert status == 200 and _rows(request_id) == [(person.id, Outcome.allowed)]
    assert _name(person) == "Met Het Log"


def test_outside_a_request_the_rows_join_the_callers_transaction_in_one_statement(
    tenant: Tenant, world: World, app: Flask
) -> None:
    from kring.core.access import Viewer
    from kring.core.tenancy import tenant_scope

    who = Viewer(world.users["coach"].id, frozenset({"coach"}), frozenset(), None, None)
    people = [world.people["other"].id, world.people["participant"].id]
    with tenant_scope(tenant), _log_inserts(app) as inserts:
        log.shown(who, [*people, *people])
        found = db.session.execute(
            select(AccessLogEntry.subject_id).where(AccessLogEntry.action == "command")
        ).scalars()
        assert sorted(found) == sorted(people)
    assert len(inserts) == 1


def test_every_column_is_written_as_given(tenant: Tenant, world: World, app: Flask) -> None:
    """The one statement carries each value unchanged (on PostgreSQL as a JSON document):
    the moment to the microsecond in UTC, an acting-for, an export's file and count."""
    from kring.core.access import Viewer, act_for, stop_acting
    from kring.core.tenancy import tenant_scope

    who = Viewer(
        world.users["coach"].id, frozenset({"coach", "volunteer"}), frozenset(), None, None
    )
    before = datetime.now(UTC)
    with tenant_scope(tenant):
        token = act_for(world.people["participant"].id)
        try:
            log.exported(who, "audit-report.pdf", 7, record_count=12)
        finally:
            stop_acting(token)
        row = db.session.execute(
            select(AccessLogEntry).where(AccessLogEntry.export == "audit-report.pdf")
        ).scalar_one()
        assert before <= row.at <= datetime.now(UTC) and row.at.tzinfo is not None
        assert (row.user_id, row.roles, row.on_behalf_of_id) == (
            world.users["coach"].id,
            "coach,volunteer",
            world.people["participant"].id,
        )
        assert (row.subject_type, row.subject_id, row.record_count) == (log.EXPORT, 7, 12)
        assert (row.action, row.outcome, row.request_id, row.client) == (
            "command",
            Outcome.allowed,
            None,
            None,
        )
