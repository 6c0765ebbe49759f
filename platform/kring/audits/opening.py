"""When a circle is due its quality audit, from its methodology's ``AuditSchedule``.

The first audit falls due ``months`` after the circle first entered the schedule's phase (+Vijf
audits a Buurtcirkel after its start-up year); each next one ``every_months`` after the last
audit was opened, so an audit opened late moves the next one with it rather than crowding two
into one year. A circle in a closing phase is not audited any more. Everything is read for all
of a tenant's circles at once, so the daily job and the circle pages cost a few queries however
many circles there are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import func, select

from kring.audits import checks, service
from kring.audits.models import Audit
from kring.circles import queries as circle_queries
from kring.circles.models import Circle, PhaseTransition
from kring.core.methodology import Methodology, add_months
from kring.extensions import db


@dataclass(frozen=True)
class Due:
    """A circle's next audit: the day it falls due and the period it looks back on (both
    days included): from the day it entered the phase, or the last audit's opening, up to the
    day before it falls due."""

    circle: Circle
    methodology: Methodology
    on: date
    start: date
    end: date


def _scheduled() -> dict[str, Methodology]:
    installed: dict[str, Methodology] = current_app.extensions["kring.plugins"].methodologies()
    return {k: m for k, m in installed.items() if m.first_audit is not None}


def schedule_of(
    circles: Sequence[Circle], history: Sequence[PhaseTransition] | None = None
) -> dict[int, Due]:
    """The next audit of each of ``circles`` that has one coming: its methodology has a
    schedule, the circle entered the schedule's phase and is not closing. Two queries, plus
    one per methodology; one when the caller passes the circles' phase ``history`` it holds."""
    scheduled = _scheduled()
    circles = [
        c
        for c in circles
        if c.methodology_key in scheduled and not scheduled[c.methodology_key].is_closing(c.phase)
    ]
    if not circles:
        return {}
    ids = [c.id for c in circles]
    circle_of = {c.id: c.methodology_key for c in circles}
    last_opened = dict(
        db.session.execute(
            select(Audit.circle_id, func.max(Audit.opened_at))
            .where(Audit.circle_id.in_(ids))
            .group_by(Audit.circle_id)
        ).all()
    )
    entered: dict[int, date] = {}
    for key in {c.methodology_key for c in circles} if history is None else ():
        schedule = scheduled[key].first_audit
        assert schedule is not None
        of_key = [c.id for c in circles if c.methodology_key == key]
        entered |= circle_queries.first_entered(of_key, [schedule.phase])
    for t in history or ():
        schedule = (
            scheduled[circle_of[t.circle_id]].first_audit if t.circle_id in circle_of else None
        )
        if schedule is not None and t.to_phase == schedule.phase:
            entered[t.circle_id] = min(entered.get(t.circle_id, t.moved_on), t.moved_on)
    found = {}
    for circle in circles:
        m = scheduled[circle.methodology_key]
        schedule = m.first_audit
        assert schedule is not None
        if circle.id in last_opened:
            start = last_opened[circle.id].date()
            on = add_months(start, schedule.every_months)
        elif circle.id in entered:
            start = entered[circle.id]
            on = add_months(start, schedule.months)
        else:
            continue
        found[circle.id] = Due(circle, m, on, start, max(start, on - timedelta(days=1)))
    return found


def next_due(circle: Circle, history: Sequence[PhaseTransition] | None = None) -> date | None:
    """The day the circle's next audit falls due, or None when none is coming; pass the
    circle's phase history when it is loaded already."""
    due = schedule_of([circle], history).get(circle.id)
    return due.on if due is not None else None


def due_on(day: date) -> list[Due]:
    """The tenant's circles whose audit falls due on ``day`` or fell due before it and was not
    opened yet (a day the job did not run is caught up on the next), by circle name."""
    circles = db.session.execute(
        select(Circle).where(Circle.methodology_key.in_(_scheduled())).order_by(Circle.name)
    ).scalars()
    return [d for d in schedule_of(list(circles)).values() if d.on <= day]


def open_due(day: date) -> list[Audit]:
    """Open every audit of the tenant due on ``day``, its automatic findings judged for all
    circles of a methodology and period at once (``checks.judge_all``); the audits opened.
    Circles due the same day share their period (counted back from that day), so only a
    catch-up after missed days splits a batch."""
    due = due_on(day)
    opened = []
    for key in sorted({d.methodology.key for d in due}):
        of_key = [d for d in due if d.methodology.key == key]
        for period in sorted({(d.start, d.end) for d in of_key}):
            batch = [d for d in of_key if (d.start, d.end) == period]
            found = checks.judge_all([d.circle for d in batch], batch[0].methodology, *period)
            for d in batch:
                # known new: the schedule counts from the last audit opened, and a racing
                # scheduler's duplicate is refused by the unique key
                audit = service.open_audit(
                    d.circle, d.methodology, d.start, d.end, found[d.circle.id], day, known_new=True
                )
                if audit is not None:
                    opened.append(audit)
    return opened
