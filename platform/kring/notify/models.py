"""Everything that must reach a person is an outbox row first.

The row is written in the same transaction as its cause, with a unique idempotency key, so a
retried request never sends twice and a crashed worker or an emptied Redis loses nothing: the
sweeper finds due, unsent rows and hands them to a worker again.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kring.core.db import Model, utcnow
from kring.core.tenancy import TenantScoped


class Channel(enum.StrEnum):
    """How a message travels to its recipient."""

    email = "email"


class OutboxMessage(TenantScoped, Model):
    """One message to one recipient, written before it is sent and marked when it is."""

    __tablename__ = "outbox_message"

    idempotency_key: Mapped[str] = mapped_column(String(200))
    channel: Mapped[Channel] = mapped_column(Enum(Channel, native_enum=False, length=20))
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    due_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    failed_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("tenant_id", "idempotency_key"),
        Index("ix_outbox_message_tenant_due", "tenant_id", "sent_at", "due_at"),
    )

    @property
    def is_pending(self) -> bool:
        return self.sent_at is None and self.failed_at is None
