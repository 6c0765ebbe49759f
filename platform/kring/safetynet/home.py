"""The safety net's home panels: open escalations for the team (coach, project leader), the
most overdue first, and the contacts due for a volunteer, with the way to their circles."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from kring.access import log, policy
from kring.circles.models import Circle
from kring.core.access import Viewer
from kring.core.accounts import Role
from kring.core.db import today, utcnow
from kring.extensions import db
from kring.http.methodology import locale, methodologies
from kring.safetynet import escalations as escalation_service
from kring.safetynet import service as safetynet
from kring.safetynet.lookup import sensitive_circles

PANEL_SIZE = 10


def _term_of(methodology_key: str, key: str) -> str:
    m = methodologies().get(methodology_key)
    return m.terms.term(key, locale()) if m is not None else key


def open_escalations(who: Viewer) -> dict[str, Any] | None:
    """The open escalations of the circles the reader's team handles, overdue first; only for
    coaches and project leaders."""
    if not (who.has(Role.coach) or who.has(Role.project_leader)):
        return None
    rows = escalation_service.escalations(
        policy.handled_escalations(who),
        methodologies(),
        who.user_id,
        sensitive_circles(),
        utcnow(),
        only_open=True,
        limit=PANEL_SIZE,
    )
    log.shown(who, [r.person_id for r in rows])
    return {"rows": rows, "term_of": _term_of}


def contacts_due(who: Viewer) -> dict[str, Any] | None:
    """The members of the reader's circles whose contact is due; only for volunteers who take
    part in a circle."""
    if not who.has(Role.volunteer) or not who.person_ids:
        return None
    condition = policy.volunteering_circles(who)
    circles = db.session.execute(select(Circle).where(condition).order_by(Circle.name)).scalars()
    found = [c for c in circles if c.methodology_key in methodologies()]
    if not found:
        return None
    rows = safetynet.contacts_due(condition, methodologies(), today())[:PANEL_SIZE]
    log.shown(who, [r.person_id for r in rows])
    return {"rows": rows, "circles": found, "may_raise": True}
