"""The tenant admin's view of the outbox: how many messages wait, went, failed or were called
off, and the ones that failed for good, to be tried again.

An admin reaches no resident (``docs/access.md``), so a failed row shows what kind of message
it was, its channel, the recipient's address masked, and the error with addresses masked too;
never the message's subject or text, which may name a resident.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, case, func, select

from kring.core.paging import PAGE_SIZE, Page, read_page
from kring.extensions import db
from kring.notify import service
from kring.notify.models import Channel, OutboxMessage
from kring.notify.models import failed as failed_for_good

KIND_LABELS = {
    "message": _l("Message"),
    "password_reset": _l("Password reset"),
    "digest": _l("Daily digest"),
    "meeting_reminder": _l("Meeting reminder"),
    "meetings_missed": _l("Missed meetings"),
    "plan_review": _l("Plan review"),
    "contact_due": _l("Contact due"),
    "escalation_raised": _l("Escalation"),
    "escalation_overdue": _l("Escalation not answered in time"),
    "screening_expiring": _l("Screening about to expire"),
    "training_expiring": _l("Training about to expire"),
    "audit_due": _l("Audit due"),
    "audit_action_due": _l("Follow-up action due"),
    "sign_in_link": _l("Sign-in link"),
    "signal_assigned": _l("Signal to follow up"),
    "signal_waiting": _l("Signal waiting"),
    "signal_not_spoken": _l("Signal not yet followed up"),
    "signal_ask_again": _l("Asking a resident again"),
}
"""The kinds the core's rules and causes write (``ReminderIntent.kind``); a methodology's own
kinds show as "other message"."""
OTHER_KIND = _l("Other message")

_ADDRESS = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+)")
_NUMBER = re.compile(r"\+?\d[\d ()-]{5,}\d")


def mask(recipient: str) -> str:
    """An address shown in part: ``p…@example.org`` for an e-mail, the last three digits of
    a phone number; enough to recognise a mistake, not to read a resident's address book."""
    if not recipient:
        return ""
    if "@" in recipient:
        local, _, domain = recipient.partition("@")
        return f"{local[:1]}…@{domain}"
    digits = re.sub(r"\D", "", recipient)
    return f"…{digits[-3:]}" if len(digits) > 3 else "…"


def mask_text(text: str) -> str:
    """An error text with the e-mail addresses and phone numbers in it masked."""
    text = _ADDRESS.sub(lambda m: f"{m.group(1)}…@{m.group(2)}", text)
    return _NUMBER.sub(lambda m: mask(m.group(0)), text)


@dataclass(frozen=True, slots=True)
class Counts:
    """How many messages of the tenant wait, went, failed for good, or were called off."""

    pending: int
    sent: int
    failed: int
    cancelled: int


@dataclass(frozen=True, slots=True)
class FailedRow:
    """One message that failed for good, as an admin may see it."""

    id: int
    kind: str
    kind_label: str
    channel: Channel
    recipient: str
    attempts: int
    last_error: str
    failed_at: datetime


def counts() -> Counts:
    """The outbox by state, in one query."""

    def total(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    sent = OutboxMessage.sent_at.is_not(None)
    cancelled = OutboxMessage.sent_at.is_(None) & OutboxMessage.cancelled_at.is_not(None)
    failed = (
        OutboxMessage.sent_at.is_(None)
        & OutboxMessage.cancelled_at.is_(None)
        & OutboxMessage.failed_at.is_not(None)
    )
    pending = (
        OutboxMessage.sent_at.is_(None)
        & OutboxMessage.cancelled_at.is_(None)
        & OutboxMessage.failed_at.is_(None)
    )
    row = db.session.execute(
        select(total(pending), total(sent), total(failed), total(cancelled)).select_from(
            OutboxMessage
        )
    ).one()
    return Counts(*(int(n) for n in row))


def _row(message: OutboxMessage) -> FailedRow:
    return FailedRow(
        id=message.id,
        kind=message.kind,
        kind_label=str(KIND_LABELS.get(message.kind, OTHER_KIND)),
        channel=message.channel,
        recipient=mask(message.recipient),
        attempts=message.attempts,
        last_error=mask_text(message.last_error or ""),
        failed_at=message.failed_at or message.created_at,
    )


def failed_query() -> Select[OutboxMessage]:
    """The messages that failed for good, the latest failure first (on their partial index)."""
    return (
        select(OutboxMessage)
        .where(failed_for_good())
        .order_by(OutboxMessage.failed_at.desc(), OutboxMessage.id.desc())
    )


def failed(number: int = 1, size: int = PAGE_SIZE) -> Page[FailedRow]:
    """One page of the messages that failed for good, the latest failure first."""
    page = read_page(failed_query(), number, size)
    return Page([_row(m) for m in page.items], page.number, page.has_next)


def retry_all(now: datetime) -> int:
    """Try every message that failed for good again; returns how many."""
    found = list(db.session.execute(select(OutboxMessage).where(failed_for_good())).scalars())
    for message in found:
        service.retry(message, now)
    return len(found)
