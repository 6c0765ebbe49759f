"""Who is missing meetings (``queries.missing``, the home panel of the circle's project leader,
coach and volunteer): the run of meetings missed since the last one someone came to, counted
in the database and matched against a count made here from every attendance row, in one query
that returns only the rows shown however many meetings and people there are."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, select, true

from kring.circles.models import Circle, CircleMember, MemberStatus
from kring.core.db import today
from kring.core.methodology import Methodology
from kring.extensions import db
from kring.meetings import queries as meeting_queries
from kring.meetings.models import Attendance, AttendanceStatus, Meeting
from kring.people import service as people
from kring.people.models import Person
from tests.conftest import World

P, N, A = AttendanceStatus.present, AttendanceStatus.absent_with_notice, AttendanceStatus.absent


def _counted_here(circles: list[int], alert: int) -> list[tuple[str, int, int, int]]:
    """(name, circle, run missed, person) from every row: walk each current member's recorded
    attendance of held meetings, latest first, until the first they came to."""
    rows = db.session.execute(
        select(Meeting.circle_id, Attendance.person_id, Meeting.starts_at, Attendance.status)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(Meeting.cancelled_at.is_(None), Meeting.circle_id.in_(circles))
    ).all()
    current = {
        (circle_id, person_id): name
        for circle_id, person_id, name, status in db.session.execute(
            select(
                CircleMember.circle_id, CircleMember.person_id, Person.name, CircleMember.status
            ).join(Person, Person.id == CircleMember.person_id)
        ).all()
        if status in (MemberStatus.active, MemberStatus.candidate)
    }
    marks: dict[tuple[int, int], list[tuple[datetime, AttendanceStatus]]] = defaultdict(list)
    for circle_id, person_id, starts_at, status in rows:
        marks[(circle_id, person_id)].append((starts_at, status))
    found = []
    for (circle_id, person_id), seen in marks.items():
        run = 0
        for _when, status in sorted(seen, reverse=True):
            if status == P:
                break
            run += 1
        if (circle_id, person_id) in current and run >= alert:
            found.append((current[(circle_id, person_id)], circle_id, run, person_id))
    return sorted(found, key=lambda f: (-f[2], f[0], f[1], f[3]))


def _meetings(circle: Circle, count: int) -> list[Meeting]:
    """``count`` weekly meetings of the circle, the last a week ago."""
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=7 * count)
    made = [
        Meeting(circle_id=circle.id, starts_at=start + timedelta(days=7 * n), minutes=90, kind="x")
        for n in range(count)
    ]
    db.session.add_all(made)
    db.session.flush()
    return made


def _marks(week: list[Meeting], person_id: int, marks: str) -> None:
    """Attendance in the order of the meetings: P came, N said they could not, A did not
    come, - nothing recorded."""
    for meeting, mark in zip(week, marks, strict=False):
        if mark != "-":
            status = {"P": P, "N": N, "A": A}[mark]
            db.session.add(Attendance(meeting_id=meeting.id, person_id=person_id, status=status))


def _member(circle: Circle, name: str, status: MemberStatus = MemberStatus.active) -> int:
    person = people.create_person(None, name=name, postcode=None)
    db.session.add(
        CircleMember(
            circle_id=circle.id,
            person_id=person.id,
            role="deelnemer",
            status=status,
            joined_on=today(),
        )
    )
    db.session.flush()
    return person.id


def _found(
    circles: ColumnElement[bool], trial: Methodology, limit: int = 50
) -> list[tuple[str, int, int, int]]:
    return [
        (m.name, m.circle.id, m.missed, m.person_id)
        for m in meeting_queries.missing(circles, {"proefkring": trial}, limit)
    ]


def test_the_runs_missed_are_those_counted_from_every_row(world: World, trial: Methodology) -> None:
    in_a, in_b = _meetings(world.a, 8), _meetings(world.b, 8)
    in_a[6].cancelled_at = datetime.now(UTC)  # a cancelled meeting is no meeting missed
    marks_a = {
        "participant": "PPPAAAAA",  # four missed since they last came
        "other": "-NA-A---",  # never came: every recorded one counts
        "coach": "AAAAAPAA",  # one since they came (and one cancelled): under the threshold
        "volunteer": "PPPPPAAP",  # came last
        "uma": "AAAAAAAA",  # not a member of the circle
    }
    for who, marks in marks_a.items():
        _marks(in_a, world.people[who].id, marks)
    _marks(in_b, world.people["b"].id, "AAAAANNN")
    _marks(in_b, world.people["participant"].id, "AAAAAAAA")  # their record, not their circle
    _marks(in_a, _member(world.a, "Lotte Vertrokken", MemberStatus.left), "AAAAAAAA")
    _marks(in_a, _member(world.a, "Kees Kandidaat", MemberStatus.candidate), "PAAA")
    _marks(in_a, _member(world.a, "Piet Deelnemer"), "PAPAAAAN")  # the same name as one above
    db.session.flush()
    circles = [world.a.id, world.b.id]
    alert = trial.meetings.alert_after_missed if trial.meetings else 0
    expected = _counted_here(circles, alert)
    assert _found(true(), trial) == expected
    assert [(name, run) for name, _circle, run, _id in expected] == [
        ("Bob Buiten", 8),
        ("Piet Deelnemer", 4),  # the cancelled one not counted
        ("Piet Deelnemer", 4),  # another of the same name, after the first
        ("Kees Kandidaat", 3),  # no meeting recorded after the fourth
        ("Olga Anders", 3),
    ]
    assert _found(Circle.id == world.a.id, trial) == _counted_here([world.a.id], alert)
    assert _found(true(), trial, limit=2) == expected[:2]


def test_it_stops_at_the_rows_shown_in_one_query(
    world: World, trial: Methodology, count_queries: Any
) -> None:
    week = _meetings(world.a, 6)

    def crowd(size: int) -> None:
        for n in range(size):
            _marks(week, _member(world.a, f"Afwezige {n:03d}"), "PA" + "A" * (n % 4))
        db.session.flush()

    crowd(4)
    with count_queries() as few:
        assert len(_found(true(), trial, limit=5)) == 2  # those with three or four missed
    crowd(40)
    with count_queries() as many:
        shown = _found(true(), trial, limit=5)
    assert (few.count, many.count) == (1, 1)
    assert "LIMIT" in many.statements[0].upper()
    assert [run for _name, _circle, run, _id in shown] == [4] * 5
