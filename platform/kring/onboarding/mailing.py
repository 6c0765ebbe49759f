"""What the sign-up's page and API share on the request side: the mail with its link, and
handing a pending tenant's message to this area's delivery after the commit."""

from __future__ import annotations

import logging

from flask import current_app, url_for

from kring.core.tenancy import Tenant
from kring.jobs import REDIS_ERRORS
from kring.notify.models import OutboxMessage
from kring.onboarding import service
from kring.onboarding.models import TenantSignup

log = logging.getLogger(__name__)


def send_verification(signup: TenantSignup) -> OutboxMessage:
    """Write the e-mail that proves the first admin's address (the page and the API share it)."""
    token = service.make_verify_token(current_app.config["SECRET_KEY"], signup)
    link = url_for("onboarding.verify", token=token, _external=True)
    return service.send_verification(signup, service.tenant_of(signup), link)


def enqueue_before_approval(tenant_id: int, message_id: int) -> None:
    """Hand a committed sign-up message to delivery; when Redis is away the sweep does it.
    Takes ids read before the commit: reading them after it would open a new transaction."""
    from kring.onboarding.jobs import deliver_before_approval

    try:
        deliver_before_approval.enqueue(tenant_id, message_id)
    except REDIS_ERRORS as exc:
        log.warning("could not enqueue sign-up message %s: %s", message_id, exc)


def login_link(tenant: Tenant) -> str:
    """Where the tenant's people sign in, as a full address for an e-mail."""
    return url_for("auth.login", tenant=tenant.slug, _external=True)
