"""Sending one outbox message on its channel: e-mail, SMS, or the app itself."""

from __future__ import annotations

from kring.config import Config
from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.notify import mail, sms
from kring.notify.models import Channel, OutboxMessage


def send(config: Config, message: OutboxMessage, smtp: mail.Connection | None = None) -> None:
    """Send ``message``; raises when the channel refuses it, so the outbox retries.

    An in-app notification needs no sending: marked sent, it shows in the person's messages.
    An SMS number without a country code is read as one of the tenant's country.
    ``smtp`` is the connection a delivery batch shares.
    """
    reference = f"{message.tenant_id}-{message.id}"
    if message.channel == Channel.email:
        email = mail.build(
            config,
            message.recipient,
            message.subject,
            message.body,
            message.html_body,
            reference,
            message.locale,
        )
        mail.send(config, email, reference, smtp)
    elif message.channel == Channel.sms:
        tenant = db.session.get(Tenant, message.tenant_id)
        to = sms.e164(message.recipient, tenant.locale if tenant is not None else "nl")
        sms.provider(config).send(to, message.body, reference)
