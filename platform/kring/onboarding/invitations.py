"""A tenant admin invites staff: by e-mail, to a role (never participant: residents get a
sign-in card from their coach) and, where it applies, an organisation.

The link carries a random secret signed with the app's key; the table keeps only the secret's
hash, so a copy of the table opens nothing. A link works for ``VALID_DAYS``, once, and not after
it is revoked; sending it again makes a new secret (the old link stops working) and a new date.
Accepting makes the account, or, for an address that has one, asks that account's password
first; either way the role is granted in this tenant and the invitation is spent.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

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
from kring.core.paging import Page, read_page
from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.notify import service as notify
from kring.notify.models import OutboxMessage
from kring.onboarding.models import Invitation
from kring.onboarding.service import Invalid
from kring.organisations.models import Organisation

VALID_DAYS = 7
INVITABLE_ROLES = tuple(r for r in Role if r is not Role.participant)
"""Staff roles; a participant signs in with a card their coach prints (``kring.signin``)."""

_SALT = "kring.invitation"


class Unusable(ValueError):
    """The link is forged, expired, revoked or used: nobody learns which."""


@dataclass(frozen=True)
class Shown:
    """An invitation as the admin's list and its landing page show it."""

    invitation: Invitation
    organisation_name: str | None

    def status(self, now: datetime) -> str:
        """``open``, ``used``, ``revoked`` or ``expired``."""
        i = self.invitation
        if i.used_at is not None:
            return "used"
        if i.revoked_at is not None:
            return "revoked"
        return "open" if i.expires_at > now else "expired"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _token(secret_key: SigningKeys, invitation: Invitation, secret: str) -> str:
    return URLSafeTimedSerializer(secret_key, salt=_SALT).dumps({"i": invitation.id, "s": secret})


def _renew(invitation: Invitation, now: datetime) -> str:
    secret = secrets.token_urlsafe(32)
    invitation.token_hash = _hash(secret)
    invitation.sent_at = now
    invitation.expires_at = now + timedelta(days=VALID_DAYS)
    return secret


def invite(
    email: str,
    role: Role,
    organisation: Organisation | None,
    actor_id: int | None,
    name: str = "",
    now: datetime | None = None,
) -> tuple[Invitation, str]:
    """Write an invitation (in the tenant in scope); returns it with the link's secret, for
    ``send``. Refuses a participant role, and an address already holding this role here."""
    if role not in INVITABLE_ROLES:
        raise Invalid("role", str(_l("Choose a staff role: residents get a sign-in card.")))
    address = normalise_email(email)
    user = find_user_by_email(address)
    if user is not None:
        held = db.session.execute(
            select(RoleGrant.id).where(
                RoleGrant.user_id == user.id,
                RoleGrant.role == role,
                RoleGrant.organisation_id.is_(None)
                if organisation is None
                else RoleGrant.organisation_id == organisation.id,
            )
        ).first()
        if held is not None:
            raise Invalid("email", str(_l("This person holds this role here already.")))
    now = now or utcnow()
    invitation = Invitation(
        email=address,
        name=name.strip(),
        role=role,
        organisation_id=organisation.id if organisation else None,
        invited_by_id=actor_id,
        token_hash="",
        expires_at=now,
    )
    secret = _renew(invitation, now)
    db.session.add(invitation)
    db.session.flush()
    journal.record("invitation.sent", invitation, actor_id, role=role.value)
    return invitation, secret


def resend(invitation: Invitation, actor_id: int | None, now: datetime | None = None) -> str:
    """A new link and a new date for an invitation not yet used or revoked; the old link
    stops working. Returns the new secret."""
    if invitation.used_at is not None or invitation.revoked_at is not None:
        raise Unusable("this invitation is used or revoked")
    secret = _renew(invitation, now or utcnow())
    journal.record("invitation.resent", invitation, actor_id)
    return secret


def revoke(invitation: Invitation, actor_id: int | None, now: datetime | None = None) -> None:
    """Stop the link working; a used invitation is past revoking."""
    if invitation.used_at is not None:
        raise Unusable("this invitation is used")
    if invitation.revoked_at is None:
        invitation.revoked_at = now or utcnow()
        journal.record("invitation.revoked", invitation, actor_id)


def link_token(secret_key: SigningKeys, invitation: Invitation, secret: str) -> str:
    """What the link carries: the invitation's number and secret, signed."""
    return _token(secret_key, invitation, secret)


def send(invitation: Invitation, tenant: Tenant, link: str) -> OutboxMessage:
    """Write the e-mail with ``link``, in the tenant's language, naming role and organisation."""
    shown = shown_one(invitation)
    with force_locale(tenant.locale):
        return notify.queue_email(
            invitation.email,
            _("You are invited to %(tenant)s in Kring", tenant=tenant.name),
            render_template(
                "onboarding/invitation_email.txt",
                tenant=tenant,
                shown=shown,
                role=role_label(invitation.role),
                link=link,
                days=VALID_DAYS,
            ),
            f"invitation:{invitation.id}:{invitation.token_hash[:16]}",
            kind="invitation",
        )


def role_label(role: Role) -> str:
    """The role in the reader's language."""
    return str(ROLE_LABELS[role])


ROLE_LABELS = {
    Role.tenant_admin: _l("administrator"),
    Role.project_leader: _l("project leader"),
    Role.coach: _l("coach"),
    Role.volunteer: _l("volunteer"),
    Role.participant: _l("participant"),
    Role.signaler: _l("signaler"),
    Role.contributor: _l("calendar contributor"),
}


def for_token(secret_key: SigningKeys, token: str, now: datetime | None = None) -> Invitation:
    """The open invitation of the tenant in scope the token names; ``Unusable`` otherwise."""
    try:
        data = URLSafeTimedSerializer(secret_key, salt=_SALT).loads(
            token, max_age=VALID_DAYS * 24 * 60 * 60
        )
    except (BadSignature, SignatureExpired):
        raise Unusable("forged or expired") from None
    if not isinstance(data, dict) or not isinstance(data.get("i"), int):
        raise Unusable("malformed")
    if not isinstance(data.get("s"), str) or not 0 < data["i"] < 2**31:
        raise Unusable("malformed")
    found = db.session.execute(
        select(Invitation).where(
            Invitation.id == data["i"], Invitation.token_hash == _hash(data["s"])
        )
    ).scalar_one_or_none()
    if found is None or not found.is_open(now or utcnow()):
        raise Unusable("not open")
    return found


def existing_account(invitation: Invitation) -> User | None:
    """The account the invited address already has, if any."""
    return find_user_by_email(invitation.email)


def accept(
    invitation: Invitation, password: str, name: str = "", now: datetime | None = None
) -> User:
    """Grant the invited role to the address's account, made now when there is none (with
    ``name`` and ``password``), or after ``password`` proves an existing one. Spends the
    invitation."""
    user = existing_account(invitation)
    if user is None:
        if not name.strip():
            raise Invalid("name", str(_l("Enter your name.")))
        if len(password) < MIN_PASSWORD_LENGTH:
            raise Invalid(
                "password", str(_l("Use at least %(num)d characters.", num=MIN_PASSWORD_LENGTH))
            )
        user = User(email=invitation.email, name=name.strip())
        user.set_password(password)
        db.session.add(user)
        db.session.flush()
    elif not user.is_active or not user.check_password(password):
        raise Invalid("password", str(_l("This is not the password of that account.")))
    return _grant(invitation, user, now)


def accept_without_password(invitation: Invitation, name: str, now: datetime | None = None) -> User:
    """Make the invited address's account with no password of its own, for someone who signs
    in with the tenant's identity provider (whose account the caller links to it), and grant
    the invited role. An address that has an account already proves it with its password
    instead (``accept``): the provider account is then linked from the account page."""
    if existing_account(invitation) is not None:
        raise Invalid("password", str(_l("This address has an account: enter its password.")))
    user = User(email=invitation.email, name=name.strip() or invitation.email)
    db.session.add(user)
    db.session.flush()
    return _grant(invitation, user, now)


def still_open(invitation_id: object, now: datetime | None = None) -> Invitation | None:
    """The invitation with this id while it can still be accepted (its link was checked when
    the person left for their provider; it may have been used or revoked since)."""
    if not isinstance(invitation_id, int):
        return None
    found = db.session.execute(
        select(Invitation).where(Invitation.id == invitation_id)
    ).scalar_one_or_none()
    return found if found is not None and found.is_open(now or utcnow()) else None


def _grant(invitation: Invitation, user: User, now: datetime | None) -> User:
    """The invited role for ``user``; the invitation is spent."""
    db.session.add(
        RoleGrant(user_id=user.id, role=invitation.role, organisation_id=invitation.organisation_id)
    )
    invitation.used_at = now or utcnow()
    invitation.user_id = user.id
    journal.record("invitation.accepted", invitation, user.id, role=invitation.role.value)
    db.session.flush()
    return user


def pending(number: int = 1, size: int = 50) -> Page[Shown]:
    """Invitations not used and not revoked (expired ones too, to send again), newest first."""
    query = (
        select(Invitation, Organisation.name)
        .outerjoin(Organisation, Organisation.id == Invitation.organisation_id)
        .where(Invitation.used_at.is_(None), Invitation.revoked_at.is_(None))
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
    )
    page = read_page(query, number, size)
    return Page([Shown(*row) for row in page.items], page.number, page.has_next)


def shown_one(invitation: Invitation) -> Shown:
    """One invitation with its organisation's name."""
    name = None
    if invitation.organisation_id is not None:
        name = db.session.execute(
            select(Organisation.name).where(Organisation.id == invitation.organisation_id)
        ).scalar_one_or_none()
    return Shown(invitation, name)
