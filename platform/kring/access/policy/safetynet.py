"""Need-to-know for the safety net: who keeps a circle's contact log, who handles and who reads
its escalations, and who reads a note marked sensitive. Part of the one policy:
``kring.access.policy`` re-exports every name here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flask import abort
from sqlalchemy import ColumnElement, and_, false, or_, select

from kring.access import log
from kring.access.policy import _leads, _takes_part, circle_or_404, may_hold_intake, viewer
from kring.circles.models import ENDED, Circle, CircleMember
from kring.core.access import Reach, Viewer
from kring.core.accounts import Role
from kring.extensions import db
from kring.http.tenancy import get_or_none
from kring.safetynet.models import Escalation


def contact_log_or_404(circle_id: object) -> Circle:
    """A circle whose contact log the viewer keeps and reads: they reach its members' contact
    details (its volunteer, coach or project leader). Any other id is 404."""
    circle, _reach = circle_or_404(circle_id, Reach.contact)
    return circle


def may_handle_escalations(who: Viewer, circle: Circle) -> bool:
    """The circle's team answers, passes up and resolves its escalations: its project leader,
    or a coach taking part in it."""
    return may_hold_intake(who, circle)


def volunteering_circles(who: Viewer) -> ColumnElement[bool]:
    """A condition on ``Circle`` for the circles the viewer takes part in as a volunteer (whose
    members' contacts fall due to them)."""
    return _takes_part(who) if who.has(Role.volunteer) else false()


def _team_circles(who: Viewer) -> ColumnElement[bool]:
    conditions = [_leads(who)]
    if who.has(Role.coach):
        conditions.append(_takes_part(who))
    return or_(*conditions)


def handled_escalations(who: Viewer) -> ColumnElement[bool]:
    """A condition on ``Escalation`` for those the viewer's team handles: of circles they lead
    projects for, or coach (taking part in them)."""
    return Escalation.circle_id.in_(select(Circle.id).where(_team_circles(who)))


def visible_escalations(who: Viewer) -> ColumnElement[bool]:
    """A condition on ``Escalation`` for those the viewer may read: the ones their team handles,
    and the ones they raised in a circle they still take part in."""
    if who.user_id is None:
        return false()
    raised = and_(
        Escalation.raised_by_id == who.user_id,
        Escalation.circle_id.in_(select(Circle.id).where(_takes_part(who))),
    )
    return or_(handled_escalations(who), raised)


def escalation_or_404(escalation_id: object, circle: Circle | None = None) -> Escalation:
    """An escalation the viewer may read (of ``circle``, when one is named), logged as a read of
    the resident it is about. Any other id is 404, and a refused attempt is logged."""
    escalation = get_or_none(Escalation, escalation_id)
    if escalation is None or (circle is not None and escalation.circle_id != circle.id):
        abort(404)
    allowed = db.session.execute(
        select(Escalation.id).where(Escalation.id == escalation.id, visible_escalations(viewer()))
    ).first()
    if allowed is None:
        log.refused(viewer(), [escalation.person_id])
        abort(404)
    log.shown(viewer(), [escalation.person_id])
    return escalation


def reading_sensitive(who: Viewer, sensitive_roles: Mapping[str, Sequence[str]]) -> set[int]:
    """The circles in which the viewer reads notes marked sensitive: those where their own
    person is a current member in one of the roles its methodology allows
    (``sensitive_roles`` by methodology key). One query."""
    allowed = [
        and_(Circle.methodology_key == key, CircleMember.role.in_(roles))
        for key, roles in sensitive_roles.items()
        if roles
    ]
    if not who.person_ids or not allowed:
        return set()
    return set(
        db.session.execute(
            select(CircleMember.circle_id)
            .join(Circle, Circle.id == CircleMember.circle_id)
            .where(
                CircleMember.person_id.in_(who.person_ids),
                CircleMember.status.not_in(ENDED),
                or_(*allowed),
            )
        ).scalars()
    )
