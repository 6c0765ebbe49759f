"""A reminder rule for tests: everyone in the tenant hears of today, once a day."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import select

from kring.core.methodology import Phrase, ReminderIntent
from kring.extensions import db
from kring.people.models import Person


def everyone(now: datetime) -> Iterator[ReminderIntent]:
    for person_id in db.session.execute(select(Person.id).order_by(Person.id)).scalars():
        yield ReminderIntent(
            key=f"test-day:{person_id}:{now.date().isoformat()}",
            kind="test",
            title=Phrase(en="Today", nl="Vandaag"),
            body=Phrase(en="A day in the circle.", nl="Een dag in de kring."),
            due_at=now,
            person_id=person_id,
        )
