"""The printed week's meetings panel: every meeting of the reader's circles in the coming
seven days, with the kind in the methodology's words, so it can hang on the fridge."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from kring.circles.models import Circle
from kring.core.access import Viewer
from kring.core.db import utcnow
from kring.http.methodology import locale, methodologies
from kring.meetings import queries as meeting_queries
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
    rows = meeting_queries.coming_for(who.person_ids, now, now + timedelta(days=7), SHOWN)
    if not rows:
        return None
    every, here = methodologies(), locale()
    found = [
        WeekMeeting(
            row.meeting,
            row.circle,
            meeting_queries.kind_words(
                every.get(row.circle.methodology_key), row.meeting.kind, here
            ),
        )
        for row in rows
    ]
    return {"meetings": found, "local": local}
