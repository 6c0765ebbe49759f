"""A member's calendar feed: a secret address that calendar apps subscribe to (RFC 5545).

The address holds a random token; only its SHA-256 is kept, so the database alone cannot be
used to read anyone's calendar. Opening a new address revokes the old one; a revoked address
answers 404, as does any token never handed out.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from icalendar import Calendar, Event
from sqlalchemy import select, update

from kring.circles.models import ENDED, Circle, CircleMember
from kring.core import journal
from kring.core.db import utcnow
from kring.extensions import db
from kring.meetings.models import Meeting, MeetingFeed
from kring.people.models import Person

FEED_PAST = timedelta(days=90)
"""How far back a feed reaches: calendars keep what they saw, a feed need not repeat it."""
FEED_SIZE = 500


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_feed(person: Person, actor_id: int | None) -> str:
    """A new secret feed address token for this person; any earlier one stops working."""
    revoke(person, actor_id)
    token = secrets.token_urlsafe(32)
    db.session.add(MeetingFeed(person_id=person.id, token_hash=_hash(token)))
    db.session.flush()
    journal.record("meeting.feed_opened", person, actor_id)
    return token


def revoke(person: Person, actor_id: int | None) -> int:
    """Stop every feed address of this person; how many were active."""
    done = db.session.execute(
        update(MeetingFeed)
        .where(MeetingFeed.person_id == person.id, MeetingFeed.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    count = int(getattr(done, "rowcount", 0) or 0)
    if count:
        journal.record("meeting.feed_revoked", person, actor_id)
    return count


def has_feed(person_id: int) -> bool:
    """Whether this person has an address that works."""
    return (
        db.session.execute(
            select(MeetingFeed.id).where(
                MeetingFeed.person_id == person_id, MeetingFeed.revoked_at.is_(None)
            )
        ).first()
        is not None
    )


def person_for(token: str) -> Person | None:
    """Whose feed this token opens, when it was handed out and is not revoked."""
    if not token or len(token) > 100:
        return None
    return db.session.execute(
        select(Person)
        .join(MeetingFeed, MeetingFeed.person_id == Person.id)
        .where(MeetingFeed.token_hash == _hash(token), MeetingFeed.revoked_at.is_(None))
    ).scalar_one_or_none()


def meetings_of(person_id: int, now: datetime) -> list[tuple[Meeting, Circle]]:
    """The meetings of the circles this person takes part in, from ``FEED_PAST`` ago on."""
    return [
        (meeting, circle)
        for meeting, circle in db.session.execute(
            select(Meeting, Circle)
            .join(Circle, Circle.id == Meeting.circle_id)
            .where(
                Meeting.circle_id.in_(
                    select(CircleMember.circle_id).where(
                        CircleMember.person_id == person_id, CircleMember.status.not_in(ENDED)
                    )
                ),
                Meeting.starts_at >= now - FEED_PAST,
            )
            .order_by(Meeting.starts_at, Meeting.id)
            .limit(FEED_SIZE)
        ).all()
    ]


def calendar(
    rows: list[tuple[Meeting, Circle]],
    name: str,
    domain: str,
    summary: Callable[[Meeting, Circle], str],
    now: datetime,
) -> bytes:
    """The meetings as an iCalendar (RFC 5545) document; a cancelled meeting stays in it as
    ``STATUS:CANCELLED`` so calendars take it out rather than keep a stale copy."""
    cal = Calendar()
    cal.add("prodid", "-//Kring//Meetings//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for meeting, circle in rows:
        event = Event()
        event.add("uid", f"meeting-{meeting.id}@{domain}")
        event.add("dtstamp", now)
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.starts_at + timedelta(minutes=meeting.minutes))
        event.add("summary", summary(meeting, circle))
        if meeting.place:
            event.add("location", meeting.place)
        event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
        event.add("sequence", 1 if meeting.is_cancelled else 0)
        cal.add_component(event)
    return cal.to_ical()
