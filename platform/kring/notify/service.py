"""The outbox: writing a message in the transaction of its cause, and the steps of delivering it.

The row is written with a unique idempotency key, so a retried request never sends twice and a
crashed worker or an emptied Redis loses nothing: the sweeper finds due, unsent rows and hands
them to a worker again (``kring.notify.jobs``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import islice
from typing import Any

from sqlalchemy import Row, func, select, tuple_, update
from sqlalchemy.sql.elements import ColumnElement

from kring.core.db import utcnow
from kring.core.methodology import ReminderIntent
from kring.core.tenancy import Tenant, TenantStatus, system_scope
from kring.extensions import db
from kring.notify import recipients
from kring.notify.models import Channel, OutboxMessage, failed, pending
from kring.notify.recipients import Recipient
from kring.notify.render import Rendered, render

MAX_ATTEMPTS = 6


def _write(idempotency_key: str, *, fresh: bool = False, **fields: Any) -> OutboxMessage:
    """The outbox row with this key: written now in the current transaction, or the one that
    was written before (a second write is a no-op). Delivery is enqueued after the commit.

    ``fresh`` says the caller already knows no row has this key (``remind_all`` asked for a
    whole chunk at once): the row is only added, and the caller flushes and records it.
    """
    if not fresh:
        existing = db.session.execute(
            select(OutboxMessage).where(OutboxMessage.idempotency_key == idempotency_key)
        ).scalar_one_or_none()
        if existing is not None:
            return existing
    message = OutboxMessage(idempotency_key=idempotency_key, **fields)
    db.session.add(message)
    if not fresh:
        _written([message])
    return message


def _written(messages: list[OutboxMessage]) -> None:
    """Flush new rows and remember them, so their delivery is enqueued after the commit."""
    db.session.flush()
    db.session.info.setdefault("kring_outbox_ids", []).extend(m.id for m in messages)


def queue_email(
    recipient: str,
    subject: str,
    body: str,
    idempotency_key: str,
    due_at: datetime | None = None,
    kind: str = "message",
) -> OutboxMessage:
    """Add an e-mail to an address to the outbox in the current transaction (or return the one
    with this key): for what goes to an address rather than a person (a password reset)."""
    return _write(
        idempotency_key,
        kind=kind,
        channel=Channel.email,
        recipient=recipient,
        subject=subject,
        body=body,
        due_at=due_at or utcnow(),
    )


def _book_for(intents: list[ReminderIntent]) -> recipients.Book:
    return recipients.Book(
        {i.person_id for i in intents if i.person_id is not None},
        {i.user_id for i in intents if i.user_id is not None},
        {i.circle_id for i in intents if i.circle_id is not None},
    )


def _recipient_of(intent: ReminderIntent, book: recipients.Book) -> Recipient | None:
    """Whom the intent reaches; None for an unknown recipient, or for someone who is no longer
    part of the circle the intent is about."""
    if intent.person_id is not None:
        recipient = book.for_person(intent.person_id)
    else:
        recipient = book.for_user(intent.user_id or 0)
    if recipient is None:
        return None
    if intent.circle_id is not None and not book.is_involved(recipient, intent.circle_id):
        return None
    return recipient


def remind(intent: ReminderIntent) -> list[OutboxMessage]:
    """Turn an intent into outbox rows: one per channel the recipient wants, in their language,
    at a time their quiet hours allow, plus copies for a participant's contact person when the
    participant wants that. Nothing is written for a suspended tenant, an unknown recipient, or
    someone who is no longer part of the circle the intent is about."""
    if not recipients.is_receiving():
        return []
    recipient = _recipient_of(intent, _book_for([intent]))
    return [] if recipient is None else _rows_for(recipient, intent, fresh=False)


CHUNK = 500
"""How many intents ``remind_all`` reads and writes together."""


def remind_all(intents: Iterable[ReminderIntent]) -> int:
    """``remind`` for many intents, as the rule sweep finds them: the same rows, in a few
    statements per chunk instead of several per intent. Intents whose rows were written before
    (the sweep finds tomorrow's meeting every few minutes) are recognised in one query and cost
    nothing more. Returns how many intents were new."""
    if not recipients.is_receiving():
        return 0
    new = 0
    for chunk in _batched(intents, CHUNK):
        new += _remind_chunk(chunk)
    return new


def _batched(items: Iterable[ReminderIntent], size: int) -> Iterator[list[ReminderIntent]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _remind_chunk(chunk: list[ReminderIntent]) -> int:
    candidates = {
        f"{i.key}:{copy}{channel}": i.key
        for i in chunk
        for channel in Channel
        for copy in ("", "copy:")
    }
    seen = {
        candidates[key]
        for key in db.session.execute(
            select(OutboxMessage.idempotency_key).where(
                OutboxMessage.idempotency_key.in_(candidates)
            )
        ).scalars()
    }
    fresh = list({i.key: i for i in chunk if i.key not in seen}.values())
    book = _book_for(fresh)
    added: list[OutboxMessage] = []
    for intent in fresh:
        recipient = _recipient_of(intent, book)
        if recipient is not None:
            added += _rows_for(recipient, intent, fresh=True)
    if added:
        _written(added)
    return len(fresh)


def _rows_for(recipient: Recipient, intent: ReminderIntent, fresh: bool) -> list[OutboxMessage]:
    chosen = recipients.channels(recipient)
    rendered = _render(recipient, intent) if chosen else None
    rows = [
        _to(recipient, channel, intent, f"{intent.key}:{channel}", rendered, fresh=fresh)
        for channel in chosen
    ]
    wants = recipient.preference
    if wants is not None and wants.copy_to_contact:
        for channel, address in (
            (Channel.email, wants.contact_email),
            (Channel.sms, wants.contact_phone),
        ):
            if address:
                rows.append(_copy(recipient, channel, address, intent, fresh=fresh))
                break
    return rows


def remind_by(intent: ReminderIntent, channel: Channel) -> OutboxMessage | None:
    """Write ``intent`` on one channel only, to go out now, without copies for a contact
    person: for what is meant for the person's own eyes and asked for right now (a sign-in
    link). None when the recipient has no address on that channel or gets nothing (a
    suspended tenant, someone who left the circle the intent is about)."""
    if not recipients.is_receiving():
        return None
    recipient = _recipient_of(intent, _book_for([intent]))
    if recipient is None or (channel != Channel.app and not _address(recipient, channel)):
        return None
    key = f"{intent.key}:{channel}"
    return _to(recipient, channel, intent, key, _render(recipient, intent), now=True)


def _render(recipient: Recipient, intent: ReminderIntent) -> Rendered:
    """The intent's message to this recipient: once, whichever channels carry it."""
    return render(
        locale=recipient.locale,
        name=recipient.name,
        title=intent.title,
        body=intent.body,
        params=intent.params,
        link=intent.link,
    )


def _address(recipient: Recipient, channel: Channel) -> str:
    if channel == Channel.email:
        return recipient.email or ""
    if channel == Channel.sms:
        return recipient.phone or ""
    return ""


def _to(
    recipient: Recipient,
    channel: Channel,
    intent: ReminderIntent,
    key: str,
    rendered: Rendered | None,
    now: bool = False,
    fresh: bool = False,
) -> OutboxMessage:
    assert rendered is not None  # rendered whenever a channel was chosen
    due_at, is_digest = (
        (intent.due_at, False) if now else recipients.deliver_at(recipient, channel, intent.due_at)
    )
    return _write(
        key,
        fresh=fresh,
        kind=intent.kind,
        channel=channel,
        recipient=_address(recipient, channel),
        person_id=recipient.person_id,
        user_id=recipient.user_id if channel == Channel.app else None,
        circle_id=intent.circle_id,
        locale=recipient.locale,
        subject=rendered.subject,
        body=_body(
            Channel.app if is_digest else channel,
            rendered.text,
            rendered.sms,
            intent,
            recipient.locale,
        ),
        html_body=rendered.html if channel == Channel.email and not is_digest else None,
        link=intent.link,
        is_digest=is_digest,
        due_at=due_at,
    )


def _body(channel: Channel, text: str, short: str, intent: ReminderIntent, locale: str) -> str:
    """What the row keeps as its text: the framed e-mail, the short SMS, or (in the app, and
    for a digest, which frames its items itself) the message's own sentence."""
    if channel == Channel.email:
        return text
    if channel == Channel.sms:
        return short
    return intent.body.render(locale, intent.params)


def _copy(
    recipient: Recipient, channel: Channel, address: str, intent: ReminderIntent, fresh: bool
) -> OutboxMessage:
    wants = recipient.preference
    name = (wants.contact_name if wants is not None else None) or address
    rendered = render(
        locale=recipient.locale,
        name=name,
        title=intent.title,
        body=intent.body,
        params=intent.params,
        link=None,  # the participant's pages are theirs: the copy says what, not where
        copy_of=recipient.name,
    )
    due_at, _ = recipients.deliver_at(recipient, channel, intent.due_at)
    return _write(
        f"{intent.key}:copy:{channel}",
        fresh=fresh,
        kind=intent.kind,
        channel=channel,
        recipient=address,
        person_id=recipient.person_id,
        circle_id=intent.circle_id,
        locale=recipient.locale,
        subject=rendered.subject,
        body=rendered.text if channel == Channel.email else rendered.sms,
        html_body=rendered.html if channel == Channel.email else None,
        is_copy=True,
        due_at=due_at,
    )


def _cancel(now: datetime, *where: ColumnElement[bool]) -> int:
    done = db.session.execute(
        update(OutboxMessage).where(pending(), *where).values(cancelled_at=now)
    )
    return int(getattr(done, "rowcount", 0) or 0)


def cancel_for_member(person_id: int, circle_id: int, now: datetime) -> int:
    """Call off what has not gone out yet to someone about a circle they left; returns how many."""
    return _cancel(now, OutboxMessage.person_id == person_id, OutboxMessage.circle_id == circle_id)


def cancel_by_key_prefix(prefix: str, now: datetime) -> int:
    """Call off pending messages whose key starts with ``prefix`` (a cancelled meeting's
    reminders: ``"meeting-reminder:<id>:"``); returns how many."""
    return _cancel(now, OutboxMessage.idempotency_key.startswith(prefix, autoescape=True))


def _due(now: datetime, limit: int, after: Row[tuple[int, datetime]] | None) -> list[Any]:
    query = select(OutboxMessage.id, OutboxMessage.due_at).where(
        pending(), OutboxMessage.due_at <= now
    )
    if after is not None:
        query = query.where(
            OutboxMessage.due_at >= after.due_at,  # the index's range; the next line its order
            tuple_(OutboxMessage.due_at, OutboxMessage.id) > (after.due_at, after.id),
        )
    return list(
        db.session.execute(query.order_by(OutboxMessage.due_at, OutboxMessage.id).limit(limit))
    )


def due_message_ids(now: datetime, limit: int = 500) -> list[int]:
    """Ids of pending messages whose time has come, oldest first (current tenant)."""
    return [row.id for row in _due(now, limit, None)]


def due_message_pages(now: datetime, page: int, limit: int) -> Iterator[list[int]]:
    """The ids ``due_message_ids`` would give with ``limit``, read ``page`` at a time, each
    read continuing after the last row of the one before: a long backlog costs many reads of
    one page each, never one read whose time grows with the backlog."""
    after = None
    read = 0
    while read < limit:
        rows = _due(now, min(page, limit - read), after)
        if not rows:
            return
        yield [row.id for row in rows]
        read += len(rows)
        after = rows[-1]


@dataclass(frozen=True)
class Backlog:
    """What the outbox of every active tenant has not delivered: for the operators' metrics."""

    due: int
    oldest_due_at: datetime | None
    failed: int


def backlog(now: datetime) -> Backlog:
    """The due, unsent messages (how many, and since when the oldest is due) and the ones that
    failed for good, across the active tenants (a suspended tenant's rows wait on purpose).

    Two aggregates, each read from its partial index (unsent rows; failed rows), so a scrape
    every few seconds costs the same whatever the size of the outbox.
    """
    active = Tenant.status == TenantStatus.active
    with system_scope("the operators' metrics count the outbox backlog"):
        due, oldest = db.session.execute(
            select(func.count(), func.min(OutboxMessage.due_at))
            .select_from(OutboxMessage)
            .join(Tenant, Tenant.id == OutboxMessage.tenant_id)
            .where(pending(), OutboxMessage.due_at <= now, active)
        ).one()
        failures = db.session.execute(
            select(func.count())
            .select_from(OutboxMessage)
            .join(Tenant, Tenant.id == OutboxMessage.tenant_id)
            .where(failed(), active)
        ).scalar_one()
    return Backlog(due=due, oldest_due_at=oldest, failed=failures)


def claim(message_id: int, now: datetime | None = None) -> OutboxMessage | None:
    """Lock a pending message for delivery; None when gone, sent, or locked by another worker,
    and (given ``now``) when its time has not come (quiet hours, a digest's hour, a back-off)."""
    due = (OutboxMessage.due_at <= now,) if now is not None else ()
    return db.session.execute(
        select(OutboxMessage)
        .where(OutboxMessage.id == message_id, pending(), *due)
        .with_for_update(skip_locked=True)
    ).scalar_one_or_none()


def claim_digest(message: OutboxMessage, now: datetime) -> list[OutboxMessage]:
    """The digest ``message`` heads, with every other due digest item of the same recipient
    on the same channel, each locked for this delivery (others' locks are skipped)."""
    others = db.session.execute(
        select(OutboxMessage)
        .where(
            pending(),
            OutboxMessage.is_digest.is_(True),
            OutboxMessage.channel == message.channel,
            OutboxMessage.recipient == message.recipient,
            OutboxMessage.due_at <= now,
            OutboxMessage.id != message.id,
        )
        .order_by(OutboxMessage.created_at, OutboxMessage.id)
        .with_for_update(skip_locked=True)
    ).scalars()
    return [message, *others]


def mark_failed_attempt(message: OutboxMessage, error: str, now: datetime) -> None:
    """Back off exponentially (1, 2, 4 ... minutes); give up after ``MAX_ATTEMPTS``."""
    message.attempts += 1
    message.last_error = error[:2000]
    if message.attempts >= MAX_ATTEMPTS:
        message.failed_at = now
    else:
        message.due_at = now + timedelta(minutes=2 ** (message.attempts - 1))


def retry(message: OutboxMessage, now: datetime) -> None:
    """Give a message that failed for good a new start (an admin's "try again"): due now,
    with its attempts counted from nothing; delivery is enqueued after the commit."""
    message.failed_at = None
    message.attempts = 0
    message.due_at = now
    db.session.info.setdefault("kring_outbox_ids", []).append(message.id)
