"""Reading an organisation's own iCal calendar into the tenant's: a feed address read every
night, or a file uploaded once. Organisations already keep their activities somewhere (a
church's website, a club's Google calendar); typing them again is what makes a shared calendar
die, so Kring reads what they have.

Each event is matched on its UID within the organisation, so reading the same feed twice
changes rows rather than adding them; an event gone from a feed leaves the calendar. Recurrence
rules and their exceptions are kept as RRULE and EXDATEs, and a moved occurrence
(RECURRENCE-ID) becomes an exception of its series plus a one-off of its own. Time zones are
read from the file: an IANA name is kept, a Windows name (Outlook) is translated, anything else
(UTC, a zone only the file defines) is put on the tenant's wall clock. A feed that cannot be
read gives a sentence an organiser can act on, never an error page.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import requests
from flask import has_request_context
from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import Calendar
from sqlalchemy import select

from kring.activities import service
from kring.activities.models import Activity, ActivityFeed
from kring.core.db import utcnow
from kring.core.tenancy import Tenant, current_tenant_id
from kring.extensions import db

MAX_BYTES = 2 * 1024 * 1024
MAX_EVENTS = 1000
TIMEOUT_SECONDS = 10
ALLOW_PRIVATE_HOSTS = False
"""Feeds on loopback or private addresses are refused, so a feed address cannot make the
server read its own network; tests serving a feed on loopback switch this on."""


class FeedError(ValueError):
    """A calendar that cannot be read, with what to do about it in the reader's language."""


@contextmanager
def _speaking() -> Iterator[None]:
    """The reader's language in a request; the tenant's in a job or a command, so what a
    nightly reading writes on the feed reads well on the organisers' page."""
    if has_request_context():
        yield
        return
    tenant = db.session.get(Tenant, current_tenant_id())
    with force_locale(tenant.locale if tenant is not None else "nl"):
        yield


@dataclass(frozen=True)
class Imported:
    """What one reading did."""

    created: int
    updated: int
    removed: int
    skipped: int

    @property
    def read(self) -> int:
        return self.created + self.updated


def parse(data: bytes) -> Calendar:
    """The calendar in ``data``; ``FeedError`` for anything that is no iCalendar."""
    if len(data) > MAX_BYTES:
        raise FeedError(_("The calendar is larger than 2 MB; Kring reads smaller ones."))
    if b"BEGIN:VCALENDAR" not in data[:2048].upper():
        raise FeedError(_("This is not an iCal calendar (it should start with BEGIN:VCALENDAR)."))
    try:
        found = Calendar.from_ical(data)
    except (ValueError, KeyError, IndexError, TypeError):
        raise FeedError(_("This iCal calendar is damaged and cannot be read.")) from None
    if not isinstance(found, Calendar):
        raise FeedError(_("This is not an iCal calendar (it should start with BEGIN:VCALENDAR)."))
    return found


def _windows_zone(name: str) -> str | None:
    try:
        from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON
    except ImportError:  # pragma: no cover - older icalendar
        return None
    found = WINDOWS_TO_OLSON.get(name)
    return str(found) if found else None


def local_start(moment: Any, home: str, zone_param: str | None) -> tuple[datetime, str, bool]:
    """A DTSTART as (local wall-clock time, time zone name, whether it is a whole day)."""
    if not isinstance(moment, datetime):  # a whole day
        return datetime.combine(moment, datetime.min.time()), home, True
    tz = moment.tzinfo
    if tz is None:  # floating, or a TZID nobody defined: the tenant's wall clock
        name = _windows_zone(zone_param or "") if zone_param else None
        return moment, name or home, False
    if isinstance(tz, ZoneInfo) and tz.key != "UTC":
        return moment.replace(tzinfo=None), tz.key, False
    name = _windows_zone(zone_param or "")
    target = ZoneInfo(name or home)
    return moment.astimezone(target).replace(tzinfo=None), name or home, False


def _minutes(event: Any, start: Any, whole_day: bool) -> int:
    if "DTEND" in event and event["DTEND"].dt is not None:
        span = event["DTEND"].dt - start
    elif "DURATION" in event:
        span = event["DURATION"].dt
    else:
        span = timedelta(days=1) if whole_day else timedelta(hours=1)
    minutes = int(span.total_seconds() // 60)
    return max(1, min(minutes, 24 * 60))


def _exdates(event: Any, zone: str) -> list[date]:
    found: list[date] = []
    values = event.get("EXDATE")
    for group in values if isinstance(values, list) else [values] if values else []:
        for item in group.dts:
            moment = item.dt
            if isinstance(moment, datetime) and moment.tzinfo is not None:
                moment = moment.astimezone(ZoneInfo(zone))
            found.append(moment.date() if isinstance(moment, datetime) else moment)
    return found


def _text(event: Any, key: str, limit: int) -> str:
    return str(event.get(key, "") or "").strip()[:limit]


def details_of(
    event: Any,
    organisation_id: int,
    neighbourhood_id: int | None,
    audiences: tuple[str, ...],
    home: str,
) -> service.Details:
    """One VEVENT as an activity's details; ``service.Invalid`` when it has no use."""
    prop = event["DTSTART"]
    start, zone, whole_day = local_start(prop.dt, home, prop.params.get("TZID"))
    rule = event.get("RRULE")
    return service.Details(
        organisation_id=organisation_id,
        title=_text(event, "SUMMARY", 200) or _("(no title)"),
        description=_text(event, "DESCRIPTION", 4000),
        starts_local=start,
        minutes=_minutes(event, prop.dt, whole_day),
        rrule=rule.to_ical().decode() if rule is not None else None,
        exdates=tuple(_exdates(event, zone)),
        neighbourhood_id=neighbourhood_id,
        address=_text(event, "LOCATION", 300),
        audiences=audiences or ("everyone",),
        contact=_text(event, "CONTACT", 300),
        timezone=zone,
    )


def import_calendar(
    cal: Calendar,
    organisation_id: int,
    *,
    neighbourhood_id: int | None = None,
    audiences: tuple[str, ...] = (),
    feed: ActivityFeed | None = None,
    home: str | None = None,
) -> Imported:
    """Put the calendar's events on the tenant's calendar for this organisation, matched on
    UID; with a ``feed``, its events no longer in the calendar leave. Times without a zone of
    their own are taken in ``home`` (the tenant's zone unless given)."""
    home = home or service.home_zone()
    existing: dict[str | None, Activity] = {
        a.source_uid: a
        for a in db.session.execute(
            select(Activity).where(
                Activity.organisation_id == organisation_id, Activity.source_uid.is_not(None)
            )
        ).scalars()
    }
    events: list[Any] = [e for e in cal.walk("VEVENT") if "UID" in e and "DTSTART" in e]
    events = events[:MAX_EVENTS]
    moved = [e for e in events if "RECURRENCE-ID" in e]
    seen: set[str] = set()
    created = updated = skipped = 0
    for event in [e for e in events if "RECURRENCE-ID" not in e] + moved:
        uid = str(event["UID"])[:200]
        if "RECURRENCE-ID" in event:
            original = event["RECURRENCE-ID"].dt
            master = existing.get(uid)
            if master is not None and master.rrule:
                day = original.date() if isinstance(original, datetime) else original
                service.skip(master, day)
            uid = f"{uid}#{original:%Y%m%dT%H%M%S}"[:255]
        if str(event.get("STATUS", "")).upper() == "CANCELLED" or uid in seen:
            skipped += 1
            continue
        try:
            details = details_of(event, organisation_id, neighbourhood_id, audiences, home)
            with db.session.begin_nested():
                found = existing.get(uid)
                if found is not None:
                    service.change(found, details)
                    updated += 1
                else:
                    activity = service.publish(details, None)
                    activity.source_uid, activity.feed_id = uid, feed.id if feed else None
                    existing[uid] = activity
                    created += 1
        except (service.Invalid, ValueError, KeyError, TypeError):
            skipped += 1
            continue
        seen.add(uid)
    removed = 0
    if feed is not None:
        for known, activity in existing.items():
            if activity.feed_id == feed.id and known not in seen:
                db.session.delete(activity)
                removed += 1
    db.session.flush()
    return Imported(created, updated, removed, skipped)


def _check_address(url: str) -> None:
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise FeedError(_("A feed address starts with https:// (or http://)."))
    if ALLOW_PRIVATE_HOSTS:
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parsed.hostname, None)}
    except OSError:
        raise FeedError(_("Kring cannot find %(host)s.", host=parsed.hostname)) from None
    for address in addresses:
        ip = ipaddress.ip_address(str(address).split("%")[0])
        if not ip.is_global:
            raise FeedError(
                _(
                    "Kring reads feeds from the internet only, not from %(host)s.",
                    host=parsed.hostname,
                )
            )


def fetch(url: str) -> bytes:
    """The feed's content, at most ``MAX_BYTES``; ``FeedError`` saying what went wrong."""
    _check_address(url)
    try:
        with requests.get(
            url,
            timeout=TIMEOUT_SECONDS,
            stream=True,
            allow_redirects=False,
            headers={"User-Agent": "Kring calendar"},
        ) as answer:
            if answer.status_code != 200:
                raise FeedError(
                    _(
                        "The feed answered with code %(code)s instead of a calendar.",
                        code=answer.status_code,
                    )
                )
            data = b""
            for chunk in answer.iter_content(64 * 1024):
                data += chunk
                if len(data) > MAX_BYTES:
                    raise FeedError(
                        _("The calendar is larger than 2 MB; Kring reads smaller ones.")
                    )
            return data
    except requests.Timeout:
        raise FeedError(_("The feed did not answer within 10 seconds.")) from None
    except requests.RequestException:
        raise FeedError(_("Kring cannot reach the feed. Check the address.")) from None


def read_feed(feed: ActivityFeed, home: str | None = None) -> Imported | None:
    """Read one feed into the calendar and note how it went on the feed; ``None`` when it
    failed (``feed.last_error`` says why and the calendar keeps what it had)."""
    feed.last_read_at = utcnow()
    try:
        with _speaking():
            cal = parse(fetch(feed.url))
        with db.session.begin_nested():
            done = import_calendar(
                cal,
                feed.organisation_id,
                neighbourhood_id=feed.neighbourhood_id,
                audiences=tuple(feed.audiences),
                feed=feed,
                home=home,
            )
    except FeedError as exc:
        feed.last_error = str(exc)[:500]
        db.session.flush()
        return None
    feed.last_error, feed.last_count = None, done.read
    db.session.flush()
    return done


def add_feed(
    organisation_id: int,
    url: str,
    neighbourhood_id: int | None,
    audiences: tuple[str, ...],
    actor_id: int | None,
) -> ActivityFeed:
    """Keep an organisation's feed address, to be read every night (and once now by the caller)."""
    url = url.strip()
    with _speaking():
        _check_address(url)
    found = db.session.execute(
        select(ActivityFeed).where(
            ActivityFeed.organisation_id == organisation_id, ActivityFeed.url == url
        )
    ).scalar_one_or_none()
    if found is not None:
        return found
    feed = ActivityFeed(
        organisation_id=organisation_id,
        url=url,
        neighbourhood_id=neighbourhood_id,
        audiences=list(audiences),
        created_by_id=actor_id,
    )
    db.session.add(feed)
    db.session.flush()
    return feed


def feeds_of(organisation_ids: frozenset[int] | None) -> list[ActivityFeed]:
    """The feeds of these organisations (every one for ``None``)."""
    query = select(ActivityFeed).order_by(ActivityFeed.id)
    if organisation_ids is not None:
        query = query.where(ActivityFeed.organisation_id.in_(sorted(organisation_ids)))
    return list(db.session.execute(query).scalars())
