"""The activity calendar's rules: publishing an activity, reading the calendar for a period
with its recurrences expanded, and the filters the public page, the print view, the feeds and
the API share, so each of them shows the same activities for the same question.

Recurrences are expanded by ``recurring-ical-events`` (RRULE, EXDATE, time zones and summer
time), never by hand: the rules of RFC 5545 are many and a library that is kept gets them right.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import recurring_ical_events
from dateutil.rrule import rrulestr
from icalendar import Calendar, Event, vRecur
from sqlalchemy import select

from kring.activities.models import Access, Activity, Audience
from kring.core.db import utcnow
from kring.core.tenancy import ZONES, Tenant, current_tenant_id
from kring.extensions import db
from kring.organisations.models import Organisation
from kring.people.models import Neighbourhood

WINDOW_DAYS = 14
"""How many days the public page and the print view show at once."""
MAX_WINDOW_DAYS = 92
MAX_ID = 2**31 - 1
"""Ids are PostgreSQL integers: a larger number names no activity, so it is never asked for."""
MAX_OCCURRENCES = 2000
"""A daily activity over three months is 92 rows; a bad RRULE (every minute) stops here."""


_UTC_UNTIL = re.compile(r"UNTIL=\d{8}T\d{6}Z")


class Invalid(ValueError):
    """An activity's details do not hold; ``field`` names what to correct."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name
        self.message = message


def home_zone() -> str:
    """The name of the time zone the tenant in scope lives in (Amsterdam for a Dutch tenant,
    London for a British one): where an activity or an imported time without a zone of its own
    takes place, and where the calendar's days begin and end."""
    tenant = db.session.get(Tenant, current_tenant_id())
    return ZONES.get(tenant.locale if tenant is not None else "nl", ZONES["nl"])


@dataclass(frozen=True)
class Details:
    """What an organiser fills in for an activity."""

    organisation_id: int
    title: str
    starts_local: datetime
    minutes: int = 60
    description: str = ""
    rrule: str | None = None
    exdates: tuple[date, ...] = ()
    neighbourhood_id: int | None = None
    address: str = ""
    audiences: tuple[str, ...] = (Audience.everyone.value,)
    access: tuple[str, ...] = ()
    cost: str = ""
    contact: str = ""
    timezone: str = field(default_factory=home_zone)


def zone_of(name: str) -> ZoneInfo:
    """The time zone called ``name``; ``Invalid`` for one nobody knows."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise Invalid("timezone", f"unknown time zone {name!r}") from None


def check_rrule(rule: str | None, start: datetime) -> str | None:
    """The rule without its ``RRULE:`` prefix and spaces, or None for a one-off; ``Invalid``
    when it is not an RFC 5545 rule."""
    if rule is None or not rule.strip():
        return None
    text = rule.strip().removeprefix("RRULE:").replace(" ", "").upper()
    try:
        vRecur.from_ical(text)
        # UNTIL in UTC goes with a zoned start (RFC 5545), a floating UNTIL with a floating one
        rrulestr(text, dtstart=start.replace(tzinfo=UTC) if _UTC_UNTIL.search(text) else start)
    except (ValueError, TypeError):
        raise Invalid("rrule", "not a recurrence rule (for example FREQ=WEEKLY;BYDAY=TU)") from None
    if "FREQ=SECONDLY" in text or "FREQ=MINUTELY" in text or "FREQ=HOURLY" in text:
        raise Invalid("rrule", "an activity recurs at most daily")
    return text


def _check(details: Details) -> Details:
    if not details.title.strip():
        raise Invalid("title", "give the activity a title")
    if not 1 <= details.minutes <= 24 * 60:
        raise Invalid("minutes", "an activity lasts between 1 minute and a day")
    for value in details.audiences:
        if value not in Audience.__members__:
            raise Invalid("audiences", f"unknown audience {value!r}")
    for value in details.access:
        if value not in Access.__members__:
            raise Invalid("access", f"unknown accessibility {value!r}")
    zone_of(details.timezone)
    if details.neighbourhood_id is not None:
        found = db.session.execute(
            select(Neighbourhood.id).where(Neighbourhood.id == details.neighbourhood_id)
        ).first()
        if found is None:
            raise Invalid("neighbourhood_id", "no such neighbourhood")
    return details


def _apply(activity: Activity, details: Details) -> None:
    start = details.starts_local.replace(tzinfo=None, second=0, microsecond=0)
    activity.organisation_id = details.organisation_id
    activity.title = details.title.strip()
    activity.description = details.description.strip()
    activity.starts_local = start
    activity.minutes = details.minutes
    activity.timezone = details.timezone
    activity.rrule = check_rrule(details.rrule, start)
    activity.exdates = sorted(
        {datetime.combine(day, start.time()).isoformat() for day in details.exdates}
    )
    activity.neighbourhood_id = details.neighbourhood_id
    activity.address = details.address.strip()
    activity.audiences = list(dict.fromkeys(details.audiences)) or [Audience.everyone.value]
    activity.access = list(dict.fromkeys(details.access))
    activity.cost = details.cost.strip()
    activity.contact = details.contact.strip()
    activity.updated_at = utcnow()


def publish(details: Details, actor_id: int | None) -> Activity:
    """Put a new activity on the calendar (the caller decided the organisation is the actor's)."""
    activity = Activity(created_by_id=actor_id)
    _apply(activity, _check(details))
    db.session.add(activity)
    db.session.flush()
    return activity


def change(activity: Activity, details: Details) -> Activity:
    """Change an activity; an imported one is changed by its next import too."""
    _apply(activity, _check(details))
    db.session.flush()
    return activity


def remove(activity: Activity) -> None:
    """Take an activity off the calendar; suggestions of it go with it."""
    db.session.delete(activity)
    db.session.flush()


def skip(activity: Activity, day: date) -> Activity:
    """Say a recurring activity does not take place on ``day`` (an EXDATE)."""
    moment = datetime.combine(day, activity.starts_local.time()).isoformat()
    activity.exdates = sorted({*activity.exdates, moment})
    activity.updated_at = utcnow()
    db.session.flush()
    return activity


# --- reading the calendar ----------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What a reader narrows the calendar to; ``None`` or empty means no narrowing."""

    neighbourhood_id: int | None = None
    audience: str | None = None
    weekday: int | None = None
    """0 for Monday to 6 for Sunday."""
    access: tuple[str, ...] = ()
    organisation_id: int | None = None

    def admits(self, activity: Activity) -> bool:
        """Whether the activity answers the filters (its times are asked separately)."""
        if self.organisation_id is not None and activity.organisation_id != self.organisation_id:
            return False
        if self.neighbourhood_id is not None and activity.neighbourhood_id not in (
            self.neighbourhood_id,
            None,
        ):
            return False  # an activity for the whole town is for every neighbourhood too
        if self.audience and not (
            self.audience in activity.audiences or Audience.everyone.value in activity.audiences
        ):
            return False
        return all(need in activity.access for need in self.access)


@dataclass(frozen=True)
class Occurrence:
    """One time an activity takes place, in its local time."""

    activity: Activity
    starts: datetime
    ends: datetime
    organisation: str
    neighbourhood: str | None

    @property
    def key(self) -> str:
        return f"{self.activity.id}-{self.starts:%Y%m%dT%H%M}"


@dataclass(frozen=True)
class CalendarDay:
    """One day of the calendar with what happens on it, earliest first: the page's heading."""

    day: date
    occurrences: list[Occurrence]


@dataclass(frozen=True)
class Listing:
    """The calendar from ``start`` for ``days`` days: the read model of the public page, the
    print view and the API."""

    start: date
    days: int
    filters: Filters
    by_day: list[CalendarDay] = field(default_factory=list)

    @property
    def occurrences(self) -> list[Occurrence]:
        return [o for d in self.by_day for o in d.occurrences]

    @property
    def end(self) -> date:
        return self.start + timedelta(days=self.days - 1)


def event_of(activity: Activity) -> Event:
    """The activity as an iCalendar event with its recurrence, in its own time zone."""
    tz = zone_of(activity.timezone)
    start = activity.starts_local.replace(tzinfo=tz)
    event = Event()
    event.add("uid", f"activity-{activity.id}")
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=activity.minutes))
    event.add("summary", activity.title)
    if activity.rrule:
        event.add("rrule", vRecur.from_ical(activity.rrule))
    for moment in activity.exdates:
        event.add("exdate", datetime.fromisoformat(moment).replace(tzinfo=tz))
    return event


def expand(
    activities: Iterable[Activity], start: date, end: date
) -> list[tuple[Activity, datetime]]:
    """Every time the activities take place from ``start`` to ``end`` (both days included), as
    (activity, local start), earliest first."""
    found = {a.id: a for a in activities}
    if not found:
        return []
    cal = Calendar()
    for activity in found.values():
        cal.add_component(event_of(activity))
    tz = zone_of(home_zone())
    begin = datetime.combine(start, datetime.min.time(), tz)
    until = datetime.combine(end + timedelta(days=1), datetime.min.time(), tz)
    rows: list[tuple[Activity, datetime]] = []
    for occurrence in recurring_ical_events.of(cal).between(begin, until):
        activity = found[int(str(occurrence["UID"]).removeprefix("activity-"))]
        moment = occurrence["DTSTART"].dt
        if not isinstance(moment, datetime):
            moment = datetime.combine(moment, datetime.min.time(), tz)
        rows.append((activity, moment.astimezone(zone_of(activity.timezone))))
        if len(rows) >= MAX_OCCURRENCES:
            break
    rows.sort(key=lambda row: (row[1], row[0].title, row[0].id))
    return rows


def matching(filters: Filters) -> list[tuple[Activity, str, str | None]]:
    """The activities that answer the filters, with their organisation's and neighbourhood's
    names (whatever their times: the feeds carry the recurrence itself)."""
    query = (
        select(Activity, Organisation.name, Neighbourhood.name)
        .join(Organisation, Organisation.id == Activity.organisation_id)
        .outerjoin(Neighbourhood, Neighbourhood.id == Activity.neighbourhood_id)
        .where(Organisation.archived_at.is_(None))
        .order_by(Activity.id)
    )
    if filters.organisation_id is not None:
        query = query.where(Activity.organisation_id == filters.organisation_id)
    rows = db.session.execute(query).all()
    return [(a, org, hood) for a, org, hood in rows if filters.admits(a)]


def listing(filters: Filters, start: date, days: int = WINDOW_DAYS) -> Listing:
    """The calendar from ``start`` on for ``days`` days, narrowed by ``filters`` (two queries
    whatever the number of activities: one for the rows, none per occurrence)."""
    days = max(1, min(days, MAX_WINDOW_DAYS))
    rows = matching(filters)
    names = {a.id: (org, hood) for a, org, hood in rows}
    end = start + timedelta(days=days - 1)
    grouped: dict[date, list[Occurrence]] = {}
    for activity, moment in expand((a for a, _o, _h in rows), start, end):
        if filters.weekday is not None and moment.weekday() != filters.weekday:
            continue
        org, hood = names[activity.id]
        shown = Occurrence(
            activity, moment, moment + timedelta(minutes=activity.minutes), org, hood
        )
        grouped.setdefault(moment.date(), []).append(shown)
    return Listing(
        start, days, filters, [CalendarDay(day, grouped[day]) for day in sorted(grouped)]
    )


def neighbourhoods() -> list[Neighbourhood]:
    """The tenant's neighbourhoods, for the filters and the forms."""
    return list(db.session.execute(select(Neighbourhood).order_by(Neighbourhood.name)).scalars())


def neighbourhood(neighbourhood_id: int) -> Neighbourhood | None:
    """The tenant's neighbourhood with this id, or None (another tenant's is none here, and so
    is a number no id can be)."""
    if not 0 < neighbourhood_id <= MAX_ID:
        return None
    return db.session.execute(
        select(Neighbourhood).where(Neighbourhood.id == neighbourhood_id)
    ).scalar_one_or_none()


def shown_activity(activity_id: int) -> tuple[Activity, str] | None:
    """An activity the public calendar shows (its organisation not archived), with the
    organisation's name; None for any other id (and for a number no id can be)."""
    if not 0 < activity_id <= MAX_ID:
        return None
    row = db.session.execute(
        select(Activity, Organisation.name)
        .join(Organisation, Organisation.id == Activity.organisation_id)
        .where(Activity.id == activity_id, Organisation.archived_at.is_(None))
    ).first()
    return (row[0], row[1]) if row is not None else None


def activities_of(organisation_ids: Iterable[int] | None) -> list[tuple[Activity, str]]:
    """The activities of these organisations (every one for ``None``) with the organisation's
    name, for the organisers' own list."""
    query = (
        select(Activity, Organisation.name)
        .join(Organisation, Organisation.id == Activity.organisation_id)
        .order_by(Organisation.name, Activity.title, Activity.id)
    )
    if organisation_ids is not None:
        query = query.where(Activity.organisation_id.in_(list(organisation_ids)))
    return [(a, name) for a, name in db.session.execute(query).all()]
