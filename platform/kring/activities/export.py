"""The calendar as iCal (RFC 5545), per tenant, per neighbourhood and per audience: calendar
apps and other websites subscribe to it, so an organisation's activity shows up where people
already look. Recurring activities stay one event with their RRULE and EXDATEs, in their own
time zone (with its VTIMEZONE), so a calendar app repeats them itself and gets summer time right.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from icalendar import Calendar

from kring.activities.models import Activity
from kring.activities.service import event_of


def calendar(
    rows: Iterable[tuple[Activity, str, str | None]],
    name: str,
    domain: str,
    now: datetime,
    labels: dict[str, str] | None = None,
) -> bytes:
    """The activities (with their organisation's and neighbourhood's names) as one iCalendar
    document; ``labels`` names the audiences in the tenant's language for ``CATEGORIES``."""
    cal = Calendar()
    cal.add("prodid", "-//Kring//Activities//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for activity, organisation, neighbourhood in rows:
        event = event_of(activity)
        event["uid"] = f"activity-{activity.id}@{domain}"
        event.add("dtstamp", now)
        event.add("last-modified", activity.updated_at)
        lines = [activity.description] if activity.description else []
        lines.append(organisation)
        if activity.cost:
            lines.append(activity.cost)
        if activity.contact:
            lines.append(activity.contact)
        event.add("description", "\n".join(lines))
        place = ", ".join(p for p in (activity.address, neighbourhood or "") if p)
        if place:
            event.add("location", place)
        if activity.audiences:
            event.add("categories", [(labels or {}).get(a, a) for a in activity.audiences])
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
