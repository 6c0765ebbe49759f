"""What the sign-up's and the platform admin's pages and API share on the request side: the
mail with its link, finding a sign-up or a tenant by its number (404 otherwise), and committing
a decision before handing a pending tenant's message to this area's delivery."""

from __future__ import annotations

import logging

from flask import abort, url_for

from kring.core import keys
from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.http.tenancy import MAX_ID
from kring.jobs import REDIS_ERRORS
from kring.notify.models import OutboxMessage
from kring.onboarding import admin, service
from kring.onboarding.models import TenantSignup

log = logging.getLogger(__name__)


def send_verification(signup: TenantSignup) -> OutboxMessage:
    """Write the e-mail that proves the first admin's address (the page and the API share it)."""
    token = service.make_verify_token(keys.signing_keys(), signup)
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


def signup_or_404(signup_id: int) -> admin.SignupRow:
    """The sign-up with this number, or 404 (a number no id can be too)."""
    row = admin.signup_row(signup_id) if 0 < signup_id <= MAX_ID else None
    return row or abort(404)


def tenant_or_404(tenant_id: int) -> admin.TenantRow:
    """The tenant with this number and its size, or 404 (a number no id can be too)."""
    row = admin.tenant_row(tenant_id) if 0 < tenant_id <= MAX_ID else None
    return row or abort(404)


def decided(row: admin.SignupRow, message: OutboxMessage) -> None:
    """Commit an approval or a refusal, then hand its message to delivery: a pending tenant's
    own jobs do not run, so this area's delivery sends it."""
    ids = (row.tenant.id, message.id)
    db.session.commit()
    enqueue_before_approval(*ids)
