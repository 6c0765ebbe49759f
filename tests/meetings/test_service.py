"""The rules of meetings: the pattern, guests, attendance only for members, and the signal
when someone stays away several times in a row."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from kring.core.methodology import MeetingPattern, Methodology
from kring.core.rules import Refused
from kring.extensions import db
from kring.meetings import queries as meeting_queries
from kring.meetings import service as meetings
from kring.meetings import streaks
from kring.meetings.models import Attendance, AttendanceStatus
from kring.notify.models import Channel, OutboxMessage
from tests.conftest import World

PRESENT, NOTICE, ABSENT = (
    AttendanceStatus.present,
    AttendanceStatus.absent_with_notice,
    AttendanceStatus.absent,
)


def _rules(refused: pytest.ExceptionInfo[Refused]) -> list[str]:
    return [u.rule for u in refused.value.unmet]


def test_a_closed_evening_refuses_a_guest_when_its_kind_does_not_welcome_guests(
    world: World, plan: Any, trial: Methodology
) -> None:
    (closed,) = plan(world.a, kind="besloten_avond")
    with pytest.raises(Refused) as refused:
        meetings.add_guest(closed, trial, "Ans", datetime.now(UTC))
    assert _rules(refused) == ["meetings.no_guests"]
    assert refused.value.status == 409
    assert meetings.guests(closed) == []


def test_an_open_evening_welcomes_a_guest_by_first_name_only(
    world: World, plan: Any, trial: Methodology
) -> None:
    (open_evening,) = plan(world.a)
    guest = meetings.add_guest(open_evening, trial, "  Ans   de Vries ", datetime.now(UTC))
    assert guest.first_name == "Ans"
    with pytest.raises(Refused) as refused:
        meetings.add_guest(open_evening, trial, "   ", datetime.now(UTC))
    assert _rules(refused) == ["meetings.guest_name"]


def test_attendance_is_refused_for_someone_who_is_not_a_member_of_the_circle(
    world: World, plan: Any, trial: Methodology
) -> None:
    (meeting,) = plan(world.a)
    outsiders = {world.people["b"].id: PRESENT, world.people["uma"].id: ABSENT}
    with pytest.raises(Refused) as refused:
        meetings.record_attendance(
            meeting,
            world.a,
            trial,
            {world.people["participant"].id: PRESENT, **outsiders},
            None,
            datetime.now(UTC),
        )
    assert _rules(refused) == ["meetings.not_a_member"] * 2
    assert refused.value.status == 422


def test_attendance_is_recorded_once_per_person_and_may_be_corrected(
    world: World, plan: Any, trial: Methodology
) -> None:
    (meeting,) = plan(world.a)
    person = world.people["participant"].id
    now = datetime.now(UTC)
    meetings.record_attendance(meeting, world.a, trial, {person: ABSENT}, None, now)
    meetings.record_attendance(meeting, world.a, trial, {person: PRESENT}, None, now)
    rows = db.session.execute(select(Attendance)).scalars().all()
    assert [(r.person_id, r.status) for r in rows] == [(person, PRESENT)]


def test_attendance_waits_for_the_day_and_a_cancelled_meeting_takes_none(
    world: World, plan: Any, trial: Methodology
) -> None:
    (later,) = plan(world.a, days=7)
    (tonight,) = plan(world.a, days=0.2)
    person = world.people["participant"].id
    with pytest.raises(Refused) as refused:
        meetings.record_attendance(
            later, world.a, trial, {person: PRESENT}, None, datetime.now(UTC)
        )
    assert _rules(refused) == ["meetings.not_yet"]
    meetings.cancel(tonight, "Storm", None)
    with pytest.raises(Refused) as refused:
        meetings.record_attendance(
            tonight, world.a, trial, {person: PRESENT}, None, datetime.now(UTC)
        )
    assert _rules(refused) == ["meetings.cancelled"]


def test_a_held_meeting_cannot_be_cancelled_nor_one_cancelled_twice(
    world: World, plan: Any, trial: Methodology
) -> None:
    held, planned = plan(world.a, days=-7, count=2)
    meetings.record_attendance(
        held, world.a, trial, {world.people["participant"].id: PRESENT}, None, datetime.now(UTC)
    )
    with pytest.raises(Refused) as refused:
        meetings.cancel(held, None, None)
    assert _rules(refused) == ["meetings.held"]
    meetings.cancel(planned, "  Zomer  ", None)
    assert planned.cancel_reason == "Zomer"
    with pytest.raises(Refused) as refused:
        meetings.cancel(planned, None, None)
    assert _rules(refused) == ["meetings.cancelled"]


def test_planning_follows_the_pattern_and_names_every_wrong_field(
    world: World, trial: Methodology
) -> None:
    first = datetime.now(UTC)
    with pytest.raises(Refused) as refused:
        meetings.plan(world.a, trial, first, "borrel", 20, None, None, count=60)
    assert _rules(refused) == ["meetings.kind", "meetings.minutes", "meetings.count"]
    assert refused.value.status == 422


def test_a_weekly_series_keeps_its_hour_across_daylight_saving(
    world: World, trial: Methodology
) -> None:
    amsterdam = ZoneInfo("Europe/Amsterdam")
    first = datetime(2026, 3, 21, 19, 0, tzinfo=amsterdam)  # the clocks go forward on 29 March
    series = meetings.plan(world.a, trial, first, "open_avond", 120, None, None, count=3)
    assert [m.starts_at.astimezone(amsterdam).hour for m in series] == [19, 19, 19]
    assert [m.starts_at.astimezone(UTC).hour for m in series] == [18, 18, 17]
    assert len({m.series_id for m in series}) == 1 and series[0].series_id is not None


def _outbox() -> list[str]:
    """The e-mail addresses the outbox writes to (the app's notifications go along)."""
    return sorted(
        db.session.execute(
            select(OutboxMessage.recipient).where(OutboxMessage.channel == Channel.email)
        ).scalars()
    )


def test_missing_three_in_a_row_signals_the_volunteer_and_coach_once_per_streak(
    world: World, plan: Any, trial: Methodology
) -> None:
    pattern = trial.meetings
    assert isinstance(pattern, MeetingPattern) and pattern.alert_after_missed == 3
    week = plan(world.a, days=-70, count=8)
    person = world.people["participant"].id
    now = datetime.now(UTC)

    def mark(meeting: Any, status: AttendanceStatus) -> None:
        meetings.record_attendance(meeting, world.a, trial, {person: status}, None, now)

    mark(week[0], PRESENT)
    mark(week[1], ABSENT)
    mark(week[2], NOTICE)
    assert _outbox() == []  # two in a row: not yet
    mark(week[3], ABSENT)
    signalled = sorted([world.users["coach"].email, world.users["volunteer"].email])
    assert _outbox() == signalled
    mark(week[4], ABSENT)  # the same streak, longer: no second signal
    assert _outbox() == signalled
    mark(week[5], PRESENT)
    for meeting in week[6:8]:
        mark(meeting, ABSENT)
    assert _outbox() == signalled  # a new streak of two
    message = db.session.execute(select(OutboxMessage)).scalars().first()
    assert message is not None and "Piet Deelnemer" in message.subject
    assert streaks.streak(world.a.id, person) == streaks.Streak(2, week[6].id)


def test_the_circles_read_model_splits_coming_from_past_with_counts(
    world: World, plan: Any, trial: Methodology
) -> None:
    past, coming = plan(world.a, days=-6.5, count=2)
    meetings.record_attendance(
        past,
        world.a,
        trial,
        {world.people["participant"].id: PRESENT, world.people["other"].id: NOTICE},
        None,
        datetime.now(UTC),
    )
    meetings.add_guest(past, trial, "Ans", datetime.now(UTC))
    found = meeting_queries.of_circle(world.a, datetime.now(UTC))
    assert [r.meeting.id for r in found.upcoming] == [coming.id]
    (row,) = found.past
    assert (row.present, row.with_notice, row.absent, row.guests) == (1, 1, 0, 1)
    history = meeting_queries.history_of(world.people["other"].id)
    assert [(h.meeting.id, h.status) for h in history] == [(past.id, NOTICE)]
    assert meeting_queries.next_for(frozenset({world.people["other"].id}), datetime.now(UTC)) == (
        meeting_queries.NextMeeting(coming, world.a)
    )
    assert meeting_queries.next_for(frozenset({world.people["uma"].id}), datetime.now(UTC)) is None
    assert timedelta(days=7) == coming.starts_at - past.starts_at


def test_a_methodology_without_a_pattern_plans_no_meetings(
    world: World, trial: Methodology
) -> None:
    from dataclasses import replace

    with pytest.raises(Refused) as refused:
        meetings.plan(world.a, replace(trial, meetings=None), datetime.now(UTC), "x", 1, None, None)
    assert _rules(refused) == ["meetings.no_pattern"]


def test_a_pattern_refuses_guest_kinds_it_does_not_have() -> None:
    with pytest.raises(ValueError, match="guest kinds"):
        MeetingPattern(
            every_days=7, min_minutes=60, max_minutes=90, kinds=("a",), guest_kinds=("b",)
        )
    with pytest.raises(ValueError, match="alert_after_missed"):
        MeetingPattern(every_days=7, min_minutes=60, max_minutes=90, alert_after_missed=0)


def test_the_missing_list_names_whoever_missed_as_many_as_the_methodology_signals(
    world: World, plan: Any, trial: Methodology
) -> None:
    from sqlalchemy import true

    week = plan(world.a, days=-30, count=4)
    participant, other = world.people["participant"].id, world.people["other"].id
    now = datetime.now(UTC)
    for i, meeting in enumerate(week):
        marks = {participant: ABSENT if i else PRESENT, other: NOTICE if i > 1 else PRESENT}
        meetings.record_attendance(meeting, world.a, trial, marks, None, now)
    found = meeting_queries.missing(true(), {"proefkring": trial})
    assert [(m.name, m.missed) for m in found] == [("Piet Deelnemer", 3)]  # Olga missed two


def test_meetings_announce_held_cancelled_and_a_streak_once(
    world: World, plan: Any, trial: Methodology
) -> None:
    from kring.core import events

    heard: list[tuple[str, dict[str, Any]]] = []

    def listen(sender: Any, **facts: Any) -> None:
        heard.append((sender.__class__.__name__, facts))

    signals = (events.meeting_held, events.meeting_cancelled, events.member_missing_meetings)
    for signal in signals:
        signal.connect(listen)
    try:
        week = plan(world.a, days=-30, count=5)
        person = world.people["participant"].id
        for meeting in week[:4]:
            meetings.record_attendance(
                meeting, world.a, trial, {person: ABSENT}, None, datetime.now(UTC)
            )
        meetings.record_attendance(
            week[0], world.a, trial, {person: ABSENT}, None, datetime.now(UTC)
        )  # a correction: the meeting was already held
        meetings.cancel(week[4], None, None)
    finally:
        for signal in signals:
            signal.disconnect(listen)
    facts = [f for _sender, f in heard]
    assert [f.get("missed") for f in facts] == [None, None, None, 3, None, None]
    assert facts[3]["person_id"] == person and len(heard) == 6
