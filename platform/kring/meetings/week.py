"""The printed week's meetings panel: every meeting of the reader's circles in the coming
seven days, with the kind in the methodology's words, so it can hang on the fridge."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from kring.circles.models import ENDED, Circle, CircleMember
from kring.core.access import Viewer
from kring.core.db import utcnow
from kring.extensions import db
from kring.http.methodology import locale, methodologies
from kring.meetings import service as meetings
from kring.meetings.lookup import local
from kring.meetings.models import Meeting

SHOWN = 20
"""Meetings on the page at most: a week rarely holds more, and the page stays one query."""


@dataclass(frozen=True)
class WeekMeeting:
    """One meeting of the week, with its circle and its kind in words."""

    meeting: Meeting
    circle: Circle
    kind: str


def this_week(who: Viewer) -> dict[str, Any] | None:
    """The coming week's meetings (not cancelled) of circles the reader takes part in."""
    if not who.person_ids:
        return None
    now = utcnow()
    rows = db.session.execute(
        select(Meeting, Circle)
        .join(Circle, Circle.id == Meeting.circle_id)
        .where(
            Meeting.circle_id.in_(
                select(CircleMember.circle_id).where(
                    CircleMember.person_id.in_(who.person_ids), CircleMember.status.not_in(ENDED)
                )
            ),
            Meeting.cancelled_at.is_(None),
            Meeting.starts_at >= now,
            Meeting.starts_at < now + timedelta(days=7),
        )
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(SHOWN)
    ).all()
    if not rows:
        return None
    every, here = methodologies(), locale()
    found = [
        WeekMeeting(m, c, meetings.kind_words(every.get(c.methodology_key), m.kind, here))
        for m, c in rows
    ]
    return {"meetings": found, "local": local}
