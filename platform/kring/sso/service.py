"""Configuring a tenant's provider, linking provider accounts to logins, and finding the login
a provider's answer names.

Roles never come from the provider: a provider account opens Kring only when it is linked to a
login that holds a role in this tenant (given by an invitation or an admin), so a provider that
lets everyone in does not let everyone into Kring.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.fernet import InvalidToken
from sqlalchemy import select

from kring.core import journal, keys
from kring.core.accounts import User
from kring.core.db import utcnow
from kring.core.tenancy import system_scope
from kring.extensions import db
from kring.sso.models import ExternalIdentity, IdentityProvider


@dataclass(frozen=True, slots=True)
class ProviderSettings:
    """What an admin fills in; the secret is optional on a change (kept when left empty)."""

    issuer: str
    client_id: str
    client_secret: str | None
    label: str
    trusts_mfa: bool
    is_enabled: bool


SEALED_FOR = b""
"""What the client secrets' key is derived for (``kring.core.keys.sealer``): nothing added to
the secret key, the derivation sealed client secrets have had from the start."""


def seal(secret: str) -> str:
    """The client secret encrypted with a key derived from the app's secret key."""
    return keys.sealer(SEALED_FOR).encrypt(secret.encode()).decode()


def unseal(sealed: str) -> str | None:
    """The client secret, or None when it was sealed under a secret key that is neither the
    current one nor a fallback (the admin then enters it again)."""
    try:
        return keys.sealer(SEALED_FOR).decrypt(sealed.encode()).decode()
    except InvalidToken:
        return None


def reseal_client_secrets() -> tuple[int, int]:
    """Seal every tenant's client secret again with the current secret key, after a rotation;
    returns (resealed, unreadable). An unreadable one is entered again by its tenant admin."""
    sealer = keys.sealer(SEALED_FOR)
    done = lost = 0
    with system_scope("a new secret key seals every tenant's client secret again"):
        for found in db.session.execute(select(IdentityProvider)).scalars():
            try:
                found.client_secret_sealed = sealer.rotate(
                    found.client_secret_sealed.encode()
                ).decode()
                done += 1
            except InvalidToken:
                lost += 1
        db.session.flush()
    return done, lost


def provider() -> IdentityProvider | None:
    """The tenant's provider, enabled or not."""
    return db.session.execute(select(IdentityProvider)).scalar_one_or_none()


def enabled_provider() -> IdentityProvider | None:
    """The tenant's provider when staff may sign in with it."""
    found = provider()
    return found if found is not None and found.is_enabled else None


def configure(settings: ProviderSettings, actor_id: int) -> IdentityProvider:
    """Set the tenant's provider; a new one needs a secret, a changed one keeps the old secret
    when none is given."""
    found = provider()
    if found is None:
        if not settings.client_secret:
            raise ValueError("a new provider needs its client secret")
        found = IdentityProvider()
        db.session.add(found)
    found.issuer = settings.issuer.rstrip("/")
    found.client_id = settings.client_id
    found.label = settings.label
    found.trusts_mfa = settings.trusts_mfa
    found.is_enabled = settings.is_enabled
    if settings.client_secret:
        found.client_secret_sealed = seal(settings.client_secret)
    db.session.flush()
    journal.record("sso.provider_configured", found, actor_id, issuer=found.issuer)
    return found


def remove(found: IdentityProvider, actor_id: int) -> None:
    """Staff sign in with a password again; their links stay, for when it comes back."""
    journal.record("sso.provider_removed", found, actor_id, issuer=found.issuer)
    db.session.delete(found)


def user_for(issuer: str, subject: str) -> User | None:
    """The login linked to this provider account, or None."""
    link = db.session.execute(
        select(ExternalIdentity).where(
            ExternalIdentity.issuer == issuer, ExternalIdentity.subject == subject
        )
    ).scalar_one_or_none()
    if link is None:
        return None
    link.last_used_at = utcnow()
    return db.session.get(User, link.user_id)


class AlreadyLinked(Exception):
    """The provider account is linked to another login."""


def link(user: User, issuer: str, subject: str) -> ExternalIdentity:
    """Link the provider account to ``user`` (again linking it to the same login is a no-op);
    one provider account never opens two logins."""
    found = db.session.execute(
        select(ExternalIdentity).where(
            ExternalIdentity.issuer == issuer, ExternalIdentity.subject == subject
        )
    ).scalar_one_or_none()
    if found is not None:
        if found.user_id != user.id:
            raise AlreadyLinked
        return found
    found = ExternalIdentity(issuer=issuer, subject=subject, user_id=user.id)
    db.session.add(found)
    db.session.flush()
    journal.record("sso.linked", found, user.id, issuer=issuer)
    return found


def links_of(user: User) -> list[ExternalIdentity]:
    """The provider accounts that open ``user``'s login, so they can see what signs them in."""
    return list(
        db.session.execute(
            select(ExternalIdentity)
            .where(ExternalIdentity.user_id == user.id)
            .order_by(ExternalIdentity.linked_at)
        ).scalars()
    )
