"""Demo sign-in cards: each demo participant with a login gets a fresh card, so ``make run``
shows a link to sign in with, the way a participant would."""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import select

from kring.core.accounts import Role, RoleGrant
from kring.core.tenancy import Tenant, current_tenant_id
from kring.extensions import db
from kring.people.models import Person
from kring.signin import service


def cards(_today: date) -> list[str]:
    """Print a new card for every participant of the tenant in scope who has a login and no
    other role; returns the links to show (each run stops the cards of the run before)."""
    tenant = db.session.get(Tenant, current_tenant_id())
    assert tenant is not None
    staff = select(RoleGrant.user_id).where(RoleGrant.role != Role.participant)
    participants = db.session.execute(
        select(Person)
        .join(RoleGrant, RoleGrant.user_id == Person.user_id)
        .where(RoleGrant.role == Role.participant, Person.user_id.not_in(staff))
        .order_by(Person.name)
    ).scalars()
    every = current_app.extensions["kring.plugins"].methodologies()
    lines = []
    for person in participants:
        token = service.issue(person, None, tenant.locale, every)
        lines.append(f"  /t/{tenant.slug}/in/{token}  ({person.name}, sign-in card)")
    return lines
