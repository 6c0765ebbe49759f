"""An append-only journal of who changed what in a tenant.

Named a journal rather than an audit log because "audit" in Kring means a methodology's quality
audit. Rows are only ever inserted; nothing in the code updates or deletes them. Every domain event
(``kring.core.events``) is journaled by the subscriber below, in the transaction of its cause.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from blinker import NamedSignal
from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from kring.core import events
from kring.core.access import acting_for
from kring.core.db import Model, utcnow
from kring.core.tenancy import TenantScoped
from kring.extensions import db


class JournalEntry(TenantScoped, Model):
    """One thing someone changed, with who did it and the facts of the change."""

    __tablename__ = "journal_entry"

    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    on_behalf_of_id: Mapped[int | None]
    """The participant the actor acted for, when they did (``kring.core.access.on_behalf_of``)."""
    action: Mapped[str] = mapped_column(String(80))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int | None]
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


def record(
    action: str, subject: Model | None, actor_id: int | None, **details: Any
) -> JournalEntry:
    """Add an entry to the current transaction: it commits or rolls back with the change."""
    entry = JournalEntry(
        actor_id=actor_id,
        on_behalf_of_id=acting_for(),
        action=action,
        subject_type=type(subject).__name__ if subject is not None else "",
        subject_id=subject.id if subject is not None else None,
        details=details,
    )
    db.session.add(entry)
    return entry


def _journal(event: NamedSignal) -> None:
    def receive(subject: Model, *, actor_id: int | None = None, **details: Any) -> None:
        record(event.name, subject, actor_id, **details)

    event.connect(receive, weak=False)


for _event in events.ALL:
    _journal(_event)
