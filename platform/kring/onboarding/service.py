"""Self-service sign-up: an organisation asks for a tenant, its first admin proves the e-mail
address, and the tenant waits, pending, for the platform admin (``admin.py``).

The tenant is made at once (pending, so none of its pages open and no job runs for it), with
its first admin's account and ``tenant_admin`` grant, so that approving is one switch. Mail
to a pending tenant's admin (the link that proves the address, a refusal) goes through the
tenant's outbox like every message, but is delivered by this area's jobs (``jobs.py``): the
outbox's own delivery waits for a tenant to be active.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from kring.core import journal
from kring.core.accounts import (
    MIN_PASSWORD_LENGTH,
    Role,
    RoleGrant,
    User,
    find_user_by_email,
    normalise_email,
)
from kring.core.db import utcnow
from kring.core.keys import SigningKeys
from kring.core.tenancy import SLUG_PATTERN, Tenant, TenantKind, TenantStatus, tenant_scope
from kring.extensions import db
from kring.notify import service as notify
from kring.notify.models import OutboxMessage
from kring.onboarding.models import DpiaStatus, TenantSignup

DPA_VERSION = "2026-01"
"""The data-processing agreement a sign-up accepts; a new text gets a new version."""

VERIFY_MAX_AGE_SECONDS = 3 * 24 * 60 * 60
"""How long the link that proves the first admin's address works."""

SIGNUP_KINDS = ("signup_verification", "signup_refused", "signup_approved")
"""Outbox kinds of the sign-up, handed out by this area's jobs (``jobs.py``) whatever the
tenant's status: most go to the admin of a tenant that is still pending."""

RESERVED_SLUGS = frozenset({"admin", "api", "www", "signup", "trainer", "static", "t"})
"""Slugs that would read as one of Kring's own addresses as a subdomain."""

_VERIFY_SALT = "kring.signup-verify"

_SLUG_RULE = _l(
    "Use 1 to 40 small letters, digits and hyphens, not starting or ending with a hyphen."
)


class Invalid(ValueError):
    """Input the sign-up cannot take, naming the field at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True, kw_only=True)
class SignupDetails:
    """What the sign-up form (or the API) gives."""

    name: str
    kind: TenantKind
    slug: str
    locale: str
    admin_name: str
    admin_email: str
    password: str
    accepts_dpa: bool
    dpia_status: DpiaStatus


def check_slug(slug: str) -> None:
    """Refuse a slug that cannot name a tenant, or names one already."""
    if not re.fullmatch(SLUG_PATTERN, slug) or slug in RESERVED_SLUGS:
        raise Invalid("slug", str(_SLUG_RULE))
    if db.session.execute(select(Tenant.id).where(Tenant.slug == slug)).first() is not None:
        raise Invalid("slug", str(_l("This web address is taken. Choose another one.")))


def sign_up(details: SignupDetails) -> TenantSignup:
    """Make the pending tenant, its first admin and the sign-up row; journaled in the tenant.

    Refuses (``Invalid``) a taken or malformed slug, an address that already has an account
    (accounts are global: that person signs in and is invited instead), a short password and
    an agreement not accepted."""
    slug = details.slug.strip().lower()
    check_slug(slug)
    if details.locale not in ("nl", "en"):
        raise Invalid("locale", str(_l("Choose Dutch or English.")))
    if not details.name.strip():
        raise Invalid("name", str(_l("Enter the organisation's name.")))
    if not details.admin_name.strip():
        raise Invalid("admin_name", str(_l("Enter your name.")))
    if find_user_by_email(details.admin_email) is not None:
        raise Invalid(
            "admin_email",
            str(_l("This address already has a Kring account. Use another address.")),
        )
    if len(details.password) < MIN_PASSWORD_LENGTH:
        raise Invalid(
            "password", str(_l("Use at least %(num)d characters.", num=MIN_PASSWORD_LENGTH))
        )
    if not details.accepts_dpa:
        raise Invalid("accepts_dpa", str(_l("Accept the data-processing agreement to sign up.")))
    now = utcnow()
    tenant = Tenant(
        slug=slug,
        name=details.name.strip(),
        kind=details.kind,
        locale=details.locale,
        status=TenantStatus.pending,
    )
    user = User(
        email=normalise_email(details.admin_email),
        name=details.admin_name.strip(),
        locale=details.locale,
    )
    user.set_password(details.password)
    db.session.add_all([tenant, user])
    db.session.flush()
    signup = TenantSignup(
        tenant_id=tenant.id,
        admin_id=user.id,
        admin_email=user.email or "",
        dpa_version=DPA_VERSION,
        dpa_accepted_at=now,
        dpia_status=details.dpia_status,
    )
    db.session.add(signup)
    with tenant_scope(tenant):
        db.session.add(RoleGrant(user_id=user.id, role=Role.tenant_admin))
        journal.record(
            "tenant.signed_up",
            tenant,
            user.id,
            dpa_version=DPA_VERSION,
            dpia_status=details.dpia_status.value,
        )
    db.session.flush()
    return signup


def make_verify_token(secret_key: SigningKeys, signup: TenantSignup) -> str:
    """A signed token proving the first admin's address; it expires after three days."""
    return URLSafeTimedSerializer(secret_key, salt=_VERIFY_SALT).dumps(
        {"s": signup.id, "e": signup.admin_email}
    )


def signup_for_token(secret_key: SigningKeys, token: str) -> TenantSignup | None:
    """The sign-up the token was made for, or None when forged, expired or for an address
    the sign-up no longer has."""
    try:
        data = URLSafeTimedSerializer(secret_key, salt=_VERIFY_SALT).loads(
            token, max_age=VERIFY_MAX_AGE_SECONDS
        )
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("s"), int):
        return None
    signup = db.session.get(TenantSignup, data["s"])
    if signup is None or signup.admin_email != data.get("e"):
        return None
    return signup


def send_verification(signup: TenantSignup, tenant: Tenant, link: str) -> OutboxMessage:
    """Write the e-mail with ``link`` to the first admin, in the tenant's outbox, in the
    tenant's language."""
    with force_locale(tenant.locale), tenant_scope(tenant):
        return notify.queue_email(
            signup.admin_email,
            _("Confirm your e-mail address for Kring"),
            render_template("onboarding/verify_email.txt", tenant=tenant, link=link),
            f"signup-verification:{signup.id}:{utcnow().isoformat()}",
            kind="signup_verification",
        )


def verify(signup: TenantSignup, now: datetime | None = None) -> bool:
    """Record that the first admin proved the address; False when it was proved before."""
    if signup.email_verified_at is not None:
        return False
    signup.email_verified_at = now or utcnow()
    with tenant_scope(signup.tenant_id):
        journal.record("tenant.email_verified", None, signup.admin_id)
    return True


def tenant_of(signup: TenantSignup) -> Tenant:
    """The tenant a sign-up made."""
    tenant = db.session.get(Tenant, signup.tenant_id)
    assert tenant is not None  # the sign-up row goes with its tenant (ON DELETE CASCADE)
    return tenant


def defined_in_files(tenant_id: int) -> bool:
    """Whether the tenant was made from a tenant file rather than signed up: its admin pages
    say so, since ``kring tenants sync`` sets again what the file says."""
    return (
        db.session.execute(
            select(TenantSignup.id).where(TenantSignup.tenant_id == tenant_id)
        ).first()
        is None
    )
