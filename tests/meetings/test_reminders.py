"""The meeting reminder: every current member hears of a coming meeting the day before, once,
in the methodology's words; not of a cancelled meeting, and not after leaving the circle."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from kring.circles import membership
from kring.core.db import today
from kring.extensions import db
from kring.meetings import reminders
from kring.meetings import service as meetings
from kring.notify import rules
from kring.notify.models import Channel, OutboxMessage
from kring.testing.builders import hooks_for
from tests.conftest import World


def _rows(**where: Any) -> list[OutboxMessage]:
    db.session.info.pop("kring_outbox_ids", None)
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    for field, value in where.items():
        query = query.where(getattr(OutboxMessage, field) == value)
    return list(db.session.execute(query).scalars())


def _planned(world: World, plan: Any, hours: float) -> Any:
    (meeting,) = plan(world.a, days=hours / 24)
    return meeting


def test_every_current_member_hears_the_day_before_in_the_methodologys_words(
    app: Any, world: World, plan: Any
) -> None:
    meeting = _planned(world, plan, 30)
    now = datetime.now(UTC)
    rules.plan(now)
    rows = _rows(kind=reminders.KIND)
    members = {m.person_id for m in world.members.values() if m.circle_id == world.a.id}
    assert {r.person_id for r in rows} == members
    assert {r.idempotency_key.rsplit(":", 1)[0] for r in rows} == {
        f"meeting-reminder:{meeting.id}:{p}" for p in members
    }
    assert all(r.due_at == meeting.starts_at - timedelta(hours=24) for r in rows)
    (sms,) = [r for r in rows if r.person_id == world.people["other"].id]
    assert sms.channel == Channel.sms and sms.subject.startswith("Inloopavond van Kring A op ")
    mail = next(r for r in rows if r.channel == Channel.email)
    assert "inloopavond van Kring A" in mail.body and "in Buurthuis" in mail.body
    assert f"/circles/{world.a.id}/meetings" in mail.body


def test_a_second_sweep_writes_nothing_new(world: World, plan: Any) -> None:
    _planned(world, plan, 30)
    now = datetime.now(UTC)
    rules.plan(now)
    first = len(_rows())
    rules.plan(now + timedelta(minutes=5))
    assert len(_rows()) == first > 0


def test_nothing_yet_for_a_meeting_days_away_nor_for_one_that_began(
    world: World, plan: Any
) -> None:
    _planned(world, plan, 24 * 4)
    _planned(world, plan, -1)
    rules.plan(datetime.now(UTC))
    assert _rows(kind=reminders.KIND) == []


def test_a_cancelled_meeting_is_not_reminded_and_cancelling_calls_reminders_off(
    world: World, plan: Any
) -> None:
    kept, dropped = _planned(world, plan, 30), _planned(world, plan, 31)
    meetings.cancel(dropped, "Zaal dicht", None)
    rules.plan(datetime.now(UTC))
    assert {r.idempotency_key.split(":")[1] for r in _rows()} == {str(kept.id)}
    meetings.cancel(kept, "Ziek", None)
    rows = _rows(kind=reminders.KIND)
    assert rows and all(r.cancelled_at is not None for r in rows)


def test_someone_who_left_the_circle_is_not_reminded(app: Any, world: World, plan: Any) -> None:
    _planned(world, plan, 30)
    hooks = hooks_for(app, "proefkring")
    membership.end_membership(world.members["other"], "own_choice", hooks, None, today())
    rules.plan(datetime.now(UTC))
    assert world.people["other"].id not in {r.person_id for r in _rows()}


def test_the_rule_runs_a_fixed_number_of_queries_whatever_the_number_of_meetings(
    world: World, plan: Any, count_queries: Any
) -> None:
    _planned(world, plan, 30)
    with count_queries() as one:
        list(reminders.coming_meetings(datetime.now(UTC)))
    plan(world.a, days=26 / 24, count=1)
    plan(world.b, days=28 / 24, count=1)
    with count_queries() as three:
        found = list(reminders.coming_meetings(datetime.now(UTC)))
    assert len({i.key.split(":")[1] for i in found}) == 3
    assert three.count == one.count
