"""Everything that must reach a person is an outbox row first.

The row is written in the same transaction as its cause, with a unique idempotency key, so a
retried request never sends twice and a crashed worker or an emptied Redis loses nothing: the
sweeper finds due, unsent rows and hands them to a worker again. The row holds the message as it
will be sent (rendered in the recipient's language when written), so a worker needs nothing but
its id, and an in-app notification is the same row, shown once it is due.
"""

from __future__ import annotations

import enum
from datetime import datetime, time

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Enum,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    and_,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from kring.core.db import Model, utcnow
from kring.core.tenancy import TenantScoped, tenant_key


class Channel(enum.StrEnum):
    """How a message travels to its recipient."""

    email = "email"
    sms = "sms"
    app = "app"
    """Shown in Kring itself, with an unread count beside the menu."""


class OutboxMessage(TenantScoped, Model):
    """One message to one recipient on one channel, written before it is sent and marked when
    it is (or when it failed for good, or was called off because its reason went away)."""

    __tablename__ = "outbox_message"

    idempotency_key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(60), default="message")
    """The rule or cause that wrote it (``meeting_reminder``), for the admin and the digest."""
    channel: Mapped[Channel] = mapped_column(Enum(Channel, native_enum=False, length=20))
    recipient: Mapped[str] = mapped_column(String(254))
    """The e-mail address or phone number; empty for an in-app notification."""
    person_id: Mapped[int | None] = tenant_key("person", ondelete="CASCADE", index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    circle_id: Mapped[int | None] = tenant_key("circle", ondelete="CASCADE", index=True)
    """The circle the message is about: a recipient who left it gets nothing more about it."""
    locale: Mapped[str] = mapped_column(String(5), default="nl")
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(500))
    is_digest: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    """Gathered with the recipient's other digest messages into one message a day."""
    is_copy: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    """A copy for a participant's contact person, sent because the participant wants that."""
    due_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    failed_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    read_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("tenant_id", "idempotency_key"),)

    @property
    def is_pending(self) -> bool:
        return self.sent_at is None and self.failed_at is None and self.cancelled_at is None


def pending() -> ColumnElement[bool]:
    """The rows the dispatcher still has to hand out; the partial index covers exactly these."""
    return and_(
        OutboxMessage.sent_at.is_(None),
        OutboxMessage.failed_at.is_(None),
        OutboxMessage.cancelled_at.is_(None),
    )


def failed() -> ColumnElement[bool]:
    """The rows that failed for good: the admin's page lists them, to be tried again."""
    return and_(
        OutboxMessage.failed_at.is_not(None),
        OutboxMessage.sent_at.is_(None),
        OutboxMessage.cancelled_at.is_(None),
    )


# Finding due rows must not depend on the table's size: only pending rows are indexed.
Index(
    "ix_outbox_message_pending_due",
    OutboxMessage.tenant_id,
    OutboxMessage.due_at,
    postgresql_where=pending(),
    sqlite_where=pending(),
)
# The admin's failed messages, the latest failure first, whatever the size of the outbox.
Index(
    "ix_outbox_message_failed",
    OutboxMessage.tenant_id,
    OutboxMessage.failed_at,
    postgresql_where=failed(),
    sqlite_where=failed(),
)
# A person's messages in the app, newest first.
Index(
    "ix_outbox_message_inbox",
    OutboxMessage.tenant_id,
    OutboxMessage.user_id,
    OutboxMessage.created_at,
    postgresql_where=OutboxMessage.channel == Channel.app,
    sqlite_where=OutboxMessage.channel == Channel.app,
)


class NotificationPreference(TenantScoped, Model):
    """How one person (or one staff login without a person record) wants to be reached.

    Without a row the defaults hold: every channel they have an address for, single messages,
    no quiet hours. A participant's contact person (a relative, a mentor) receives copies only
    when ``copy_to_contact`` is set, which the participant or someone acting for them chooses.
    """

    __tablename__ = "notification_preference"

    person_id: Mapped[int | None] = tenant_key("person", ondelete="CASCADE")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    by_email: Mapped[bool] = mapped_column(Boolean, default=True)
    by_sms: Mapped[bool] = mapped_column(Boolean, default=True)
    in_app: Mapped[bool] = mapped_column(Boolean, default=True)
    quiet_from: Mapped[time | None]
    quiet_until: Mapped[time | None]
    daily_digest: Mapped[bool] = mapped_column(Boolean, default=False)
    digest_at: Mapped[time] = mapped_column(default=time(8, 0))
    copy_to_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (
        UniqueConstraint("tenant_id", "person_id"),
        UniqueConstraint("tenant_id", "user_id"),
        CheckConstraint(
            "(person_id IS NULL) <> (user_id IS NULL)", name="preference_for_one_recipient"
        ),
        CheckConstraint(
            "(quiet_from IS NULL) = (quiet_until IS NULL)", name="quiet_hours_both_or_none"
        ),
    )
