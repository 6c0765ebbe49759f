"""How a person wants to be reached: reading and changing their ``NotificationPreference``.

The page and the API of the person themself, and of the coach or project leader who sets them
for a participant, call the same functions here: one set of rules (quiet hours both or none, a
copy needs an address), one warning when nothing would reach the person any more, and one
journal entry per change saying who made it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from datetime import time
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from kring.core import journal
from kring.core.accounts import Role, RoleGrant, User
from kring.core.tenancy import zone
from kring.extensions import db
from kring.notify import recipients
from kring.notify.models import Channel, NotificationPreference
from kring.people.models import Person

_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,24}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

QUIET_BOTH = _l("Fill in both times of the quiet hours, or neither.")
COPY_NEEDS_ADDRESS = _l("Give the contact person's e-mail address or phone number.")
BAD_EMAIL = _l("Enter a valid e-mail address.")
BAD_PHONE = _l("Enter a phone number of digits, such as 06 12345678 or +44 20 7946 0000.")


@dataclass(frozen=True, slots=True)
class Choices:
    """What a person chose; the defaults are what holds without a stored row."""

    by_email: bool = True
    by_sms: bool = False
    in_app: bool = True
    quiet_from: time | None = None
    quiet_until: time | None = None
    daily_digest: bool = False
    digest_at: time = time(8, 0)
    copy_to_contact: bool = False
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None


FIELDS = tuple(f.name for f in fields(Choices))


@dataclass(frozen=True, slots=True)
class Owner:
    """Whose preferences these are: a person of the tenant, or a staff login without one."""

    name: str
    person_id: int | None
    user_id: int | None
    email: str | None
    phone: str | None
    is_participant: bool
    """Residents choose copies for a contact person; staff have no contact person here."""


@dataclass(frozen=True, slots=True)
class Preferences:
    """The read model a page and the API show: the choices, and the channels they leave."""

    owner: Owner
    choices: Choices
    reached_by: tuple[Channel, ...]
    """How a message would reach the person with these choices; empty means nothing would."""


def _is_participant(user_id: int | None) -> bool:
    if user_id is None:
        return True  # a resident without a login
    roles = set(
        db.session.execute(select(RoleGrant.role).where(RoleGrant.user_id == user_id)).scalars()
    )
    return roles <= {Role.participant}


def owner_of_person(person: Person) -> Owner:
    """The preferences' owner for a person of the tenant (reached already by the caller)."""
    user = db.session.get(User, person.user_id) if person.user_id is not None else None
    return Owner(
        name=person.name,
        person_id=person.id,
        user_id=person.user_id,
        email=person.email or (user.email if user is not None else None),
        phone=person.phone,
        is_participant=_is_participant(person.user_id),
    )


def owner_of_user(user: User) -> Owner:
    """The signed-in login's own preferences: through their person in this tenant when they
    have one (the outbox reaches them that way too), else as the login itself."""
    person = db.session.execute(
        select(Person).where(Person.user_id == user.id).order_by(Person.id).limit(1)
    ).scalar_one_or_none()
    if person is not None:
        return owner_of_person(person)
    return Owner(user.name, None, user.id, user.email, None, _is_participant(user.id))


def _stored(owner: Owner) -> NotificationPreference | None:
    return recipients.preference_of(owner.person_id, owner.user_id)


def _choices(row: NotificationPreference | None) -> Choices:
    if row is None:
        return Choices()
    return Choices(**{name: getattr(row, name) for name in FIELDS})


def reached_by(owner: Owner, choices: Choices) -> tuple[Channel, ...]:
    """The channels a message would travel by with these choices (the outbox's own rule)."""
    wanted = NotificationPreference(**{name: getattr(choices, name) for name in FIELDS})
    recipient = recipients.Recipient(
        name=owner.name,
        email=owner.email,
        phone=owner.phone,
        locale="en",
        zone=zone("en"),
        person_id=owner.person_id,
        user_id=owner.user_id,
        preference=wanted,
    )
    return tuple(recipients.channels(recipient))


def read(owner: Owner) -> Preferences:
    """The owner's preferences as they hold now (the defaults when none are stored)."""
    choices = _choices(_stored(owner))
    return Preferences(owner, choices, reached_by(owner, choices))


def tidy(choices: Choices) -> Choices:
    """Blank texts as nothing, spaces around a text trimmed."""

    def trimmed(value: str | None) -> str | None:
        return (value or "").strip() or None

    return replace(
        choices,
        contact_name=trimmed(choices.contact_name),
        contact_email=trimmed(choices.contact_email),
        contact_phone=trimmed(choices.contact_phone),
    )


def problems(choices: Choices) -> dict[str, Any]:
    """What is wrong with these choices, by field (a lazy, translatable text each)."""
    found: dict[str, Any] = {}
    if (choices.quiet_from is None) != (choices.quiet_until is None):
        missing = "quiet_until" if choices.quiet_until is None else "quiet_from"
        found[missing] = QUIET_BOTH
    if choices.contact_email and not _EMAIL.match(choices.contact_email):
        found["contact_email"] = BAD_EMAIL
    if choices.contact_phone and not _PHONE.match(choices.contact_phone):
        found["contact_phone"] = BAD_PHONE
    if choices.copy_to_contact and not (choices.contact_email or choices.contact_phone):
        found.setdefault("contact_email", COPY_NEEDS_ADDRESS)
    return found


def save(owner: Owner, choices: Choices, actor_id: int | None) -> Preferences:
    """Store the owner's choices (checked with ``problems`` first) and journal who changed
    them: the owner themself, or the coach or project leader who set them for the owner."""
    row = _stored(owner)
    if row is None:
        row = NotificationPreference(
            person_id=owner.person_id, user_id=None if owner.person_id else owner.user_id
        )
        db.session.add(row)
    for name in FIELDS:
        setattr(row, name, getattr(choices, name))
    if not owner.is_participant:
        row.copy_to_contact = False
    db.session.flush()
    on_behalf = actor_id is not None and actor_id != owner.user_id
    journal.record(
        "notify.preferences_changed",
        row,
        actor_id,
        person_id=owner.person_id,
        for_someone_else=on_behalf,
    )
    return read(owner)
