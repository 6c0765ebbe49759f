"""The demo's outbox: right after ``kring demo``, tomorrow's meeting reminders wait in it."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from kring.core.tenancy import zone
from kring.extensions import db
from kring.meetings.demo import give_life
from kring.meetings.models import Meeting
from kring.notify.demo import plan_reminders
from kring.notify.models import OutboxMessage
from tests.conftest import World


def test_the_demo_shows_tomorrows_meeting_reminders_in_the_outbox_once(world: World) -> None:
    today = date.today()
    give_life(today)
    local = zone("nl")
    tomorrow = [
        m
        for m in db.session.execute(select(Meeting)).scalars()
        if m.starts_at.astimezone(local).date() == today + timedelta(days=1)
    ]
    assert {m.circle_id for m in tomorrow} == {world.a.id, world.b.id}
    (line,) = plan_reminders(today)
    assert "messages wait in the outbox" in line
    keys = set(
        db.session.execute(
            select(OutboxMessage.idempotency_key).where(OutboxMessage.kind == "meeting_reminder")
        ).scalars()
    )
    assert {k.split(":")[1] for k in keys} == {str(m.id) for m in tomorrow}
    count = db.session.execute(select(func.count(OutboxMessage.id))).scalar_one()
    plan_reminders(today)
    assert db.session.execute(select(func.count(OutboxMessage.id))).scalar_one() == count
