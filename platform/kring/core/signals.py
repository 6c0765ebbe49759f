"""Signals: care workers (home care, district nurses) report residents who may be lonely.

A signal goes to an organisation that works with a methodology that reaches out to residents
(one with a ``TargetGroup``). The team sees signals with the target group first, e.g. residents
aged 75 and over, the age being the organisation's setting or the methodology's default.
A signal holds only what the team needs to make contact: a name, a postcode, a birth date when
known, and why the signaller is worried.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Enum, ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from kring.core import journal
from kring.core.circles import Refused
from kring.core.db import Model, utcnow
from kring.core.enablement import MethodologyEnablement
from kring.core.methodology import Methodology
from kring.core.people import age_on, normalise_postcode
from kring.core.rules import refusal
from kring.core.tenancy import Organisation, TenantScoped
from kring.extensions import db


class SignalStatus(enum.StrEnum):
    new = "new"
    contacted = "contacted"
    connected = "connected"  # the resident takes part
    declined = "declined"  # the resident does not want contact


class Signal(TenantScoped, Model):
    __tablename__ = "signal"

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    methodology_key: Mapped[str] = mapped_column(String(40))
    resident_name: Mapped[str] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(10))
    birth_date: Mapped[date | None]
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[SignalStatus] = mapped_column(
        Enum(SignalStatus, native_enum=False, length=20), default=SignalStatus.new
    )
    note: Mapped[str | None] = mapped_column(Text)
    signaled_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    handled_at: Mapped[datetime | None]


def is_in_target_group(birth_date: date | None, today: date, min_age: int) -> bool:
    """An unknown birth date is not in the group: a list of whom to approach first should not
    guess, though the team may still help."""
    age = age_on(birth_date, today)
    return age is not None and age >= min_age


@dataclass(frozen=True)
class Destination:
    """An organisation and the methodology with which it takes signals."""

    organisation: Organisation
    methodology: Methodology
    min_age: int


def destinations(methodologies: Mapping[str, Methodology]) -> list[Destination]:
    """Where signals may go in the current tenant, with each one's target age, in one query."""
    rows = db.session.execute(
        select(MethodologyEnablement, Organisation)
        .join(Organisation, Organisation.id == MethodologyEnablement.organisation_id)
        .order_by(Organisation.name)
    ).all()
    found = []
    for enabled, organisation in rows:
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
    unmet = []
    name = " ".join(resident_name.split())
    if not name:
        unmet.append(refusal("signal.name", "Name the resident", "Noem de naam van de bewoner"))
    if not reason.strip():
        unmet.append(
            refusal("signal.reason", "Say why you are worried", "Zeg waarom je je zorgen maakt")
        )
    if birth_date is not None and birth_date > today:
        unmet.append(
            refusal(
                "signal.birth_date",
                "A birth date lies in the past",
                "Een geboortedatum ligt in het verleden",
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
    signal: Signal
    organisation: str
    in_target_group: bool


def listing(
    methodologies: Mapping[str, Methodology], today: date, signaled_by: int | None = None
) -> list[SignalRow]:
    """Signals to act on first at the top: new before handled, target group before the rest,
    oldest first. ``signaled_by`` limits the list to one signaller's own reports."""
    ages = {(d.organisation.id, d.methodology.key): d.min_age for d in destinations(methodologies)}
    query = select(Signal, Organisation.name).join(
        Organisation, Organisation.id == Signal.organisation_id
    )
    if signaled_by is not None:
        query = query.where(Signal.signaled_by_id == signaled_by)
    rows = [
        SignalRow(
            signal,
            organisation,
            is_in_target_group(
                signal.birth_date,
                today,
                ages.get((signal.organisation_id, signal.methodology_key), 200),
            ),
        )
        for signal, organisation in db.session.execute(query).all()
    ]
    return sorted(
        rows,
        key=lambda r: (
            r.signal.status is not SignalStatus.new,
            not r.in_target_group,
            r.signal.created_at,
            r.signal.id,
        ),
    )


def set_status(
    signal: Signal, status: SignalStatus, note: str | None, actor_id: int | None
) -> Signal:
    signal.status = status
    if note:
        signal.note = note.strip()
    signal.handled_at = utcnow()
    journal.record("signal.status", signal, actor_id, status=status.value)
    return signal
