"""The signals on a home page: the residents a volunteer was asked to visit, and for the team
how many signals wait to be picked up; nothing at all (not even a query) in a tenant where no
methodology takes signals."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, func, select

from kring.access import log, policy
from kring.core.access import Viewer
from kring.core.accounts import Role
from kring.extensions import db
from kring.signals.lookup import taken_here
from kring.signals.models import Signal, SignalStatus


def to_visit(who: Viewer) -> dict[str, Any] | None:
    """The open signals the volunteer was asked to follow up, oldest first; each one shown is
    logged."""
    if not who.has(Role.volunteer) or not who.person_ids or not taken_here():
        return None
    found = list(
        db.session.execute(
            select(Signal)
            .where(
                Signal.assigned_to_id.in_(who.person_ids),
                Signal.status.in_((SignalStatus.assigned, SignalStatus.contacted)),
            )
            .order_by(Signal.created_at, Signal.id)
            .limit(20)
        ).scalars()
    )
    if not found:
        return None
    log.shown(who, [s.id for s in found], log.SIGNAL)
    return {"signals": found}


def waiting(who: Viewer) -> dict[str, Any] | None:
    """How many signals the team's queue holds that nobody picked up yet (a count, one query)."""
    if not (who.has(Role.project_leader) or who.has(Role.coach)) or not taken_here():
        return None
    count = db.session.execute(
        select(func.count(Signal.id)).where(
            and_(policy.visible_signals(who), Signal.status == SignalStatus.new)
        )
    ).scalar_one()
    return {"count": count} if count else None
