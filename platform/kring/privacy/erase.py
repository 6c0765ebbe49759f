"""Erasing a person (AVG/GDPR article 17) across every table, as the areas declared it.

What only means something with their name goes (talents, contact notes, plans, messages);
what the law or the methodology needs counted stays without who it was (attendance, survey
scores, escalations and how soon they were answered, the journal and the access log), pointing
at the person's row, which keeps its id under a pseudonym and nothing else. The person's
login is pseudonymised too, unless it is used in another tenant or on the platform (then only
this tenant's roles go). All in the caller's one transaction; a second erasure changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update

from kring.core import journal
from kring.core.accounts import RoleGrant, TrainerGrant, User
from kring.core.db import utcnow
from kring.core.personal import Erase, PersonalData
from kring.core.tenancy import current_tenant_id, system_scope
from kring.extensions import db
from kring.people.models import Person
from kring.privacy.declared import about, declarations, in_order, model_of
from kring.privacy.export import subject

SUBJECT_TABLES = ("person", "user_account")
"""Tables the erasure changes itself, row by row: the person and their login."""


@dataclass(frozen=True)
class Erasure:
    """What an erasure did: rows deleted or emptied per table, and whether the login went."""

    person_id: int
    erased_at: datetime
    was_erased_before: bool = False
    changed: dict[str, int] = field(default_factory=dict)
    login_pseudonymised: bool = False


def pseudonym(person_id: int) -> str:
    """What an erased person is called: their number, which says nothing about them."""
    return f"#{person_id}"


def erase(person: Person, actor_id: int | None, now: datetime | None = None) -> Erasure:
    """Erase ``person`` in the tenant in scope; journaled as ``person.erased`` with the counts
    per table (never a name). The caller commits."""
    if person.erased_at is not None:
        return Erasure(person.id, person.erased_at, was_erased_before=True)
    now = now or utcnow()
    found = declarations()
    who = subject(person)
    changed: dict[str, int] = {}
    login_goes = who.user_id is not None and not _login_used_elsewhere(who.user_id, person.id)
    # children before the rows they point at: a plan's notes go before the plan
    for declared in reversed(in_order(found)):
        if declared.table in SUBJECT_TABLES or declared.erase is Erase.keep:
            continue
        if declared.with_login and not login_goes:
            continue
        count = _erase_rows(declared, about(declared, who, found))
        if count:
            changed[declared.table] = count
    _erase_person(person, found["person"], now)
    if login_goes and who.user_id is not None:
        _erase_login(who.user_id, found["user_account"])
    db.session.expire_all()  # the bulk statements above changed rows the session may hold
    journal.record(
        "person.erased",
        person,
        actor_id,
        tables=changed,
        login_pseudonymised=login_goes,
    )
    return Erasure(person.id, now, changed=changed, login_pseudonymised=login_goes)


def _erase_rows(declared: PersonalData, condition: Any) -> int:
    model = model_of(declared.table)
    options = {"synchronize_session": False}
    if declared.erase is Erase.delete:
        result = db.session.execute(delete(model).where(condition), execution_options=options)
    else:
        result = db.session.execute(
            update(model).where(condition).values(blanks(model, declared.blank)),
            execution_options=options,
        )
    return int(getattr(result, "rowcount", 0) or 0)


def blanks(model: Any, columns: tuple[str, ...]) -> dict[str, Any]:
    """Empty values for ``columns``: NULL where the column allows it, else the empty text or
    the empty JSON object."""
    values: dict[str, Any] = {}
    for name in columns:
        column = model.__table__.columns[name]
        if column.nullable:
            values[name] = None
        elif column.type.python_type is dict:
            values[name] = {}
        else:
            values[name] = ""
    return values


def _erase_person(person: Person, declared: PersonalData, now: datetime) -> None:
    for name, value in blanks(Person, declared.blank).items():
        setattr(person, name, value)
    for name in declared.pseudonym:
        setattr(person, name, pseudonym(person.id))
    person.erased_at = now
    db.session.flush()


def _login_used_elsewhere(user_id: int, person_id: int) -> bool:
    """Whether someone still uses this login once the person is erased: another person (in
    any tenant), a role in another tenant, a central trainer's grant, the platform's
    administration. This tenant's roles go with the person."""
    user = db.session.get(User, user_id)
    if user is None or user.is_platform_admin:
        return True
    tenant_id = current_tenant_id()
    with system_scope("an erased person's login: is it used in another tenant"):
        return bool(
            db.session.execute(
                select(Person.id).where(Person.user_id == user_id, Person.id != person_id)
            ).first()
            or db.session.execute(
                select(RoleGrant.id).where(
                    RoleGrant.user_id == user_id, RoleGrant.tenant_id != tenant_id
                )
            ).first()
            or db.session.execute(
                select(TrainerGrant.id).where(TrainerGrant.user_id == user_id)
            ).first()
        )


def _erase_login(user_id: int, declared: PersonalData) -> None:
    """Pseudonymise the person's login, which nobody uses any more (``_login_used_elsewhere``):
    it stays as the actor of what it did, under its number."""
    user = db.session.get(User, user_id)
    if user is None:
        return
    for name, value in blanks(User, declared.blank).items():
        setattr(user, name, value)
    for name in declared.pseudonym:
        setattr(user, name, f"#{user.id}")
    user.is_enabled = False
    user.session_version += 1  # signed out everywhere
    db.session.flush()
