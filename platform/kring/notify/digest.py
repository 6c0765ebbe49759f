"""One message a day instead of many, for people who asked for a daily digest.

Digest items are outbox rows like any other (written once, by key, when their cause happens),
held until the recipient's digest hour. The first item's delivery gathers the recipient's other
due items (``notify.service.claim_digest``) and sends them as one message, framed here.
"""

from __future__ import annotations

from kring.notify import recipients
from kring.notify.models import OutboxMessage
from kring.notify.render import render_digest, tenant_link


def _name(message: OutboxMessage) -> str | None:
    """The recipient's name for the greeting (a digest row keeps only the address)."""
    if message.person_id is not None:
        recipient = recipients.for_person(message.person_id)
    elif message.user_id is not None:
        recipient = recipients.for_user(message.user_id)
    else:
        return None
    return recipient.name if recipient is not None else None


def compose(items: list[OutboxMessage]) -> OutboxMessage:
    """An unsaved message carrying ``items`` as one e-mail, in the first item's language."""
    first = items[0]
    rendered = render_digest(
        locale=first.locale,
        name=_name(first),
        entries=[(m.subject, m.body, tenant_link(m.link)) for m in items],
    )
    return OutboxMessage(
        id=first.id,
        tenant_id=first.tenant_id,
        idempotency_key=first.idempotency_key,
        kind="digest",
        channel=first.channel,
        recipient=first.recipient,
        locale=first.locale,
        subject=rendered.subject,
        body=rendered.text,
        html_body=rendered.html,
    )
