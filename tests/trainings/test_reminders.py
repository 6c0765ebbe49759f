"""Reminders before a check or a course lapses: the person and their circle's project leaders
hear 30 and 7 days before, once each; a renewal is reminded in its own time; someone who left
hears nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from kring.circles import membership
from kring.core.methodology import add_months
from kring.extensions import db
from kring.notify import rules
from kring.notify.models import Channel, OutboxMessage
from kring.people.models import Person
from kring.testing.builders import hooks_for, join
from kring.trainings import service as trainings
from kring.trainings.reminders import which_reminder
from tests.conftest import World

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
UNTIL = date(2027, 6, 30)
ISSUED = add_months(UNTIL, -24)  # proefkring's certificate is valid 24 months


def _at(day: date) -> datetime:
    return datetime.combine(day, time(0, 10), AMSTERDAM).astimezone(UTC)


def _mails(kind: str) -> list[OutboxMessage]:
    db.session.info.pop("kring_outbox_ids", None)
    return list(
        db.session.execute(
            select(OutboxMessage)
            .where(OutboxMessage.kind == kind, OutboxMessage.channel == Channel.email)
            .order_by(OutboxMessage.id)
        ).scalars()
    )


def _buddy(app: Any, world: World, issued: date = ISSUED) -> Any:
    hooks = hooks_for(app, "proefkring")
    buddy = join(
        world.a,
        hooks,
        "maatje",
        "Mia Maatje",
        postcode="1111AF",
        attributes={"woont_vast": True},
        today=issued,
    )
    person = db.session.get(Person, buddy.person_id)
    person.email = "mia@example.org"
    check = hooks.methodology.screening("verklaring")
    trainings.record_screening(person, check, issued, None, issued)
    return buddy


def test_the_reminder_due_is_the_closest_reached() -> None:
    assert which_reminder(UNTIL, UNTIL - timedelta(days=31)) is None
    assert which_reminder(UNTIL, UNTIL - timedelta(days=30)) == 30
    assert which_reminder(UNTIL, UNTIL - timedelta(days=3)) == 7
    assert which_reminder(UNTIL, UNTIL + timedelta(days=1)) is None


def test_a_check_running_out_reaches_the_person_and_project_leaders_30_and_7_days_before(
    app: Any, world: World
) -> None:
    _buddy(app, world)
    rules.plan(_at(UNTIL - timedelta(days=31)))
    assert _mails("screening_expiring") == []
    for _ in range(2):
        rules.plan(_at(UNTIL - timedelta(days=30)))
    first = _mails("screening_expiring")
    assert {m.recipient for m in first} == {"mia@example.org", "leider-a@example.org"}
    own = next(m for m in first if m.recipient == "mia@example.org")
    assert own.subject == (
        "Op tijd vernieuwen: je verklaring omtrent het gedrag is geldig tot 30 juni 2027"
    )
    assert own.due_at == datetime.combine(UNTIL - timedelta(days=30), time(9), AMSTERDAM)
    rules.plan(_at(UNTIL - timedelta(days=20)))
    assert len(_mails("screening_expiring")) == 2
    rules.plan(_at(UNTIL - timedelta(days=7)))
    assert len(_mails("screening_expiring")) == 4


def test_a_renewed_check_is_not_reminded_for_its_old_date(app: Any, world: World) -> None:
    buddy = _buddy(app, world)
    person = db.session.get(Person, buddy.person_id)
    check = hooks_for(app, "proefkring").methodology.screening("verklaring")
    renewed = UNTIL - timedelta(days=40)
    trainings.record_screening(person, check, renewed, None, renewed)
    rules.plan(_at(UNTIL - timedelta(days=30)))
    assert _mails("screening_expiring") == []


def test_a_yearly_course_of_the_role_is_reminded_too(app: Any, world: World) -> None:
    coach = world.people["coach"]
    coach.email = "cora@example.org"
    course = hooks_for(app, "proefkring").methodology.training("opfrisdag")
    record = trainings.record_training(coach, course, date(2026, 5, 4), None, date(2026, 5, 4))
    assert record.expires_on == date(2027, 5, 4)
    rules.plan(_at(date(2027, 4, 27)))
    mails = _mails("training_expiring")
    assert {m.recipient for m in mails} == {"cora@example.org", "leider-a@example.org"}
    assert any("de jaarlijkse opfrisdag van Cora Coach" in m.subject for m in mails)


def test_nobody_hears_of_the_check_of_someone_who_left(app: Any, world: World) -> None:
    buddy = _buddy(app, world)
    hooks = hooks_for(app, "proefkring")
    membership.end_membership(buddy, "own_choice", hooks, None, UNTIL - timedelta(days=60))
    rules.plan(_at(UNTIL - timedelta(days=30)))
    assert _mails("screening_expiring") == []
