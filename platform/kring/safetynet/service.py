"""The safety net (vangnet): contacts with members, and what the escalations share with them
(``escalations.py`` takes questions up the methodology's ladder).

A volunteer logs each contact with a member (when, how, a short note). When a question is too
heavy for them, they raise an escalation: it goes to the next step of the methodology's
``EscalationLadder`` (the coach, the project leader), which should answer within the hours its
severity names; the team answers it, passes it a step further up (to professional care) or
resolves it. A note marked sensitive is shown only to whoever wrote it and to the members in
the roles the methodology allows; everyone else sees that there is a note, not what it says.

Who may do what is decided by ``kring.access.policy``; the functions here take what it decided
(the circles whose sensitive notes the reader reads, the condition of what they may see).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select

from kring.circles.models import Circle, CircleMember, MemberStatus
from kring.core import events
from kring.core.accounts import User
from kring.core.methodology import Methodology, Unmet
from kring.core.paging import PAGE_SIZE, Page, read_page
from kring.core.rules import Refused, refusal
from kring.extensions import db
from kring.people.models import Person
from kring.safetynet.models import Contact, ContactKind

NOTE_MAX = 4000


# --- who takes part ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberChoice:
    """A current member of a circle a contact or an escalation may be about."""

    person_id: int
    name: str
    role: str


def members(circle: Circle) -> list[MemberChoice]:
    """The circle's current members (candidates and active), by name."""
    rows = db.session.execute(
        select(Person.id, Person.name, CircleMember.role)
        .join(CircleMember, CircleMember.person_id == Person.id)
        .where(
            CircleMember.circle_id == circle.id,
            CircleMember.status.in_((MemberStatus.candidate, MemberStatus.active)),
        )
        .order_by(Person.name, Person.id)
    ).all()
    seen: dict[int, MemberChoice] = {}
    for person_id, name, role in rows:
        seen.setdefault(person_id, MemberChoice(person_id, name, role))
    return list(seen.values())


def not_a_member(circle: Circle, person_id: int | None) -> list[Unmet]:
    """The refusal when a contact or an escalation names someone outside the circle."""
    if person_id is not None and any(m.person_id == person_id for m in members(circle)):
        return []
    return [
        refusal(
            "safetynet.person",
            "Choose someone who takes part in the {circle_term}",
            "Kies iemand die meedoet in de {circle_term}",
            is_input=True,
            circle_term="circle",
        )
    ]


def blank(text: str | None, rule: str, en: str, nl: str) -> list[Unmet]:
    """The refusal of an empty text (a note, a question, an answer) under ``rule``."""
    return [] if text and text.strip() else [refusal(rule, en, nl, is_input=True)]


# --- contacts ---------------------------------------------------------------------------------


def log_contact(
    circle: Circle,
    person_id: int | None,
    contact_on: date,
    kind: ContactKind,
    note: str | None,
    is_sensitive: bool,
    actor_id: int | None,
    today: date,
) -> Contact:
    """Log a contact with a current member of the circle, on a day that has been."""
    unmet = not_a_member(circle, person_id)
    if contact_on > today:
        unmet.append(
            refusal(
                "safetynet.contact_on",
                "A contact is logged once it has taken place",
                "Een contact leg je vast als het heeft plaatsgevonden",
                is_input=True,
            )
        )
    if is_sensitive and not (note and note.strip()):
        unmet.append(
            refusal(
                "safetynet.note",
                "Write the note that is sensitive",
                "Schrijf de notitie die gevoelig is",
                is_input=True,
            )
        )
    if unmet:
        raise Refused(unmet)
    assert person_id is not None
    contact = Contact(
        circle_id=circle.id,
        person_id=person_id,
        contact_on=contact_on,
        kind=kind,
        note=(note or "").strip() or None,
        is_sensitive=is_sensitive,
        logged_by_id=actor_id,
    )
    db.session.add(contact)
    db.session.flush()
    events.contact_logged.send(
        contact, actor_id=actor_id, circle_id=circle.id, person_id=person_id, kind=kind.value
    )
    return contact


def shown_note(
    note: str | None,
    is_sensitive: bool,
    circle_id: int,
    author_id: int | None,
    reader_id: int | None,
    sensitive_in: Collection[int],
) -> tuple[str | None, bool]:
    """The note as this reader may see it, and whether it was held back."""
    if not is_sensitive or circle_id in sensitive_in or (reader_id and author_id == reader_id):
        return note, False
    return None, True


@dataclass(frozen=True)
class ContactRow:
    """A contact as the log shows it; ``note`` is None when held back (``note_hidden``)."""

    id: int
    circle_id: int
    person_id: int
    person_name: str
    contact_on: date
    kind: ContactKind
    note: str | None
    is_sensitive: bool
    note_hidden: bool
    logged_by: str | None


def _contacts(condition: ColumnElement[bool]) -> Select[*tuple[Any, ...]]:
    return (
        select(Contact, Person.name, User.name)
        .join(Person, Person.id == Contact.person_id)
        .outerjoin(User, User.id == Contact.logged_by_id)
        .where(condition)
        .order_by(Contact.contact_on.desc(), Contact.id.desc())
    )


def _contact_row(row: Any, reader_id: int | None, sensitive_in: Collection[int]) -> ContactRow:
    contact, person_name, logger = row
    note, hidden = shown_note(
        contact.note,
        contact.is_sensitive,
        contact.circle_id,
        contact.logged_by_id,
        reader_id,
        sensitive_in,
    )
    return ContactRow(
        contact.id,
        contact.circle_id,
        contact.person_id,
        person_name,
        contact.contact_on,
        contact.kind,
        note,
        contact.is_sensitive,
        hidden,
        logger,
    )


def contact_log(
    circle: Circle,
    reader_id: int | None,
    sensitive_in: Collection[int],
    number: int = 1,
    size: int = PAGE_SIZE,
) -> Page[ContactRow]:
    """One page of the circle's contact log, the latest first."""
    page = read_page(_contacts(Contact.circle_id == circle.id), number, size)
    rows = [_contact_row(row, reader_id, sensitive_in) for row in page.items]
    return Page(rows, page.number, page.has_next)


def contact_row(
    contact: Contact, reader_id: int | None, sensitive_in: Collection[int]
) -> ContactRow:
    """One contact as the log shows it to this reader."""
    row = db.session.execute(_contacts(Contact.id == contact.id)).one()
    return _contact_row(row, reader_id, sensitive_in)


@dataclass(frozen=True)
class ContactDue:
    """A member whose next contact is due: never seen, or not for ``every_days``."""

    circle_id: int
    circle_name: str
    person_id: int
    person_name: str
    last_contact_on: date | None
    due_on: date
    methodology_key: str


def contacts_due(
    circles: ColumnElement[bool], methodologies: Mapping[str, Methodology], today: date
) -> list[ContactDue]:
    """Members of the largest role (the participants) of the circles meeting ``circles``
    whose contact is due by today, longest overdue (or never contacted) first."""
    last = func.max(Contact.contact_on)
    rows = db.session.execute(
        select(
            Circle.id,
            Circle.name,
            Circle.methodology_key,
            CircleMember.role,
            Person.id,
            Person.name,
            CircleMember.joined_on,
            last,
        )
        .join(CircleMember, CircleMember.circle_id == Circle.id)
        .join(Person, Person.id == CircleMember.person_id)
        .outerjoin(
            Contact,
            (Contact.circle_id == Circle.id) & (Contact.person_id == CircleMember.person_id),
        )
        .where(circles, CircleMember.status == MemberStatus.active)
        .group_by(
            Circle.id,
            Circle.name,
            Circle.methodology_key,
            CircleMember.role,
            Person.id,
            Person.name,
            CircleMember.joined_on,
        )
    ).all()
    found = []
    for circle_id, circle_name, key, role, person_id, name, joined_on, last_on in rows:
        m = methodologies.get(key)
        if m is None or m.escalation is None or role != m.size_rule.role:
            continue
        due_on = (last_on or joined_on) + timedelta(days=m.escalation.contact_every_days)
        if last_on is None or due_on <= today:
            found.append(ContactDue(circle_id, circle_name, person_id, name, last_on, due_on, key))
    return sorted(found, key=lambda d: (d.last_contact_on is not None, d.due_on, d.person_name))
