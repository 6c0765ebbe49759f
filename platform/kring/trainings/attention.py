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
    or_,
    select,
    union_all,
)

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


def _judged(circles: ColumnElement[bool], asked: Subquery) -> Subquery:
    """Each item asked of each current team member of the circles meeting ``circles``, with
    the expiry of its latest completion or check (``newest`` 1; a renewal replaces what came
    before, even when it lapses sooner, as in ``service.latest_expiry``) and whether there is
    one at all (``recorded``).

    Every record is joined on the person and the key, both along an index, and the latest is
    picked by a window: the plan reads each team member's few records once, with no
    subquery read again per member, however badly the planner guesses the sizes."""
    is_course, is_check = asked.c.kind == "training", asked.c.kind == "screening"
    happened_on = case((is_course, TrainingRecord.completed_on), else_=ScreeningRecord.issued_on)
    return (
        select(
            CircleMember.person_id,
            CircleMember.role,
            Circle.id.label("circle_id"),
            Circle.name.label("circle_name"),
            Circle.methodology_key,
            Person.name,
            asked.c.kind,
            asked.c.key,
            asked.c.position,
            func.coalesce(TrainingRecord.person_id, ScreeningRecord.person_id).label("recorded"),
            case((is_course, TrainingRecord.expires_on), else_=ScreeningRecord.expires_on).label(
                "expires_on"
            ),
            func.row_number()
            .over(
                partition_by=(CircleMember.id, asked.c.kind, asked.c.key),
                order_by=happened_on.desc(),
            )
            .label("newest"),
        )
        .join(Circle, Circle.id == CircleMember.circle_id)
        .join(Person, Person.id == CircleMember.person_id)
        .join(
            asked,
            and_(
                asked.c.methodology_key == Circle.methodology_key,
                asked.c.role == CircleMember.role,
            ),
        )
        .outerjoin(
            TrainingRecord,
            and_(
                is_course,
                TrainingRecord.person_id == CircleMember.person_id,
                TrainingRecord.training_key == asked.c.key,
            ),
        )
        .outerjoin(
            ScreeningRecord,
            and_(
                is_check,
                ScreeningRecord.person_id == CircleMember.person_id,
                ScreeningRecord.screening_key == asked.c.key,
            ),
        )
        .where(circles, CircleMember.status.not_in(ENDED))
        .subquery("judged")
    )


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
    judged = _judged(circles, asked)
    expires_on = judged.c.expires_on
    status = case(
        (judged.c.recorded.is_(None), "missing"),
        (expires_on.is_(None), "valid"),
        (expires_on < on, "lapsed"),
        (expires_on <= on + service.LAPSING_SOON, "lapsing"),
        else_="valid",
    )
    excepted = exists().where(
        TrainingException.person_id == judged.c.person_id,
        TrainingException.training_key == judged.c.key,
        TrainingException.granted_on <= on,
        or_(TrainingException.until.is_(None), TrainingException.until >= on),
    )
    urgency = case(*((status == s, n) for n, s in enumerate(NEEDS_ATTENTION)))
    flagged = (
        select(
            judged.c.person_id,
            judged.c.name,
            judged.c.circle_id,
            judged.c.role,
            judged.c.methodology_key,
            judged.c.kind,
            judged.c.key,
            status.label("status"),
            expires_on.label("until"),
            func.count().over().label("total"),
        )
        .where(
            judged.c.newest == 1,
            status.in_(NEEDS_ATTENTION),
            or_(status == "lapsing", judged.c.kind != "training", ~excepted),
        )
        .order_by(
            urgency,
            judged.c.name,
            judged.c.circle_name,
            judged.c.circle_id,
            judged.c.role,
            judged.c.person_id,
            judged.c.position,
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
