"""Bearer tokens for the JSON API, and the integrations that obtain them.

A token acts as one user of one tenant and can never do more than that user may do on the
pages, whatever its scopes say: scopes only narrow. Only a digest of each secret is stored.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kring.core.db import Model, utcnow
from kring.core.tenancy import TenantScoped, tenant_key


class TokenKind(enum.StrEnum):
    """How a token came to be: it decides who may see and revoke it."""

    personal = "personal"
    """Made by a person on their account page, for their own scripts."""
    client = "client"
    """Issued to an integration through OAuth2 client credentials, short-lived."""


class ApiClient(TenantScoped, Model):
    """An integration (a care organisation's record system, a municipality's dashboard) that
    obtains tokens with its client id and secret. It acts with the reach of the admin who
    registered it, narrowed by its scopes, so need-to-know stays one policy."""

    __tablename__ = "api_client"

    name: Mapped[str] = mapped_column(String(120))
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[str] = mapped_column(String(2000))
    """Space-separated, as OAuth2 writes them."""
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]

    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ApiToken(TenantScoped, Model):
    """One bearer token: a personal one or one issued to a client."""

    __tablename__ = "api_token"

    kind: Mapped[TokenKind] = mapped_column(Enum(TokenKind, native_enum=False, length=20))
    name: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hint: Mapped[str] = mapped_column(String(12))
    """The secret's last characters, so a person can tell their tokens apart."""
    scopes: Mapped[str] = mapped_column(String(2000))
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    client_id: Mapped[int | None] = tenant_key("api_client", ondelete="CASCADE", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    def is_usable(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()
