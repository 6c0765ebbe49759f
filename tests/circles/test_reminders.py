"""Reminders about a circle: the first quality audit reaches the team 30 days before."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from kring.circles.models import PhaseTransition
from kring.circles.reminders import audits_coming
from kring.extensions import db
from kring.notify import rules
from kring.notify.models import Channel, OutboxMessage
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
    assert (
        mails[0].subject
        == "De eerste kwaliteitsaudit van Kring A staat gepland op 10 februari 2027"
    )
