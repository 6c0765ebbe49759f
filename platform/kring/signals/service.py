"""Signals: care workers (home care, district nurses) report residents who may be lonely.

A signal goes to the neighbourhood team whose neighbourhood holds the resident's postcode: a
circle of a methodology that reaches out to residents (one with a ``TargetGroup``), run by an
organisation that works with it. Where no team covers the postcode, the signaller names the
organisation, whose project leaders take it up. The team sees signals with the target group
first, e.g. residents aged 75 and over, the age being the organisation's setting or the
methodology's default. A signal holds only what the team needs to make contact; without the
resident's agreement, only the address, the postcode and what was seen.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, case, false, func, select

from kring.circles.models import Circle
from kring.core import journal
from kring.core.methodology import Methodology, TargetGroup
from kring.core.paging import PAGE_SIZE, Page, read_page
from kring.core.rules import Refused, refusal
from kring.extensions import db
from kring.organisations import service as organisations
from kring.organisations.models import Organisation
from kring.people.models import Neighbourhood, normalise_postcode
from kring.signals.models import Signal, SignalStatus


@dataclass(frozen=True)
class Destination:
    """An organisation and the methodology with which it takes signals."""

    organisation: Organisation
    methodology: Methodology
    min_age: int


def destinations(methodologies: Mapping[str, Methodology]) -> list[Destination]:
    """Where signals may go in the current tenant, with each one's target age, in one query."""
    found = []
    for enabled in organisations.enablements():
        organisation = enabled.organisation
        m = methodologies.get(enabled.methodology_key)
        if m is None or m.target_group is None:
            continue
        group = m.target_group
        age = enabled.settings.get(group.setting, group.min_age) if group.setting else group.min_age
        found.append(Destination(organisation, m, int(age)))
    return found


def team_for(postcode: str, found: list[Destination]) -> tuple[Destination, Circle] | None:
    """The neighbourhood team of a postcode: a circle of one of the ``found`` destinations whose
    neighbourhood holds it, the neighbourhood with the longest matching prefix first (a street
    before a whole district). Two queries whatever the number of teams."""
    by_key = {(d.organisation.id, d.methodology.key): d for d in found}
    if not by_key:
        return None
    code = normalise_postcode(postcode)
    rows = db.session.execute(
        select(Circle, Neighbourhood)
        .join(Neighbourhood, Neighbourhood.id == Circle.neighbourhood_id)
        .where(
            Circle.organisation_id.in_({o for o, _k in by_key}),
            Circle.methodology_key.in_({k for _o, k in by_key}),
        )
        .order_by(Circle.id)
    ).all()
    best: tuple[int, Destination, Circle] | None = None
    for circle, neighbourhood in rows:
        destination = by_key.get((circle.organisation_id, circle.methodology_key))
        length = max((len(p) for p in neighbourhood.postcodes if code.startswith(p)), default=0)
        if destination is not None and length and (best is None or length > best[0]):
            best = (length, destination, circle)
    return (best[1], best[2]) if best else None


@dataclass(frozen=True)
class Report:
    """What a signaller tells about a resident, as typed; ``report`` keeps what it may."""

    postcode: str
    reason: str
    has_consent: bool
    resident_name: str = ""
    address: str = ""
    birth_date: date | None = None


def report(
    found: list[Destination],
    chosen: Destination | None,
    told: Report,
    actor_id: int | None,
    today: date,
) -> Signal:
    """Send a signal to the neighbourhood team of its postcode, or to the ``chosen``
    organisation where no team covers it; refuse naming every field at fault. Without the
    resident's agreement no name and no birth date are kept."""
    unmet = []
    name = " ".join(told.resident_name.split())
    address = " ".join(told.address.split())
    if told.has_consent and not (name or address):
        unmet.append(
            refusal(
                "signal.resident_name",
                "Give the resident's name and address, or at least the address",
                "Geef de naam en het adres van de bewoner, of in elk geval het adres",
                is_input=True,
            )
        )
    if not told.reason.strip():
        unmet.append(
            refusal("signal.reason", "Say what you saw", "Zeg wat je hebt gezien", is_input=True)
        )
    if told.birth_date is not None and told.birth_date > today:
        unmet.append(
            refusal(
                "signal.birth_date",
                "A birth date lies in the past",
                "Een geboortedatum ligt in het verleden",
                is_input=True,
            )
        )
    team = team_for(told.postcode, found)
    destination = team[0] if team else chosen
    if destination is None:
        unmet.append(
            refusal(
                "signal.destination",
                "No neighbourhood team covers this postcode yet: choose where the signal goes",
                "Nog geen buurtteam werkt in deze postcode: kies waar het signaal heen gaat",
                is_input=True,
            )
        )
    if unmet:
        raise Refused(unmet)
    assert destination is not None  # refused above
    signal = Signal(
        organisation_id=destination.organisation.id,
        methodology_key=destination.methodology.key,
        circle_id=team[1].id if team else None,
        resident_name=(name or None) if told.has_consent else None,
        address=address or None,
        postcode=normalise_postcode(told.postcode),
        birth_date=told.birth_date if told.has_consent else None,
        has_consent=told.has_consent,
        reason=told.reason.strip(),
        signaled_by_id=actor_id,
    )
    db.session.add(signal)
    db.session.flush()
    journal.record("signal.reported", signal, actor_id)
    return signal


@dataclass(frozen=True)
class SignalRow:
    """A signal as the team's list shows it: with its organisation and whether the resident is
    in the group the methodology reaches out to first."""

    signal: Signal
    organisation: str
    in_target_group: bool


def _row(
    signal: Signal, organisation: str, ages: dict[tuple[int, str], int], today: date
) -> SignalRow:
    age = ages.get((signal.organisation_id, signal.methodology_key), NOBODY)
    in_group = TargetGroup(min_age=age).includes(signal.birth_date, today)
    return SignalRow(signal, organisation, in_group)


NOBODY = 200
"""The target age of a signal whose organisation no longer takes signals: nobody is in it."""


def listing(
    methodologies: Mapping[str, Methodology],
    today: date,
    signaled_by: int | None = None,
    number: int = 1,
    size: int = PAGE_SIZE,
    visible: ColumnElement[bool] | None = None,
) -> Page[SignalRow]:
    """One page of signals, those to act on first at the top: waiting before picked up before
    ended, target group before the rest, oldest first. ``signaled_by`` limits the list to one
    signaller's reports. The order is the database's, so a page never reads the whole list."""
    found = destinations(methodologies)
    order: list[Any] = [
        case(
            (Signal.status == SignalStatus.new, 0),
            (Signal.status == SignalStatus.closed, 2),
            else_=1,
        )
    ]
    if found:  # with no team taking signals, nobody is in a target group
        order.append(~_in_target_group(found, today))
    query = (
        select(Signal, Organisation.name)
        .join(Organisation, Organisation.id == Signal.organisation_id)
        .order_by(*order, Signal.created_at, Signal.id)
    )
    if signaled_by is not None:
        query = query.where(Signal.signaled_by_id == signaled_by)
    if visible is not None:
        query = query.where(visible)
    page = read_page(query, number, size)
    rows = [_row(signal, name, _ages(found), today) for signal, name in page.items]
    return Page(rows, page.number, page.has_next)


def _born_by(destination: Destination, today: date) -> date:
    return TargetGroup(min_age=destination.min_age).born_by(today)


def _ages(found: list[Destination]) -> dict[tuple[int, str], int]:
    return {(d.organisation.id, d.methodology.key): d.min_age for d in found}


def _in_target_group(found: list[Destination], today: date) -> ColumnElement[bool]:
    """Whether a signal's resident is in the target group of its destination, in SQL."""
    return case(
        *[
            (
                and_(
                    Signal.organisation_id == d.organisation.id,
                    Signal.methodology_key == d.methodology.key,
                ),
                func.coalesce(
                    Signal.birth_date <= TargetGroup(min_age=d.min_age).born_by(today), false()
                ),
            )
            for d in found
        ],
        else_=false(),
    )


def row(signal: Signal, methodologies: Mapping[str, Methodology], today: date) -> SignalRow:
    """One signal as the list shows it."""
    organisation = db.session.get(Organisation, signal.organisation_id)
    name = organisation.name if organisation is not None else ""
    return _row(signal, name, _ages(destinations(methodologies)), today)
