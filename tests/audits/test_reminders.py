"""Reminders of the audits: the team hears 30 days before the next audit falls due, and 7 days
before and on the day a follow-up action is due while it is not done."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from kring.audits.models import Audit, FollowUpAction
from kring.audits.reminders import actions_due, audits_coming
from kring.circles.models import PhaseTransition
from kring.extensions import db
from kring.notify import rules
from kring.notify.models import Channel, OutboxMessage
from tests.audits.conftest import reviewed_audit
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
    assert mails[0].subject == "De kwaliteitsaudit van Kring A staat gepland op 10 februari 2027"


def test_the_next_audit_is_reminded_a_year_after_the_last_one_opened(world: World) -> None:
    db.session.add(
        PhaseTransition(
            circle_id=world.a.id,
            from_phase="verkennen",
            to_phase="draaien",
            moved_on=date(2025, 2, 1),
        )
    )
    reviewed_audit(world.a, date(2026, 2, 20))  # the first, opened a little late
    assert list(audits_coming(_at(date(2027, 1, 19)))) == []
    (first, *_) = list(audits_coming(_at(date(2027, 1, 21))))
    assert first.key.startswith(f"audit-due:{world.a.id}:2027-02-20:")


def _action(audit: Audit, due: date, done: bool = False) -> FollowUpAction:
    action = FollowUpAction(
        audit_id=audit.id,
        text="Plan de zomeravonden vooruit",
        due_on=due,
        done_at=datetime(2026, 5, 1, tzinfo=UTC) if done else None,
    )
    db.session.add(action)
    db.session.flush()
    return action


def test_a_follow_up_action_reaches_the_team_a_week_before_and_on_its_day(world: World) -> None:
    audit = reviewed_audit(world.a, date(2026, 3, 1))
    action = _action(audit, date(2026, 6, 1))
    _action(audit, date(2026, 6, 1), done=True)  # done: nobody hears of it
    assert list(actions_due(_at(date(2026, 5, 24)))) == []
    rules.plan(_at(date(2026, 5, 25)))
    rules.plan(_at(date(2026, 5, 26)))  # the same reminder, not written twice
    week = _mails("audit_action_due")
    assert sorted(m.recipient for m in week) == ["coach-a@example.org", "leider-a@example.org"]
    assert week[0].subject == "Een vervolgactie van Kring A moet af zijn op 1 juni 2026"
    rules.plan(_at(date(2026, 6, 1)))
    today = _mails("audit_action_due")[len(week) :]
    assert [m.subject for m in today] == ["Vandaag moet een vervolgactie van Kring A af zijn"] * 2
    assert list(actions_due(_at(date(2026, 6, 2)))) == []
    action.done_at = datetime(2026, 5, 30, tzinfo=UTC)
    assert list(actions_due(_at(date(2026, 6, 1)))) == []


def test_an_action_set_within_the_week_is_reminded_once_before_its_day(world: World) -> None:
    audit = reviewed_audit(world.a, date(2026, 3, 1))
    _action(audit, date(2026, 6, 1))
    (intent, *_) = list(actions_due(_at(date(2026, 5, 28))))
    assert ":7:" in intent.key and intent.link == f"/audits/{audit.id}"
    assert intent.title.render("en", intent.params) == (
        "A follow-up action of Kring A is due on 1 June 2026"
    )
