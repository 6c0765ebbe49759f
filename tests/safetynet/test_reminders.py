"""The contact reminder: the circle's volunteer hears on the morning a member's contact falls
due, once per due day; a contact logged moves the day; nobody hears of someone who left."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from kring.circles import membership
from kring.core.db import today
from kring.extensions import db
from kring.notify import rules
from kring.notify.models import Channel, OutboxMessage
from kring.safetynet import service as safetynet
from kring.safetynet.models import ContactKind
from kring.testing.builders import hooks_for
from tests.conftest import World

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _mails() -> list[OutboxMessage]:
    db.session.info.pop("kring_outbox_ids", None)
    return list(
        db.session.execute(
            select(OutboxMessage).where(
                OutboxMessage.kind == "contact_due", OutboxMessage.channel == Channel.email
            )
        ).scalars()
    )


def _early(day: date) -> datetime:
    """Just after midnight of ``day`` in the tenant's time."""
    return datetime.combine(day, time(0, 10), AMSTERDAM).astimezone(UTC)


def test_the_volunteer_hears_the_morning_a_contact_falls_due_once(world: World) -> None:
    joined = world.members["participant"].joined_on
    rules.plan(_early(joined + timedelta(days=9)))
    assert _mails() == []
    due = joined + timedelta(days=10)  # proefkring: every ten days
    rules.plan(_early(due))
    rules.plan(_early(due) + timedelta(hours=3))
    (mail,) = _mails()
    assert mail.recipient == world.users["volunteer"].email
    assert mail.subject == "Tijd om contact op te nemen met Piet Deelnemer"
    assert "Er is nog geen contact met Piet Deelnemer (Kring A) opgeschreven." in mail.body
    assert mail.due_at == datetime.combine(due, time(9), AMSTERDAM)


def test_a_contact_logged_moves_the_next_reminder(world: World) -> None:
    joined = world.members["participant"].joined_on
    safetynet.log_contact(
        world.a, world.people["participant"].id, joined, ContactKind.call, None, False, None, joined
    )
    rules.plan(_early(joined + timedelta(days=5)))
    assert _mails() == []
    rules.plan(_early(joined + timedelta(days=10)))
    (mail,) = _mails()
    assert "Je laatste contact met Piet Deelnemer (Kring A) was op " in mail.body


def test_nobody_hears_of_a_member_who_left(app: Any, world: World) -> None:
    hooks = hooks_for(app, "proefkring")
    membership.end_membership(world.members["participant"], "own_choice", hooks, None, today())
    rules.plan(_early(world.members["participant"].joined_on + timedelta(days=11)))
    assert _mails() == []
