"""Installed is not enabled: a tenant switches a methodology on for one of its organisations.

The plugin being installed on the platform only makes the methodology available; the rows here
decide which tenant and which partner organisation actually work with it.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from kring.core import journal
from kring.core.db import Model, utcnow
from kring.core.tenancy import Organisation, TenantScoped, relationship
from kring.extensions import db


class UnknownMethodology(ValueError):
    """The key names no installed methodology plugin."""


class MethodologyEnablement(TenantScoped, Model):
    __tablename__ = "methodology_enablement"

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    methodology_key: Mapped[str] = mapped_column(String(40))
    enabled_at: Mapped[datetime] = mapped_column(default=utcnow)
    enabled_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """The methodology's settings for this organisation, checked by its settings schema."""

    organisation = relationship(Organisation)

    __table_args__ = (UniqueConstraint("tenant_id", "organisation_id", "methodology_key"),)


def enable(
    organisation: Organisation,
    key: str,
    installed: Collection[str],
    actor_id: int | None,
    settings: dict[str, Any] | None = None,
) -> MethodologyEnablement:
    """Enable methodology ``key`` for ``organisation``; idempotent, journaled once.

    ``settings`` (already checked against the plugin's schema) replace the stored ones when given.
    """
    if key not in installed:
        raise UnknownMethodology(f"no methodology plugin named {key!r} is installed")
    existing = db.session.execute(
        select(MethodologyEnablement).where(
            MethodologyEnablement.organisation_id == organisation.id,
            MethodologyEnablement.methodology_key == key,
        )
    ).scalar_one_or_none()
    if existing is not None:
        if settings is not None and settings != existing.settings:
            existing.settings = settings
            journal.record("methodology.settings", organisation, actor_id, methodology=key)
        return existing
    enablement = MethodologyEnablement(
        organisation_id=organisation.id,
        methodology_key=key,
        enabled_by_id=actor_id,
        settings=settings or {},
    )
    db.session.add(enablement)
    db.session.flush()
    journal.record("methodology.enabled", organisation, actor_id, methodology=key)
    return enablement


def enabled_keys() -> set[str]:
    """Methodology keys enabled anywhere in the current tenant."""
    return set(
        db.session.execute(select(MethodologyEnablement.methodology_key).distinct()).scalars()
    )
