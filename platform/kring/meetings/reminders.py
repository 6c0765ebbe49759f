"""The meeting reminder: every current member of a circle (participants, the volunteer, the
coach: every role) hears of a coming meeting ``MeetingPattern.remind_hours_before`` its start
(the day before, unless the methodology says otherwise), in the methodology's words.

The rule writes its rows ahead, for the meetings whose reminder falls within the next
``AHEAD``, so tomorrow's reminders are in the outbox today and go out at their time; each is
written once by its key. A cancelled meeting calls its pending reminders off (``cancelled``,
subscribed to ``meeting.cancelled``), and someone who leaves the circle hears nothing more of
it (the notify area's own subscription).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from babel.dates import format_datetime
from flask import Flask, current_app
from sqlalchemy import select

from kring.circles.models import ENDED, Circle, CircleMember
from kring.core import events
from kring.core.db import utcnow
from kring.core.methodology import Methodology, Phrase, ReminderIntent
from kring.extensions import db
from kring.meetings.models import Meeting
from kring.notify import service as notify
from kring.notify.words import LOCALES, local_zone

AHEAD = timedelta(hours=36)
"""How far ahead reminders are written: a sweep every few minutes finds each one many times
before it is due (and writes it once), and the day's reminders can be seen in the outbox."""

KIND = "meeting_reminder"

TITLE = Phrase(
    en="{kind_en_title} of {circle} on {when_en}",
    nl="{kind_nl_title} van {circle} op {when_nl}",
)
BODY = Phrase(
    en="You are expected at the {kind_en} of {circle} on {when_en}{place_en}. "
    "Can you not come? Let the volunteer know.",
    nl="Je wordt verwacht bij de {kind_nl} van {circle} op {when_nl}{place_nl}. "
    "Kun je niet komen? Laat het de vrijwilliger weten.",
)


def key_prefix(meeting_id: int) -> str:
    """The start of the keys of one meeting's reminders (to call them off together)."""
    return f"meeting-reminder:{meeting_id}:"


def _words(m: Methodology, meeting: Meeting, circle: Circle, local: Any) -> dict[str, str | int]:
    params: dict[str, str | int] = {"circle": circle.name, "meeting_id": meeting.id}
    for locale in LOCALES:
        kind = m.terms.term(meeting.kind, locale)
        params[f"kind_{locale}"] = kind
        params[f"kind_{locale}_title"] = kind[:1].upper() + kind[1:]
        params[f"when_{locale}"] = format_datetime(
            meeting.starts_at, "EEEE d MMMM, HH:mm", tzinfo=local, locale=locale
        )
        where = {"en": " at {}", "nl": " in {}"}[locale]
        params[f"place_{locale}"] = where.format(meeting.place) if meeting.place else ""
    return params


def coming_meetings(now: datetime) -> Iterator[ReminderIntent]:
    """A reminder to every current member of each circle for each planned meeting, not
    cancelled and not yet begun, whose reminder falls due before ``now + AHEAD``. One query
    whatever the number of circles, meetings and members."""
    found: dict[str, Methodology] = current_app.extensions["kring.plugins"].methodologies()
    hours = {k: m.meetings.remind_hours_before for k, m in found.items() if m.meetings}
    if not hours:
        return
    local = local_zone()
    latest = now + AHEAD + timedelta(hours=max(hours.values()))
    rows = db.session.execute(
        select(Meeting, Circle, CircleMember.person_id)
        .join(Circle, Circle.id == Meeting.circle_id)
        .join(CircleMember, CircleMember.circle_id == Circle.id)
        .where(
            Meeting.cancelled_at.is_(None),
            Meeting.starts_at > now,
            Meeting.starts_at <= latest,
            Circle.methodology_key.in_(hours),
            CircleMember.status.not_in(ENDED),
        )
        .order_by(Meeting.starts_at, Meeting.id, CircleMember.person_id)
    ).all()
    for meeting, circle, person_id in rows:
        due_at = meeting.starts_at - timedelta(hours=hours[circle.methodology_key])
        if due_at > now + AHEAD:
            continue
        params = _words(found[circle.methodology_key], meeting, circle, local)
        yield ReminderIntent(
            key=f"{key_prefix(meeting.id)}{person_id}",
            kind=KIND,
            title=TITLE,
            body=BODY,
            params=params,
            due_at=max(due_at, now),
            person_id=person_id,
            circle_id=circle.id,
            link=f"/circles/{circle.id}/meetings",
        )


def cancelled(meeting: Meeting, **_facts: Any) -> None:
    """A cancelled meeting: its reminders that have not gone out are called off."""
    notify.cancel_by_key_prefix(key_prefix(meeting.id), utcnow())


def subscribe(_app: Flask) -> None:
    """Listen for cancelled meetings (connecting the same receiver again changes nothing)."""
    events.meeting_cancelled.connect(cancelled, weak=False)
