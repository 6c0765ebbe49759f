"""Signals: care workers (home care, district nurses) report residents who may be lonely.

A signal goes to an organisation that works with a methodology that reaches out to residents
(one with a ``TargetGroup``). The team sees signals with the target group first, e.g. residents
aged 75 and over, the age being the organisation's setting or the methodology's default.
A signal holds only what the team needs to make contact: a name, a postcode, a birth date when
known, and why the signaller is worried.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, case, false, func, select

from kring.core import journal
from kring.core.db import utcnow
from kring.core.methodology import Methodology, TargetGroup
from kring.core.paging import PAGE_SIZE, Page, read_page
from kring.core.rules import Refused, refusal
from kring.extensions import db
from kring.organisations import service as organisations
from kring.organisations.models import Organisation
from kring.people.models import normalise_postcode
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


def report(
    destination: Destination,
    resident_name: str,
    postcode: str | None,
    birth_date: date | None,
    reason: str,
    actor_id: int | None,
    today: date,
) -> Signal:
    """Report a resident to a team, or refuse naming every field at fault."""
    unmet = []
    name = " ".join(resident_name.split())
    if not name:
        unmet.append(
            refusal(
                "signal.name",
                "Name the resident",
                "Noem de naam van de bewoner",
                is_input=True,
            )
        )
    if not reason.strip():
        unmet.append(
            refusal(
                "signal.reason",
                "Say why you are worried",
                "Zeg waarom je je zorgen maakt",
                is_input=True,
            )
        )
    if birth_date is not None and birth_date > today:
        unmet.append(
            refusal(
                "signal.birth_date",
                "A birth date lies in the past",
                "Een geboortedatum ligt in het verleden",
                is_input=True,
            )
        )
    if unmet:
        raise Refused(unmet)
    signal = Signal(
        organisation_id=destination.organisation.id,
        methodology_key=destination.methodology.key,
        resident_name=name,
        postcode=normalise_postcode(postcode) if postcode else None,
        birth_date=birth_date,
        reason=reason.strip(),
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
    """One page of signals, those to act on first at the top: new before handled, target group
    before the rest, oldest first. ``signaled_by`` limits the list to one signaller's reports.
    The order is the database's, so a page never reads the whole list."""
    found = destinations(methodologies)
    order: list[Any] = [Signal.status != SignalStatus.new]
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


def set_status(
    signal: Signal, status: SignalStatus, note: str | None, actor_id: int | None
) -> Signal:
    """Record how the team followed a signal up; a note adds to what the team knows."""
    signal.status = status
    if note:
        signal.note = note.strip()
    signal.handled_at = utcnow()
    journal.record("signal.status", signal, actor_id, status=status.value)
    return signal
