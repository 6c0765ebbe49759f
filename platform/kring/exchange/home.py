"""The home panel of exchange: open requests for help in the circles the reader takes part in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from kring.access import log
from kring.circles.models import ENDED, Circle, CircleMember
from kring.core.access import Viewer, first_name
from kring.exchange import service
from kring.extensions import db
from kring.people.models import Person


@dataclass(frozen=True)
class OpenLine:
    """An open request as the panel shows it: what, and the asker's first name."""

    what: str
    asked_by: str


@dataclass(frozen=True)
class CircleRequests:
    """One circle's open requests of others, for the panel."""

    id: int
    name: str
    requests: tuple[OpenLine, ...]


def open_help(who: Viewer) -> dict[str, Any] | None:
    """Open requests of others in the circles the reader's own person takes part in (first
    names only, as every member sees them); ``None`` when there are none."""
    if not who.person_ids:
        return None
    circles = (
        db.session.execute(
            select(Circle)
            .join(CircleMember, CircleMember.circle_id == Circle.id)
            .where(CircleMember.person_id.in_(who.person_ids), CircleMember.status.not_in(ENDED))
            .order_by(Circle.name, Circle.id)
            .distinct()
        )
        .scalars()
        .all()
    )
    requests = [
        r
        for r in service.open_requests([c.id for c in circles])
        if r.asked_by_id not in who.person_ids
    ]
    if not requests:
        return None
    asked = {r.asked_by_id for r in requests}
    rows = db.session.execute(select(Person.id, Person.name).where(Person.id.in_(asked)))
    names = {person_id: name for person_id, name in rows}
    log.shown(who, asked)
    found = []
    for circle in circles:
        lines = tuple(
            OpenLine(r.what, first_name(names.get(r.asked_by_id, "")))
            for r in requests
            if r.circle_id == circle.id
        )
        if lines:
            found.append(CircleRequests(circle.id, circle.name, lines))
    return {"circles": found}
