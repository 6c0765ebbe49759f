"""Writing the access log: every resident's record a request, job or command hands out.

A request collects its rows and writes them in one statement when its answer is ready (also
when the answer is a refusal), so a page's query count does not grow with the number of
residents it shows. Outside a request the rows join the caller's transaction.

On PostgreSQL that statement is ``INSERT ... SELECT FROM json_to_recordset(:rows)``: the
rows travel as one JSON document, which the server plans and inserts as one statement. The
driver's ``executemany`` ran one insert a resident, and one array a column (``unnest``) spent
more time turning 13 x 50 values into array literals in Python than the server spent on the
insert: both made writing the log of a list of 50 people the largest part of what the
safeguards cost (``bench/safeguards.py``). A multi-row ``VALUES`` would be one statement too,
but SQLAlchemy compiles it anew for every number of rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from flask import Flask, Response, g, has_request_context, request, session
from sqlalchemy import bindparam, column, func, insert, select
from sqlalchemy.dialects.postgresql import JSON
from sqlalchemy.sql import Executable

from kring.access.models import AccessLogEntry, Outcome
from kring.core.access import Viewer, act_for, acting_for, stop_acting
from kring.core.db import utcnow
from kring.core.tenancy import current_tenant_id
from kring.extensions import db
from kring.people.models import Person

ACTING_FOR = "acting_for"
"""The session key naming the participant its user acts on behalf of."""

PERSON = "person"
SIGNAL = "signal"
EXPORT = "export"


def shown(who: Viewer, ids: Iterable[int], subject: str = PERSON) -> None:
    """``who`` was shown these residents' records (people by default, or signals)."""
    _write(who, ids, subject, Outcome.allowed)


def refused(who: Viewer, ids: Iterable[int], subject: str = PERSON) -> None:
    """``who`` asked for these records and was refused: attempts are logged too."""
    _write(who, ids, subject, Outcome.refused)


def exported(who: Viewer, export: str, subject_id: int, record_count: int) -> None:
    """``who`` took a file out of Kring: ``export`` names it (``audit-report.pdf``),
    ``subject_id`` what it was of (an audit's number, a year), ``record_count`` how many
    residents' records it was built from. One row, however many residents it touched."""
    _write(who, [subject_id], EXPORT, Outcome.allowed, export=export, record_count=record_count)


def _write(who: Viewer, ids: Iterable[int], subject: str, outcome: Outcome, **export: Any) -> None:
    tenant_id = current_tenant_id()
    if tenant_id is None:
        return
    in_request = has_request_context()
    base: dict[str, Any] = {
        "tenant_id": tenant_id,
        "at": utcnow(),
        "user_id": who.user_id,
        "roles": ",".join(sorted(who.roles)),
        "on_behalf_of_id": acting_for(),
        "action": (request.endpoint or request.path)[:80] if in_request else "command",
        "outcome": outcome,
        "request_id": g.get("request_id") if in_request else None,
        "client": _client() if in_request else None,
        "export": None,
        "record_count": None,
        **export,
    }
    rows = [{**base, "subject_type": subject, "subject_id": i} for i in dict.fromkeys(ids)]
    if not rows:
        return
    if in_request:
        g.setdefault("access_log", []).extend(rows)
    else:
        _insert(rows)


def _insert(rows: list[dict[str, Any]]) -> None:
    """Write ``rows`` (each with every column but ``id``) in one statement."""
    if db.session.connection().dialect.name != "postgresql":
        db.session.execute(insert(AccessLogEntry), rows)
        return
    document = [{**row, "at": row["at"].isoformat()} for row in rows]
    db.session.execute(_json_insert(), {"rows": document})


@cache
def _json_insert() -> Executable:
    """``INSERT INTO access_log (...) SELECT * FROM json_to_recordset(:rows) AS row(at
    TIMESTAMP WITH TIME ZONE, ...)``, built once: SQLAlchemy's cache key of a statement built
    anew for every request costs about as much as the insert."""
    table = AccessLogEntry.metadata.tables[AccessLogEntry.__tablename__]
    columns = [c for c in table.columns if c.name != "id"]
    each = (
        func.json_to_recordset(bindparam("rows", type_=JSON))
        .table_valued(*(column(c.name, c.type) for c in columns))
        .render_derived("row", with_types=True)
    )
    return insert(table).from_select(columns, select(*each.c))


def _client() -> str:
    """Where the request came from; through the API with a token, which token (by number)."""
    agent = request.headers.get("User-Agent", "")
    token = g.get("api_token")
    through = f"api-token:{token.id} " if token is not None else ""
    return f"{through}{request.remote_addr or ''} {agent}"[:300]


def init_log(app: Flask) -> None:
    """Act on behalf of the participant the session names, for the whole request; and write
    each request's rows when its answer is ready, refusals and failures included.

    The rows live in ``g`` until then, so a view that commits or rolls back on the way loses
    none of them. On a success they are written in the transaction the view's reads began (a
    page that only reads pays one insert and the commit that ends it, instead of the rollback
    that would) and the commit also holds what the view wrote and left for it. An error answer
    (a refusal, a 500) first rolls back what the view left uncommitted, so half of its work is
    never committed along with the log. If the log cannot be written the answer is a 500, not
    the records it would have shown."""

    @app.before_request
    def _act_for_the_participant() -> None:
        g.acting_token = act_for(session.get(ACTING_FOR))

    @app.context_processor
    def _acting() -> dict[str, Any]:
        return {"acting_for_person": _acting_for_name}

    @app.teardown_request
    def _stop_acting(_exc: BaseException | None) -> None:
        token = g.pop("acting_token", None)
        if token is not None:
            stop_acting(token)

    @app.after_request
    def _write_request_log(response: Response) -> Response:
        rows = g.pop("access_log", None)
        if rows:
            if response.status_code >= 400:
                db.session.rollback()
            _insert(rows)
            db.session.commit()
        return response


def _acting_for_name() -> str | None:
    """The name of the participant this request acts for, for the banner on every page."""
    person_id = acting_for()
    if person_id is None or current_tenant_id() is None:
        return None
    person = db.session.get(Person, person_id)
    return person.name if person is not None else None
