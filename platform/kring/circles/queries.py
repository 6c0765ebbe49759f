"""Reading circles: memberships, the overview list, phase history, and the circle's view for
the rules. Each function runs a fixed number of queries, whatever the size of the tenant."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import ColumnElement, func, select, true
from sqlalchemy.orm import contains_eager, joinedload

from kring.circles.models import (
    ENDED,
    Circle,
    CircleMember,
    MemberStatus,
    MemberStatusChange,
    PhaseTransition,
)
from kring.core.accounts import User
from kring.core.facade import CircleView, MemberView, NeighbourhoodView
from kring.core.memo import once_per_page
from kring.core.methodology import Methodology
from kring.core.paging import PAGE_SIZE, Page, read_page
from kring.extensions import db
from kring.organisations import service as organisations
from kring.organisations.models import Organisation
from kring.people.models import Neighbourhood, Person
from kring.plans import service as plans
from kring.trainings import service as trainings


def memberships(circle: Circle) -> tuple[CircleMember, ...]:
    """Every membership of a circle, ended ones too, each with its person, by the person's name:
    one query, read once a page. The circle page's read model, its panels (exchange, outcomes,
    activities) and its forms all start from the same members."""

    def read() -> tuple[CircleMember, ...]:
        return tuple(
            db.session.execute(
                select(CircleMember)
                .join(Person, Person.id == CircleMember.person_id)
                .where(CircleMember.circle_id == circle.id)
                .options(contains_eager(CircleMember.person))
                .order_by(Person.name, Person.id, CircleMember.id)
            ).scalars()
        )

    return once_per_page(("circles.memberships", circle.id), read)


def members_of(circle: Circle, include_ended: bool = False) -> list[CircleMember]:
    """Memberships of a circle with their people, by role and by who joined first."""
    return sorted(
        (m for m in memberships(circle) if include_ended or m.status not in ENDED),
        key=lambda m: (m.role, m.joined_on, m.id),
    )


def people_in(circle: Circle) -> tuple[Person, ...]:
    """The people who take part in ``circle`` now (candidates included), by name."""
    current = (m.person for m in memberships(circle) if m.status not in ENDED)
    return tuple({p.id: p for p in current}.values())


def current_members_of(circle_ids: list[int]) -> dict[int, list[CircleMember]]:
    """The current memberships of several circles with their people, by circle, in one query
    (a panel listing many circles reads them all at once)."""
    found: dict[int, list[CircleMember]] = defaultdict(list)
    rows = db.session.execute(
        select(CircleMember)
        .where(CircleMember.circle_id.in_(circle_ids), CircleMember.status.not_in(ENDED))
        .options(joinedload(CircleMember.person))
        .order_by(CircleMember.role, CircleMember.joined_on, CircleMember.id)
    ).scalars()
    for member in rows:
        found[member.circle_id].append(member)
    return found


def member_of(circle: Circle, member_id: int) -> CircleMember | None:
    """One membership of this circle with its person; None for any other id."""
    return db.session.execute(
        select(CircleMember)
        .where(CircleMember.id == member_id, CircleMember.circle_id == circle.id)
        .options(joinedload(CircleMember.person))
    ).scalar_one_or_none()


def memberships_of_person(person: Person) -> list[tuple[CircleMember, Circle]]:
    """Every membership a person had, newest first, with its circle, in one query."""
    rows = db.session.execute(
        select(CircleMember, Circle)
        .join(Circle, Circle.id == CircleMember.circle_id)
        .where(CircleMember.person_id == person.id)
        .order_by(CircleMember.joined_on.desc(), CircleMember.id.desc())
    ).all()
    return [(member, circle) for member, circle in rows]


@dataclass(frozen=True)
class CircleSummary:
    """One line of the circles overview."""

    circle: Circle
    organisation: str
    neighbourhood: str
    active_members: int


def summaries(
    visible: ColumnElement[bool] | None = None, number: int = 1, size: int = PAGE_SIZE
) -> Page[CircleSummary]:
    """One page of the circles meeting ``visible`` (the reader's reach; all by default) by
    name, for the overview, in two queries."""
    found = read_page(
        select(Circle, Organisation.name, Neighbourhood.name)
        .join(Organisation, Organisation.id == Circle.organisation_id)
        .join(Neighbourhood, Neighbourhood.id == Circle.neighbourhood_id)
        .where(true() if visible is None else visible)
        .order_by(Circle.name, Circle.id),
        number,
        size,
    )
    ids = [circle.id for circle, _organisation, _neighbourhood in found.items]
    counts = dict(
        db.session.execute(
            select(CircleMember.circle_id, func.count())
            .where(CircleMember.circle_id.in_(ids), CircleMember.status == MemberStatus.active)
            .group_by(CircleMember.circle_id)
        ).all()
    )
    return Page(
        [
            CircleSummary(circle, organisation, neighbourhood, counts.get(circle.id, 0))
            for circle, organisation, neighbourhood in found.items
        ],
        found.number,
        found.has_next,
    )


def names() -> set[str]:
    """The names of the tenant's circles (tenant files match circles by name)."""
    return set(db.session.execute(select(Circle.name)).scalars())


def person_name(member: CircleMember) -> str:
    """The name of a member's person, for a page that names them (stopping, say)."""
    return db.session.execute(select(Person.name).where(Person.id == member.person_id)).scalar_one()


def name_taken(name: str) -> bool:
    """Whether a circle of the tenant has this name, whatever its case."""
    found = select(Circle.id).where(func.lower(Circle.name) == name.lower()).limit(1)
    return db.session.execute(found).first() is not None


class _Queries:
    """Answers a ``CircleView``'s query methods from the database, when a rule asks."""

    def partner_kinds(self) -> frozenset[str]:
        return organisations.kinds()

    def people_with_plans(self, person_ids: frozenset[int]) -> frozenset[int]:
        return plans.people_with_plans(person_ids)


def view(
    circle: Circle,
    today: date,
    members: list[CircleMember] | None = None,
    organisation: Organisation | None = None,
    neighbourhood: Neighbourhood | None = None,
    held: dict[int, frozenset[str]] | None = None,
) -> CircleView:
    """The circle as the rules and plugins see it on ``today``: current members with their
    facts and trainings. Pass what the caller already loaded, so nothing is read twice."""
    current = [
        m for m in (members_of(circle) if members is None else members) if m.status not in ENDED
    ]
    organisation = organisation or db.session.get(Organisation, circle.organisation_id)
    neighbourhood = neighbourhood or db.session.get(Neighbourhood, circle.neighbourhood_id)
    assert organisation is not None and neighbourhood is not None  # foreign keys
    methodology = (
        current_app.extensions["kring.plugins"].methodologies().get(circle.methodology_key)
    )
    if held is None:
        held = (
            trainings.held([m.person_id for m in current], methodology, today)
            if methodology is not None
            else {}
        )
    return CircleView(
        id=circle.id,
        name=circle.name,
        methodology_key=circle.methodology_key,
        phase=circle.phase,
        phase_since=circle.phase_since,
        today=today,
        organisation_kind=str(organisation.kind),
        neighbourhood=NeighbourhoodView(
            name=neighbourhood.name,
            postcodes=tuple(neighbourhood.postcodes),
            cbs_code=neighbourhood.cbs_code,
        ),
        members=tuple(
            MemberView(
                member_id=m.id,
                person_id=m.person_id,
                name=m.person.name,
                role=m.role,
                status=m.status.value,
                joined_on=m.joined_on,
                postcode=m.person.postcode,
                attributes=dict(m.attributes),
                trainings=held.get(m.person_id, frozenset()),
                screenings=held.get(m.person_id, frozenset()),
            )
            for m in current
        ),
        queries=_Queries(),
    )


def held_in(
    circles: Sequence[Circle], members: Mapping[int, Sequence[CircleMember]], today: date
) -> dict[int, frozenset[str]]:
    """The trainings each member of ``circles`` holds on ``today`` as their methodology counts
    them, by person: one query per methodology, however many circles (``members`` by circle)."""
    installed = current_app.extensions["kring.plugins"].methodologies()
    held: dict[int, frozenset[str]] = {}
    for key in {c.methodology_key for c in circles} & set(installed):
        people = {m.person_id for c in circles if c.methodology_key == key for m in members[c.id]}
        for person_id, keys in trainings.held(people, installed[key], today).items():
            held[person_id] = held.get(person_id, frozenset()) | keys
    return held


def views(circles: Sequence[Circle], today: date) -> dict[int, CircleView]:
    """Many circles as the rules see them on ``today``, by id: what ``view`` gives one circle,
    in a fixed number of queries (members, organisations, neighbourhoods, then the trainings
    per methodology), so a job judging every circle of a tenant does not read circle by circle."""
    if not circles:
        return {}
    members = current_members_of([c.id for c in circles])
    organisations_by_id = {
        o.id: o
        for o in db.session.execute(
            select(Organisation).where(Organisation.id.in_({c.organisation_id for c in circles}))
        ).scalars()
    }
    neighbourhoods = {
        n.id: n
        for n in db.session.execute(
            select(Neighbourhood).where(Neighbourhood.id.in_({c.neighbourhood_id for c in circles}))
        ).scalars()
    }
    held = held_in(circles, members, today)
    return {
        c.id: view(
            c,
            today,
            members[c.id],
            organisations_by_id[c.organisation_id],
            neighbourhoods[c.neighbourhood_id],
            held,
        )
        for c in circles
    }


def first_entered(circle_ids: Collection[int], phase_keys: Collection[str]) -> dict[int, date]:
    """Per circle, the day it first entered any of ``phase_keys``, in one query: when the
    methodology's clock starts for it (its first audit, the meetings it owes)."""
    if not circle_ids or not phase_keys:
        return {}
    return {
        circle_id: day
        for circle_id, day in db.session.execute(
            select(PhaseTransition.circle_id, func.min(PhaseTransition.moved_on))
            .where(
                PhaseTransition.circle_id.in_(circle_ids),
                PhaseTransition.to_phase.in_(phase_keys),
            )
            .group_by(PhaseTransition.circle_id)
        ).all()
    }


def history(circle: Circle) -> list[PhaseTransition]:
    """Every phase the circle entered, oldest first."""
    return list(
        db.session.execute(
            select(PhaseTransition)
            .where(PhaseTransition.circle_id == circle.id)
            .order_by(PhaseTransition.moved_on, PhaseTransition.id)
        ).scalars()
    )


def status_history(member_ids: list[int]) -> dict[int, list[MemberStatusChange]]:
    """Every status each membership had, oldest first."""
    found: dict[int, list[MemberStatusChange]] = defaultdict(list)
    if member_ids:
        for change in db.session.execute(
            select(MemberStatusChange)
            .where(MemberStatusChange.member_id.in_(member_ids))
            .order_by(MemberStatusChange.changed_at, MemberStatusChange.id)
        ).scalars():
            found[change.member_id].append(change)
    return found


def workload(circle: CircleView, m: Methodology) -> dict[int, int]:
    """For members in a role with a workload limit: in how many circles of this methodology
    each person is active (one query)."""
    limited = {r.key for r in m.roles if r.warn_above_circles}
    person_ids = [x.person_id for x in circle.active_members if x.role in limited]
    if not person_ids:
        return {}
    return dict(
        db.session.execute(
            select(CircleMember.person_id, func.count(func.distinct(CircleMember.circle_id)))
            .join(Circle, Circle.id == CircleMember.circle_id)
            .where(
                CircleMember.person_id.in_(person_ids),
                CircleMember.status == MemberStatus.active,
                Circle.methodology_key == m.key,
            )
            .group_by(CircleMember.person_id)
        ).all()
    )


def member_logins(circle: Circle, *conditions: ColumnElement[bool]) -> list[User]:
    """The logins of the circle's current members that meet ``conditions`` (on ``User`` or
    ``CircleMember``): whom a reminder or a signal about the circle goes to."""
    return list(
        db.session.execute(
            select(User)
            .join(Person, Person.user_id == User.id)
            .join(CircleMember, CircleMember.person_id == Person.id)
            .where(
                CircleMember.circle_id == circle.id,
                CircleMember.status.not_in(ENDED),
                *conditions,
            )
            .distinct()
            .order_by(User.id)
        ).scalars()
    )
