"""Sending one outbox message on its channel: e-mail, SMS, or the app itself."""

from __future__ import annotations

from kring.config import Config
from kring.notify import mail, sms
from kring.notify.models import Channel, OutboxMessage


def send(config: Config, message: OutboxMessage) -> None:
    """Send ``message``; raises when the channel refuses it, so the outbox retries.

    An in-app notification needs no sending: marked sent, it shows in the person's messages.
    """
    reference = f"{message.tenant_id}-{message.id}"
    if message.channel == Channel.email:
        email = mail.build(
            config, message.recipient, message.subject, message.body, message.html_body, reference
        )
        mail.send(config, email, reference)
    elif message.channel == Channel.sms:
        sms.provider(config).send(message.recipient, message.body, reference)
