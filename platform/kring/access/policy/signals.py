"""Need-to-know for signals: which signals of lonely residents someone follows up (their
team's, or those they were asked to make contact for), and which they only count. Part of the
one policy: ``kring.access.policy`` re-exports every name here."""

from __future__ import annotations

from flask import abort
from sqlalchemy import ColumnElement, false, or_, select, true

from kring.access import log
from kring.access.policy import viewer
from kring.core.access import Viewer
from kring.core.accounts import Role
from kring.extensions import db
from kring.http.tenancy import get_or_none
from kring.signals.models import Signal


def visible_signals(who: Viewer) -> ColumnElement[bool]:
    """A condition on ``Signal`` for the signals someone follows up: a team member (project
    leader, coach) those sent to an organisation whose team they are in; a volunteer those
    they were asked to make contact for."""
    assigned = (
        Signal.assigned_to_id.in_(who.person_ids)
        if who.has(Role.volunteer) and who.person_ids
        else false()
    )
    if not who.has(Role.project_leader) and not who.has(Role.coach):
        return assigned
    if who.team_organisation_ids is None:
        return true()
    return or_(Signal.organisation_id.in_(who.team_organisation_ids), assigned)


def dashboard_signals(who: Viewer) -> ColumnElement[bool]:
    """A condition on ``Signal`` for the signals counted on the reader's dashboard (counts
    only, never a resident): the tenant admin counts every signal of the tenant, the team
    those it follows up."""
    return true() if who.has(Role.tenant_admin) else visible_signals(who)


def leads_signal(who: Viewer, signal: Signal) -> bool:
    """Whether the viewer is in the team of the signal's organisation (assigns, ends it),
    rather than only the volunteer asked to make contact."""
    if not who.has(Role.project_leader) and not who.has(Role.coach):
        return False
    ids = who.team_organisation_ids
    return ids is None or signal.organisation_id in ids


def signal_or_404(signal_id: object) -> Signal:
    """A signal the viewer's team follows up; logged as read. Any other id is 404."""
    signal = get_or_none(Signal, signal_id)
    if signal is None:
        abort(404)
    allowed = db.session.execute(
        select(Signal.id).where(Signal.id == signal.id, visible_signals(viewer()))
    ).first()
    if allowed is None:
        log.refused(viewer(), [signal.id], log.SIGNAL)
        abort(404)
    log.shown(viewer(), [signal.id], log.SIGNAL)
    return signal
