"""The plan review reminder: a week before the review day, the participant and their circle's
coach and project leader hear of it, once per review date; nobody once they left the circle."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from kring.circles import membership
from kring.extensions import db
from kring.notify import rules
from kring.notify.models import Channel, OutboxMessage
from kring.plans import reminders
from kring.plans import service as plans
from kring.testing.builders import hooks_for
from tests.conftest import World

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def _rows() -> list[OutboxMessage]:
    db.session.info.pop("kring_outbox_ids", None)
    return list(
        db.session.execute(
            select(OutboxMessage)
            .where(OutboxMessage.kind == reminders.KIND)
            .order_by(OutboxMessage.id)
        ).scalars()
    )


def _review_in(world: World, days: int) -> Any:
    day = NOW.date() + timedelta(days=days)
    plans.set_review(world.people["participant"], day, plans.Editor(None), NOW.date())
    return day


def test_participant_coach_and_project_leader_hear_a_week_before_once(world: World) -> None:
    day = _review_in(world, 10)
    rules.plan(NOW)
    assert _rows() == []
    later = datetime(2026, 3, 4, 23, 30, tzinfo=UTC)  # 00:30 on 5 March in Amsterdam
    rules.plan(later)
    rules.plan(later + timedelta(minutes=5))
    rows = [r for r in _rows() if r.channel != Channel.app]
    assert {r.recipient for r in rows} == {
        "deelnemer-a@example.org",
        "coach-a@example.org",
        "leider-a@example.org",
    }
    # nine in the morning a week before, in the tenant's time
    assert day == date(2026, 3, 12)
    assert {r.due_at for r in rows} == {datetime(2026, 3, 5, 8, 0, tzinfo=UTC)}
    own = next(r for r in rows if r.recipient == "deelnemer-a@example.org")
    assert own.subject.startswith("Je ontwikkelplan wordt op ")
    coach = next(r for r in rows if r.recipient == "coach-a@example.org")
    assert "Piet Deelnemer" in coach.subject and "(Kring A)" in coach.body
    assert f"/people/{world.people['participant'].id}/plan" in coach.body


def test_a_new_review_date_is_a_new_reminder(world: World) -> None:
    _review_in(world, 3)
    rules.plan(NOW)
    first = len(_rows())
    _review_in(world, 5)
    rules.plan(NOW)
    assert len(_rows()) == 2 * first > 0


def test_nobody_hears_of_the_plan_of_someone_who_left_the_circle(app: Any, world: World) -> None:
    _review_in(world, 3)
    hooks = hooks_for(app, "proefkring")
    membership.end_membership(world.members["participant"], "own_choice", hooks, None, NOW.date())
    rules.plan(NOW)
    assert _rows() == []
