"""The home page's "next meeting" panel, for the people of a circle."""

from __future__ import annotations

from typing import Any

from kring.access import log, policy
from kring.core.access import Viewer
from kring.core.db import utcnow
from kring.http.methodology import locale, methodologies
from kring.meetings import queries as meeting_queries
from kring.meetings.lookup import local


def next_meeting(who: Viewer) -> dict[str, Any] | None:
    """The next meeting of a circle the reader takes part in; nothing for anyone else."""
    found = meeting_queries.next_for(who.person_ids, utcnow())
    if found is None:
        return None
    m = methodologies().get(found.circle.methodology_key)
    return {
        "meeting": found.meeting,
        "circle": found.circle,
        "kind": meeting_queries.kind_words(m, found.meeting.kind, locale()),
        "local": local,
        "may_attend": policy.may_take_attendance(who, found.circle),
    }


def missing(who: Viewer) -> dict[str, Any] | None:
    """Who missed their circle's last meetings, for the people who hear of it (the circle's
    project leader, coach and volunteer); nothing when everyone comes."""
    if who.user_id is None:
        return None
    found = meeting_queries.missing(policy.absences_heard_in(who), methodologies())
    if not found:
        return None
    log.shown(who, [m.person_id for m in found])
    return {"missing": found}
