"""The fidelity score's history: each running circle's score taken once a day.

Automatic criteria are judged today over the last twelve months (``checks.judge_all``), the
same way an audit judges them; a manual criterion counts as its latest audit found it (with the
trainer's verdict where given), since only an audit asks the coach for evidence, and as not met
before the first audit. One row per circle and day (``FidelityScore``): a second run the same
day replaces the first, so the history the circle page draws has one point a day.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import func, select

from kring.audits import checks, fidelity
from kring.audits.models import Audit, AuditFinding, FidelityScore
from kring.audits.service import is_met
from kring.circles import queries as circle_queries
from kring.circles.models import Circle
from kring.core.methodology import Methodology, add_months
from kring.extensions import db


def running(m: Methodology, circles: list[Circle], day: date) -> list[Circle]:
    """Those of ``circles`` that run on ``day``: they entered the size rule's start phase by
    then and are not closing. A circle still recruiting has nothing to be faithful to yet."""
    began = circle_queries.first_entered([c.id for c in circles], [m.size_rule.start_phase])
    return [
        c
        for c in circles
        if began.get(c.id, day + timedelta(days=1)) <= day and not m.is_closing(c.phase)
    ]


def _manual_findings(circle_ids: list[int]) -> dict[int, dict[str, bool | None]]:
    """Per circle, whether each manual criterion was met in its latest audit."""
    latest = (
        select(Audit.circle_id, func.max(Audit.period_start).label("start"))
        .where(Audit.circle_id.in_(circle_ids))
        .group_by(Audit.circle_id)
        .subquery()
    )
    found: dict[int, dict[str, bool | None]] = {}
    for circle_id, finding in db.session.execute(
        select(Audit.circle_id, AuditFinding)
        .join(AuditFinding, AuditFinding.audit_id == Audit.id)
        .join(
            latest,
            (latest.c.circle_id == Audit.circle_id) & (latest.c.start == Audit.period_start),
        )
        .where(AuditFinding.is_automatic.is_(False))
    ).all():
        found.setdefault(circle_id, {})[finding.criterion_key] = is_met(finding)
    return found


def take(day: date) -> int:
    """Take today's fidelity score of every running circle of the tenant; how many were taken."""
    installed: dict[str, Methodology] = current_app.extensions["kring.plugins"].methodologies()
    circles = list(
        db.session.execute(
            select(Circle).where(Circle.methodology_key.in_(installed)).order_by(Circle.id)
        ).scalars()
    )
    taken: dict[int, tuple[int, dict[str, bool | None]]] = {}
    for key in sorted({c.methodology_key for c in circles}):
        m = installed[key]
        if not m.audit_criteria:
            continue
        of_key = running(m, [c for c in circles if c.methodology_key == key], day)
        if not of_key:
            continue
        found = checks.judge_all(of_key, m, add_months(day, -12) + timedelta(days=1), day)
        manual = _manual_findings([c.id for c in of_key])
        for circle in of_key:
            met = {**manual.get(circle.id, {})}
            met |= {k: f.is_met for k, f in found[circle.id].items()}
            result = fidelity.score(m.audit_criteria, met)
            if result.score is not None:
                taken[circle.id] = (result.score, dict(result.met))
    existing = {
        s.circle_id: s
        for s in db.session.execute(
            select(FidelityScore).where(
                FidelityScore.taken_on == day, FidelityScore.circle_id.in_(taken)
            )
        ).scalars()
    }
    for circle_id, (score, met) in taken.items():
        row = existing.get(circle_id) or FidelityScore(circle_id=circle_id, taken_on=day)
        row.score, row.criteria = score, met
        db.session.add(row)
    db.session.flush()
    return len(taken)
