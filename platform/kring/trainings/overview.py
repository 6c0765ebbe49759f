"""The read models of trainings and screening: where the team of each circle a project leader
leads stands (the overview page and its API twin; the home and circle panels show only the
flags, ``attention``), and where one person stands (their page).

The team is everyone in a circle in a role other than the one the circle is for (coaches,
volunteers, project leaders; not the participants). Each is shown with every course and check
their role asks (``service.asked_of``), so a missing one shows as missing rather than not at
all. Reading costs the same for any number of circles: the circles, their teams, then one
query per table per methodology (``service.standings``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, select

from kring.circles.models import ENDED, Circle, CircleMember
from kring.core.methodology import Methodology
from kring.extensions import db
from kring.people.models import Person
from kring.trainings import service
from kring.trainings.service import STATUSES, Asked, Held

NEEDS_ATTENTION = ("lapsed", "missing", "lapsing")
"""The statuses a project leader acts on, most urgent first."""


@dataclass(frozen=True)
class Item:
    """One course or check of one person: what it is, and where they stand with it."""

    asked: Asked
    held: Held


@dataclass(frozen=True)
class TeamMember:
    """A coach, volunteer or project leader of a circle, with each course and check their role
    asks."""

    person_id: int
    name: str
    methodology_key: str
    role: str
    """The role's term key in the circle's methodology."""
    items: tuple[Item, ...]

    @property
    def attention(self) -> tuple[Item, ...]:
        """The items lapsed, missing or lapsing soon, most urgent first."""
        return tuple(
            sorted(
                (i for i in self.items if i.held.status in NEEDS_ATTENTION),
                key=lambda i: NEEDS_ATTENTION.index(i.held.status),
            )
        )


@dataclass(frozen=True)
class CircleTeam:
    """One circle and its team."""

    circle_id: int
    circle_name: str
    methodology_key: str
    members: tuple[TeamMember, ...]


@dataclass(frozen=True)
class Overview:
    """Every circle's team with where each stands, and the counts per status for the chart."""

    circles: tuple[CircleTeam, ...]
    counts: Mapping[str, int] = field(default_factory=dict)

    @property
    def people_ids(self) -> list[int]:
        """Everyone shown, for the access log."""
        return sorted({m.person_id for c in self.circles for m in c.members})

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def teams(
    circles: ColumnElement[bool], methodologies: Mapping[str, Methodology], on: date
) -> Overview:
    """The teams of the circles meeting ``circles`` (the reader's: ``policy.led_circles``), on
    ``on``, with each course and check their roles ask, circles by name."""
    rows = db.session.execute(
        select(Circle, CircleMember.person_id, CircleMember.role, Person.name)
        .join(CircleMember, CircleMember.circle_id == Circle.id)
        .join(Person, Person.id == CircleMember.person_id)
        .where(circles, CircleMember.status.not_in(ENDED))
        .order_by(Circle.name, Circle.id, CircleMember.role, Person.name)
    ).all()
    wanted = [
        (circle, person_id, role, name)
        for circle, person_id, role, name in rows
        if (m := methodologies.get(circle.methodology_key)) is not None and role != m.size_rule.role
    ]
    by_methodology: dict[str, set[int]] = defaultdict(set)
    for circle, person_id, _role, _name in wanted:
        by_methodology[circle.methodology_key].add(person_id)
    held = {
        key: service.standings(ids, methodologies[key], on) for key, ids in by_methodology.items()
    }
    grouped: dict[int, list[TeamMember]] = defaultdict(list)
    seen: dict[int, Circle] = {}
    counts: Counter[str] = Counter()
    for circle, person_id, role, name in wanted:
        m = methodologies[circle.methodology_key]
        items = tuple(
            Item(a, held[m.key][person_id].get(a.key, Held("missing")))
            for a in service.asked_of(m, role)
        )
        counts.update(i.held.status for i in items)
        grouped[circle.id].append(TeamMember(person_id, name, m.key, role, items))
        seen[circle.id] = circle
    return Overview(
        circles=tuple(
            CircleTeam(c.id, c.name, c.methodology_key, tuple(grouped[c.id])) for c in seen.values()
        ),
        counts={s: counts[s] for s in STATUSES},
    )


def of_person(
    person: Person, methodologies: Mapping[str, Methodology], on: date
) -> tuple[TeamMember, ...]:
    """The person in each of their current roles (one per circle), with what that role asks."""
    rows = db.session.execute(
        select(Circle.methodology_key, CircleMember.role)
        .join(CircleMember, CircleMember.circle_id == Circle.id)
        .where(CircleMember.person_id == person.id, CircleMember.status.not_in(ENDED))
        .order_by(CircleMember.id)
    ).all()
    found: list[TeamMember] = []
    for key, role in dict.fromkeys(rows):  # the same role in two circles is shown once
        m = methodologies.get(key)
        asked = service.asked_of(m, role) if m is not None else []
        if m is None or not asked:
            continue
        held = service.standings([person.id], m, on)[person.id]
        found.append(
            TeamMember(
                person.id, person.name, key, role, tuple(Item(a, held[a.key]) for a in asked)
            )
        )
    return tuple(found)
