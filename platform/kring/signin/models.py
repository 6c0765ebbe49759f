"""The table of sign-in cards. Only a hash of the secret is kept: the link itself is shown once,
when the card is printed, so a copy of the database signs nobody in."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, column
from sqlalchemy.orm import Mapped, mapped_column

from kring.core.db import Model, utcnow
from kring.core.tenancy import TenantScoped, tenant_key


class SignInLink(TenantScoped, Model):
    """One card of one participant; a new card revokes the earlier one."""

    __tablename__ = "sign_in_link"

    person_id: Mapped[int] = tenant_key("person", ondelete="CASCADE", index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]

    # At most one working card per person: the database holds what ``issue`` promises.
    __table_args__ = (
        Index(
            "uq_sign_in_link_working",
            "tenant_id",
            "person_id",
            unique=True,
            sqlite_where=column("revoked_at").is_(None),
            postgresql_where=column("revoked_at").is_(None),
        ),
    )

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
