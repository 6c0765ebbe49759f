"""Whom a reminder about a circle's work goes to: its team.

A circle's coaches (and volunteers) are the current members whose login holds that role (the
coach of that circle, as need-to-know has it); its project leaders lead projects for the circle's
organisation or for the whole tenant. Both are found for any number of circles in one query
each, so a reminder rule's queries do not grow with the number of circles.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from sqlalchemy import select

from kring.circles.models import ENDED, Circle, CircleMember
from kring.core.accounts import Role, RoleGrant
from kring.extensions import db
from kring.people.models import Person


def holding(role: Role, circle_ids: Collection[int]) -> dict[int, set[int]]:
    """Per circle, the logins (user ids) of its current members that hold ``role`` in the
    tenant: its coaches, its volunteers."""
    found: dict[int, set[int]] = defaultdict(set)
    if not circle_ids:
        return found
    rows = db.session.execute(
        select(CircleMember.circle_id, Person.user_id)
        .join(Person, Person.id == CircleMember.person_id)
        .join(RoleGrant, RoleGrant.user_id == Person.user_id)
        .where(
            CircleMember.circle_id.in_(circle_ids),
            CircleMember.status.not_in(ENDED),
            RoleGrant.role == role,
        )
    ).all()
    for circle_id, user_id in rows:
        if user_id is not None:  # joined on the grant's login, so always known
            found[circle_id].add(user_id)
    return found


def by_member_role(circle_ids: Collection[int]) -> dict[tuple[int, str], set[int]]:
    """Per circle and methodology role (``begeleider``), the logins of its current members in
    that role: who an escalation at a step of the ladder sits with."""
    found: dict[tuple[int, str], set[int]] = defaultdict(set)
    if not circle_ids:
        return found
    rows = db.session.execute(
        select(CircleMember.circle_id, CircleMember.role, Person.user_id)
        .join(Person, Person.id == CircleMember.person_id)
        .where(
            CircleMember.circle_id.in_(circle_ids),
            CircleMember.status.not_in(ENDED),
            Person.user_id.is_not(None),
        )
    ).all()
    for circle_id, role, user_id in rows:
        if user_id is not None:
            found[(circle_id, role)].add(user_id)
    return found


def project_leaders(circle_ids: Collection[int]) -> dict[int, set[int]]:
    """Per circle, the logins that lead projects for its organisation or the whole tenant."""
    found: dict[int, set[int]] = defaultdict(set)
    if not circle_ids:
        return found
    rows = db.session.execute(
        select(Circle.id, RoleGrant.user_id)
        .join(
            RoleGrant,
            (RoleGrant.organisation_id.is_(None))
            | (RoleGrant.organisation_id == Circle.organisation_id),
        )
        .where(Circle.id.in_(circle_ids), RoleGrant.role == Role.project_leader)
    ).all()
    for circle_id, user_id in rows:
        found[circle_id].add(user_id)
    return found


def of(circle_ids: Collection[int]) -> dict[int, list[int]]:
    """Per circle, its coaches and project leaders (user ids, each once, in order): whom a
    plan review, a screening running out or an audit coming up is brought to."""
    ids = set(circle_ids)
    found_coaches, leaders = holding(Role.coach, ids), project_leaders(ids)
    return {c: sorted(found_coaches.get(c, set()) | leaders.get(c, set())) for c in ids}
