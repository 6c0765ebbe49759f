"""Reminders about a circle: a screening running out reaches the member and the circle's team
30 and 7 days before, once each; the first quality audit reaches the team 30 days before."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from kring.circles import membership
from kring.circles.models import PhaseTransition
from kring.circles.reminders import audits_coming
from kring.extensions import db
from kring.notify import rules
from kring.notify.models import Channel, OutboxMessage
from kring.people.models import Person
from kring.testing.builders import hooks_for, join
from tests.conftest import World

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
UNTIL = date(2027, 6, 30)


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


def _buddy(app: Any, world: World, until: date = UNTIL) -> Any:
    hooks = hooks_for(app, "proefkring")
    buddy = join(
        world.a,
        hooks,
        "maatje",
        "Mia Maatje",
        postcode="1111AF",
        attributes={"woont_vast": True, "check_geldig_tot": until.isoformat()},
    )
    person = db.session.get(Person, buddy.person_id)
    person.email = "mia@example.org"
    return buddy


def test_a_screening_running_out_is_reminded_30_and_7_days_before_once_each(
    app: Any, world: World
) -> None:
    _buddy(app, world)
    rules.plan(_at(UNTIL - timedelta(days=31)))
    assert _mails("screening_expiring") == []
    for _ in range(2):
        rules.plan(_at(UNTIL - timedelta(days=30)))
    first = _mails("screening_expiring")
    assert {m.recipient for m in first} == {
        "mia@example.org",
        "coach-a@example.org",
        "leider-a@example.org",
    }
    own = next(m for m in first if m.recipient == "mia@example.org")
    assert own.subject == "Op tijd vernieuwen: je check geldig tot is 30 juni 2027"
    assert own.due_at == datetime.combine(UNTIL - timedelta(days=30), time(9), AMSTERDAM)
    rules.plan(_at(UNTIL - timedelta(days=20)))
    assert len(_mails("screening_expiring")) == 3
    rules.plan(_at(UNTIL - timedelta(days=7)))
    assert len(_mails("screening_expiring")) == 6


def test_a_date_entered_late_is_reminded_once_and_a_past_one_not_at_all(
    app: Any, world: World
) -> None:
    _buddy(app, world)
    rules.plan(_at(UNTIL - timedelta(days=3)))
    assert len(_mails("screening_expiring")) == 3
    rules.plan(_at(UNTIL + timedelta(days=1)))
    assert len(_mails("screening_expiring")) == 3


def test_nobody_hears_of_the_screening_of_someone_who_left(app: Any, world: World) -> None:
    buddy = _buddy(app, world)
    hooks = hooks_for(app, "proefkring")
    membership.end_membership(buddy, "own_choice", hooks, None, UNTIL - timedelta(days=60))
    rules.plan(_at(UNTIL - timedelta(days=30)))
    assert _mails("screening_expiring") == []


def test_the_team_hears_30_days_before_the_first_audit(world: World) -> None:
    db.session.add(
        PhaseTransition(
            circle_id=world.a.id,
            from_phase="verkennen",
            to_phase="draaien",
            moved_on=date(2026, 2, 10),
        )
    )
    db.session.flush()
    due = date(2027, 2, 10)  # proefkring: twelve months after entering draaien
    assert list(audits_coming(_at(due - timedelta(days=31)))) == []
    rules.plan(_at(due - timedelta(days=30)))
    rules.plan(_at(due - timedelta(days=29)))
    mails = _mails("audit_due")
    assert sorted(m.recipient for m in mails) == ["coach-a@example.org", "leider-a@example.org"]
    assert (
        mails[0].subject
        == "De eerste kwaliteitsaudit van Kring A staat gepland op 10 februari 2027"
    )
