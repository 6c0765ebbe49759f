"""A tenant's own OpenID provider, and the provider accounts linked to Kring logins.

One provider per tenant, with the tenant's own client id and secret: a municipality's staff sign
in with the account they already have, and a code from one tenant's provider is worth nothing
at another's door. Provider accounts are keyed on (issuer, subject), the only pair a provider
promises never to reuse, and never on an e-mail address, which can change hands.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kring.core.db import Model, utcnow
from kring.core.tenancy import TenantScoped


class IdentityProvider(TenantScoped, Model):
    """The tenant's OpenID Connect provider. The client secret is kept encrypted, because
    Kring must send it again at every sign-in."""

    __tablename__ = "identity_provider"

    issuer: Mapped[str] = mapped_column(String(300))
    client_id: Mapped[str] = mapped_column(String(200))
    client_secret_sealed: Mapped[str] = mapped_column(Text)
    label: Mapped[str] = mapped_column(String(100))
    """The button's words: "Sign in with your Gemeente account"."""
    trusts_mfa: Mapped[bool] = mapped_column(Boolean, default=True)
    """Whether a sign-in the provider marks as multi-factor (its ``amr``) counts as Kring's
    second factor, so staff are not asked twice."""
    is_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (UniqueConstraint("tenant_id", name="uq_identity_provider_one_per_tenant"),)


class ExternalIdentity(Model):
    """A provider account linked to a Kring login. Global, like the login itself: the same
    person may work for two tenants that share a provider."""

    __tablename__ = "external_identity"

    issuer: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    linked_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]

    __table_args__ = (UniqueConstraint("issuer", "subject"),)
