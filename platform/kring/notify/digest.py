"""One message a day instead of many, for people who asked for a daily digest.

Digest items are outbox rows like any other (written once, by key, when their cause happens),
held until the recipient's digest hour. The first item's delivery gathers the recipient's other
due items (``notify.service.claim_digest``) and sends them as one message, framed here.
"""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from kring.notify.models import OutboxMessage
from kring.notify.render import tenant_link


def compose(items: list[OutboxMessage]) -> OutboxMessage:
    """An unsaved message carrying ``items`` as one e-mail, in the first item's language."""
    first = items[0]
    entries = [(m.subject, m.body, tenant_link(m.link)) for m in items]
    with force_locale(first.locale):
        subject = _("Your messages from Kring (%(count)s)", count=len(items))
        context = {"subject": subject, "entries": entries, "locale": first.locale}
        text = render_template("notify/digest.txt", **context)
        html = render_template("notify/digest.html", **context)
    return OutboxMessage(
        id=first.id,
        tenant_id=first.tenant_id,
        idempotency_key=first.idempotency_key,
        kind="digest",
        channel=first.channel,
        recipient=first.recipient,
        locale=first.locale,
        subject=subject,
        body=text,
        html_body=html,
    )
