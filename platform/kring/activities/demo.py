"""Invented activities for the demo tenants: a week's worth of what churches, clubs, schools,
visiting services and welfare organisations offer, some weekly with a day off, spread over the
tenant's organisations and neighbourhoods, so the public calendar, its feeds and the gap view
show something real. A tenant that has any activity already is left alone."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select

from kring.activities import importing, service
from kring.activities.models import Activity
from kring.core.tenancy import Tenant, current_tenant_id
from kring.extensions import db
from kring.organisations.models import Organisation, OrganisationKind
from kring.people.models import Neighbourhood

# (kind of organisation, title, weekday, hour, minutes, rule, audiences, access, cost, words)
_NL = [
    (
        "welfare",
        "Koffieochtend in het buurthuis",
        1,
        10,
        90,
        "FREQ=WEEKLY",
        ["everyone"],
        ["wheelchair", "accessible_toilet"],
        "€ 1,00",
        "Binnenlopen voor koffie en een praatje.",
    ),
    (
        "welfare",
        "Wandelen op dinsdag",
        1,
        14,
        60,
        "FREQ=WEEKLY",
        ["seniors_75", "seniors_65"],
        [],
        "gratis",
        "Een rustige wandeling van een half uur, daarna thee.",
    ),
    (
        "church",
        "Open kerk met soep",
        3,
        12,
        90,
        "FREQ=WEEKLY",
        ["everyone"],
        ["wheelchair", "hearing_loop"],
        "gratis",
        "Een kom soep en een luisterend oor.",
    ),
    (
        "church",
        "Zangmiddag",
        4,
        15,
        90,
        "FREQ=MONTHLY;BYDAY=1TH",
        ["seniors_75"],
        ["hearing_loop", "transport"],
        "gratis",
        "Oude liedjes zingen met piano.",
    ),
    (
        "sports",
        "Bewegen voor ouderen",
        0,
        10,
        60,
        "FREQ=WEEKLY",
        ["seniors_65", "seniors_75"],
        ["wheelchair", "accessible_toilet"],
        "€ 3,00",
        "Stoelgym op je eigen tempo.",
    ),
    (
        "sports",
        "Jeu de boules",
        5,
        13,
        120,
        "FREQ=WEEKLY",
        ["everyone"],
        [],
        "gratis",
        "Iedereen kan meedoen, ballen zijn er.",
    ),
    (
        "school",
        "Samen lezen met de kinderen",
        2,
        9,
        45,
        "FREQ=WEEKLY;INTERVAL=2",
        ["seniors_65", "families"],
        ["wheelchair"],
        "gratis",
        "Voorlezen in groep 3.",
    ),
    (
        "visiting",
        "Spelletjesmiddag van de bezoekdienst",
        4,
        14,
        120,
        "FREQ=WEEKLY",
        ["seniors_75"],
        ["transport", "wheelchair"],
        "gratis",
        "Sjoelen, rummikub en kaarten.",
    ),
]
_EN = [
    (
        "welfare",
        "Coffee morning at the community centre",
        1,
        10,
        90,
        "FREQ=WEEKLY",
        ["everyone"],
        ["wheelchair"],
        "£1",
        "Drop in for coffee and a chat.",
    ),
    (
        "church",
        "Soup and a chat",
        3,
        12,
        90,
        "FREQ=WEEKLY",
        ["everyone"],
        ["hearing_loop"],
        "free",
        "A bowl of soup and someone to talk to.",
    ),
    (
        "sports",
        "Chair exercise",
        0,
        10,
        60,
        "FREQ=WEEKLY",
        ["seniors_65", "seniors_75"],
        ["wheelchair", "accessible_toilet"],
        "£2",
        "Gentle exercise at your own pace.",
    ),
    (
        "visiting",
        "Games afternoon",
        4,
        14,
        120,
        "FREQ=WEEKLY",
        ["seniors_75"],
        ["transport"],
        "free",
        "Cards, dominoes and tea.",
    ),
]

_STREETS = ("Markt", "Kerkstraat", "Sportlaan", "Schoolstraat", "Lindenlaan", "Molenweg")


def _organiser(orgs: list[Organisation], kind: str) -> Organisation:
    for org in orgs:
        if org.kind == OrganisationKind(kind):
            return org
    return orgs[0]


def demo_calendar(today: date) -> list[str]:
    """Put the invented activities on the calendar of the tenant in scope, once."""
    if db.session.execute(select(Activity.id).limit(1)).first() is not None:
        return []
    orgs = list(
        db.session.execute(
            select(Organisation).where(Organisation.archived_at.is_(None)).order_by(Organisation.id)
        ).scalars()
    )
    hoods = list(db.session.execute(select(Neighbourhood).order_by(Neighbourhood.id)).scalars())
    if not orgs:
        return []
    tenant = db.session.get(Tenant, current_tenant_id())
    english = tenant is not None and tenant.locale == "en"
    zone = service.home_zone()
    monday = today - timedelta(days=today.weekday())
    for i, (kind, title, weekday, hour, minutes, rule, audiences, access, cost, words) in enumerate(
        _EN if english else _NL
    ):
        first = monday + timedelta(days=weekday)
        # the first of every three weekly activities skips next week (a holiday)
        skipped = (first + timedelta(days=7),) if rule == "FREQ=WEEKLY" and i % 3 == 0 else ()
        # the last neighbourhood is left without anything, so the gap view has a gap to show
        hood = hoods[i % max(len(hoods) - 1, 1)] if hoods else None
        service.publish(
            service.Details(
                organisation_id=_organiser(orgs, kind).id,
                title=title,
                description=words,
                starts_local=datetime.combine(first, time(hour)),
                minutes=minutes,
                rrule=rule,
                exdates=skipped,
                neighbourhood_id=hood.id if hood is not None else None,
                address=f"{_STREETS[i % len(_STREETS)]} {10 + i}",
                audiences=tuple(audiences),
                access=tuple(access),
                cost=cost,
                contact="0343 000 000" if not english else "01632 960000",
                timezone=zone,
            ),
            None,
        )
    _import_sample(_organiser(orgs, "visiting"), hoods[0] if hoods else None, today)
    return []


SAMPLE = Path(__file__).parent / "samples" / "bezoekdienst.ics"
"""A visiting service's Outlook calendar as such calendars come: a Windows time zone, a
weekly series with days off and one moved occurrence, an event in UTC, a cancelled one."""


def _import_sample(organisation: Organisation, hood: Neighbourhood | None, today: date) -> None:
    """Read the sample calendar for the visiting service, its dates moved to this year."""
    data = SAMPLE.read_bytes().replace(b"2026", str(today.year).encode())
    importing.import_calendar(
        importing.parse(data),
        organisation.id,
        neighbourhood_id=hood.id if hood is not None else None,
        audiences=("seniors_75",),
    )
