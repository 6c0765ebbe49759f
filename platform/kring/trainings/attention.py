"""The courses and checks of a team that need a project leader's attention, as the home panel
and the circle page show them: lapsed, missing or lapsing soon, most urgent first.

The overview page shows every team member with every item (``overview.teams``); a panel shows
only the flagged items, and the home panel only its first few. So the database judges each
item (the same rules as ``service.standings``: the latest completion or check counts, an
exception covers a course lapsed or missing) and sends back only the rows shown with the
number of all flagged: one query whatever the size of the teams. What each role is asked
comes from the methodologies, not the database; it is written into the query as a small
table of its own (``_asked``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    String,
    Subquery,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import QueryableAttribute

from kring.circles.models import ENDED, Circle, CircleMember
from kring.core.methodology import Methodology
from kring.extensions import db
from kring.people.models import Person
from kring.trainings import service
from kring.trainings.models import ScreeningRecord, TrainingException, TrainingRecord
from kring.trainings.overview import NEEDS_ATTENTION, Item
from kring.trainings.service import Asked, Held


@dataclass(frozen=True)
class Flagged:
    """The team member a flag is about: who, in which circle and role."""

    person_id: int
    name: str
    circle_id: int
    role: str


@dataclass(frozen=True)
class Attention:
    """The flags shown, most urgent first, and how many there are in all."""

    flags: list[tuple[Flagged, Item]]
    total: int

    @property
    def more(self) -> int:
        """The flags not shown: the panel's "and N more"."""
        return self.total - len(self.flags)


def asked_roles(methodology: Methodology) -> list[str]:
    """The roles of ``methodology`` that are asked a course or check and count as the team
    (every role but the one circles are for), in a fixed order."""
    roles = dict.fromkeys(
        [
            *(r.key for r in methodology.roles),
            *(role for t in methodology.trainings for role in t.for_roles),
            *(s.role for s in methodology.screenings),
        ]
    )
    return [r for r in roles if r != methodology.size_rule.role]


def _asked(
    methodologies: Mapping[str, Methodology],
) -> tuple[Subquery | None, dict[tuple[str, str, str, str], Asked]]:
    """What each team role of each methodology is asked, as rows (methodology, role, kind,
    key, position in ``service.asked_of``), and the ``Asked`` of each such row."""
    rows = []
    found: dict[tuple[str, str, str, str], Asked] = {}
    for key, m in methodologies.items():
        for role in asked_roles(m):
            for position, asked in enumerate(service.asked_of(m, role)):
                found[(key, role, asked.kind, asked.key)] = asked
                rows.append(
                    select(
                        cast(literal(key), String).label("methodology_key"),
                        cast(literal(role), String).label("role"),
                        cast(literal(asked.kind), String).label("kind"),
                        cast(literal(asked.key), String).label("key"),
                        cast(literal(position), Integer).label("position"),
                    )
                )
    if not rows:
        return None, found
    return union_all(*rows).subquery("asked"), found


def _latest(
    person: QueryableAttribute[int],
    key: QueryableAttribute[str],
    day: QueryableAttribute[date],
    expires: QueryableAttribute[Any],
    team: Subquery,
) -> Subquery:
    """The latest completion or check of each course or check of the team's people: a
    renewal replaces what came before (``service.latest_expiry``)."""
    newest = func.row_number().over(partition_by=(person, key), order_by=day.desc())
    ranked = (
        select(
            person.label("person_id"),
            key.label("key"),
            expires.label("expires_on"),
            newest.label("newest"),
        )
        .where(person.in_(select(team.c.person_id)))
        .subquery()
    )
    return select(ranked).where(ranked.c.newest == 1).subquery()


def needing_attention(
    circles: ColumnElement[bool],
    methodologies: Mapping[str, Methodology],
    on: date,
    limit: int | None = None,
) -> Attention:
    """The lapsed, missing and lapsing courses and checks of the teams of the circles meeting
    ``circles`` on ``on``: lapsed first, then missing, then lapsing, each by the person's name
    (then circle, role, and the role's order of courses and checks), at most ``limit``, with
    the number of all. The same flags, in the same order, as ``overview.teams`` gives."""
    asked, asked_of = _asked(methodologies)
    if asked is None:
        return Attention([], 0)
    team = (
        select(
            CircleMember.person_id,
            CircleMember.role,
            Circle.id.label("circle_id"),
            Circle.name.label("circle_name"),
            Circle.methodology_key,
        )
        .join(Circle, Circle.id == CircleMember.circle_id)
        .where(circles, CircleMember.status.not_in(ENDED))
        .subquery("team")
    )
    course = _latest(
        TrainingRecord.person_id,
        TrainingRecord.training_key,
        TrainingRecord.completed_on,
        TrainingRecord.expires_on,
        team,
    )
    check = _latest(
        ScreeningRecord.person_id,
        ScreeningRecord.screening_key,
        ScreeningRecord.issued_on,
        ScreeningRecord.expires_on,
        team,
    )
    is_course = asked.c.kind == "training"
    recorded = case((is_course, course.c.person_id), else_=check.c.person_id)
    expires_on = case((is_course, course.c.expires_on), else_=check.c.expires_on)
    soon = on + service.LAPSING_SOON
    status = case(
        (recorded.is_(None), "missing"),
        (expires_on.is_(None), "valid"),
        (expires_on < on, "lapsed"),
        (expires_on <= soon, "lapsing"),
        else_="valid",
    )
    excepted = exists().where(
        TrainingException.person_id == team.c.person_id,
        TrainingException.training_key == asked.c.key,
        TrainingException.granted_on <= on,
        or_(TrainingException.until.is_(None), TrainingException.until >= on),
    )
    urgency = case(*((status == s, n) for n, s in enumerate(NEEDS_ATTENTION)))
    flagged = (
        select(
            team.c.person_id,
            Person.name,
            team.c.circle_id,
            team.c.role,
            team.c.methodology_key,
            asked.c.kind,
            asked.c.key,
            status.label("status"),
            case((recorded.is_(None), null()), else_=expires_on).label("until"),
            func.count().over().label("total"),
        )
        .join(Person, Person.id == team.c.person_id)
        .join(
            asked,
            and_(
                asked.c.methodology_key == team.c.methodology_key,
                asked.c.role == team.c.role,
            ),
        )
        .outerjoin(
            course,
            and_(is_course, course.c.person_id == team.c.person_id, course.c.key == asked.c.key),
        )
        .outerjoin(
            check,
            and_(~is_course, check.c.person_id == team.c.person_id, check.c.key == asked.c.key),
        )
        .where(
            status.in_(NEEDS_ATTENTION),
            ~and_(is_course, status.in_(("lapsed", "missing")), excepted),
        )
        .order_by(
            urgency,
            Person.name,
            team.c.circle_name,
            team.c.circle_id,
            team.c.role,
            team.c.person_id,
            asked.c.position,
        )
        .limit(limit)
    )
    rows = db.session.execute(flagged).all()
    return Attention(
        [
            (
                Flagged(r.person_id, r.name, r.circle_id, r.role),
                Item(asked_of[(r.methodology_key, r.role, r.kind, r.key)], Held(r.status, r.until)),
            )
            for r in rows
        ],
        rows[0].total if rows else 0,
    )
