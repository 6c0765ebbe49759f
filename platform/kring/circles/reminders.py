"""Reminders about a circle itself: the first quality audit coming up.

The circle's team (its coaches and project leaders) hears 30 days before the first audit falls
due (``phases.first_audit_due``, the date the circle page shows), once by its key, which names
the date. Checks and courses that lapse (a VOG, a DBS check, a yearly return day) are the
trainings area's reminders (``kring.trainings.reminders``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from kring.circles import phases
from kring.circles.models import Circle, PhaseTransition
from kring.core.methodology import Methodology, Phrase, ReminderIntent
from kring.extensions import db
from kring.notify import team
from kring.notify.words import day_in_both, local_zone, morning, term_in_both

AUDIT_DAYS = 30

AUDIT = (
    Phrase(
        en="The first quality audit of {circle} is due on {due_en}",
        nl="De eerste kwaliteitsaudit van {circle} staat gepland op {due_nl}",
    ),
    Phrase(
        en="{circle} has its first quality audit due on {due_en}, {months} months after it "
        "entered {phase_en}. Gather what the audit asks for in time.",
        nl="Voor {circle} staat de eerste kwaliteitsaudit op {due_nl}, {months} maanden na de "
        "start van {phase_nl}. Verzamel op tijd wat de audit vraagt.",
    ),
)


def audits_coming(now: datetime) -> Iterator[ReminderIntent]:
    """The circle's team hears 30 days before its first quality audit falls due. Two queries
    (the circles' phase histories, the teams) whatever the number of circles."""
    methodologies: dict[str, Methodology] = current_app.extensions["kring.plugins"].methodologies()
    scheduled = {k: m for k, m in methodologies.items() if m.first_audit is not None}
    if not scheduled:
        return
    tz = local_zone()
    today = now.astimezone(tz).date()
    audited = {m.first_audit.phase for m in scheduled.values() if m.first_audit is not None}
    history: dict[int, list[PhaseTransition]] = defaultdict(list)
    circles: dict[int, Circle] = {}
    for transition, circle in db.session.execute(
        select(PhaseTransition, Circle)
        .join(Circle, Circle.id == PhaseTransition.circle_id)
        .where(
            Circle.methodology_key.in_(scheduled),
            PhaseTransition.to_phase.in_(audited),
        )
        .order_by(PhaseTransition.id)
    ).all():
        history[circle.id].append(transition)
        circles[circle.id] = circle
    due = []
    for circle_id, transitions in history.items():
        circle = circles[circle_id]
        m = scheduled[circle.methodology_key]
        on = phases.first_audit_due(transitions, m)
        if on is not None and on - timedelta(days=AUDIT_DAYS) <= today <= on:
            due.append((circle, m, on))
    teams = team.of({circle.id for circle, _m, _on in due})
    for circle, m, on in due:
        assert m.first_audit is not None
        params = {
            "circle": circle.name,
            "months": m.first_audit.months,
            **term_in_both("phase", m, m.first_audit.phase),
            **day_in_both("due", on),
        }
        for user_id in teams.get(circle.id, []):
            yield ReminderIntent(
                key=f"audit-due:{circle.id}:{on.isoformat()}:{user_id}",
                kind="audit_due",
                title=AUDIT[0],
                body=AUDIT[1],
                params=params,
                due_at=max(morning(on - timedelta(days=AUDIT_DAYS), tz), now),
                user_id=user_id,
                circle_id=circle.id,
                link=f"/circles/{circle.id}",
            )
