"""The home panel of exchange: open requests for help in the circles the reader takes part in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from kring.access import log
from kring.circles.models import ENDED, Circle, CircleMember
from kring.core.access import Reach, Viewer, first_name
from kring.core.db import today
from kring.exchange import network, picture, service
from kring.exchange.board import namer
from kring.exchange.models import HelpStatus
from kring.extensions import db
from kring.http.access import has_permission
from kring.http.methodology import locale, methodologies
from kring.people.models import Person


@dataclass(frozen=True)
class OpenLine:
    """A request as the panel shows it: what, the asker's first name, and (for the reader's
    own requests) whether someone helps, by first name."""

    what: str
    asked_by: str
    offered_by: str | None = None


@dataclass(frozen=True)
class CircleRequests:
    """One circle's open requests of others, and the reader's own running ones."""

    id: int
    name: str
    requests: tuple[OpenLine, ...]
    own: tuple[OpenLine, ...] = ()
    giving: tuple[OpenLine, ...] = ()
    """Requests the reader has offered to help with, by the asker's first name."""


def open_help(who: Viewer) -> dict[str, Any] | None:
    """In the circles the reader's own person takes part in: others' open requests, the
    reader's own requests still running, and the help the reader has offered (first names
    only, as every member sees them); ``None`` when there are none. The home page and the
    printed week both show it."""
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
    running = service.running_requests([c.id for c in circles])
    others = [
        r for r in running if r.asked_by_id not in who.person_ids and r.status is HelpStatus.open
    ]
    own = [r for r in running if r.asked_by_id in who.person_ids]
    giving = [r for r in running if r.offered_by_id in who.person_ids]
    if not others and not own and not giving:
        return None
    named = {r.asked_by_id for r in [*others, *giving]} | {
        r.offered_by_id for r in own if r.offered_by_id
    }
    rows = db.session.execute(select(Person.id, Person.name).where(Person.id.in_(named)))
    names = {person_id: first_name(name) for person_id, name in rows}
    log.shown(who, named)
    found = []
    for circle in circles:
        theirs = tuple(
            OpenLine(r.what, names.get(r.asked_by_id, ""))
            for r in others
            if r.circle_id == circle.id
        )
        mine = tuple(
            OpenLine(r.what, "", names.get(r.offered_by_id) if r.offered_by_id else None)
            for r in own
            if r.circle_id == circle.id
        )
        helping = tuple(
            OpenLine(r.what, names.get(r.asked_by_id, ""))
            for r in giving
            if r.circle_id == circle.id
        )
        if theirs or mine or helping:
            found.append(CircleRequests(circle.id, circle.name, theirs, mine, helping))
    return {"circles": found}


PICTURE_MONTHS = 3
"""The circle page draws the last three months; the network page offers other periods."""


def circle_panel(who: Viewer, circle: Circle, reach: Reach) -> dict[str, Any] | None:
    """The circle page's part of exchange: links to the help board and, for whoever sees the
    members' names, the network picture of the last three months."""
    if not has_permission("exchange.view"):
        return None
    m = methodologies()[circle.methodology_key]
    context: dict[str, Any] = {
        "circle": circle,
        "reach": reach,
        "term": lambda key: m.terms.term(key, locale()),
    }
    if reach >= Reach.first_names:
        day = today()
        members = service.current_members(circle)
        start = network.month_start(day, PICTURE_MONTHS - 1)
        net = network.network(circle, members, start, network.month_start(day, -1), namer(reach))
        log.shown(who, list(members))
        context.update(net=net, drawing=picture.draw(net))
    return context
