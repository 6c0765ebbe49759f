"""Partner organisations of a tenant, and the methodologies each one works with.

Installed is not enabled: a methodology plugin installed on the platform only makes the
methodology available; a ``MethodologyEnablement`` row decides that one organisation of one
tenant actually works with it, and holds that organisation's settings for it.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kring.core.db import Model, utcnow
from kring.core.tenancy import TenantScoped, relationship, tenant_key


class OrganisationKind(enum.StrEnum):
    """What kind of partner an organisation is; some methodologies need certain kinds."""

    care = "care"
    welfare = "welfare"
    housing = "housing"
    municipality = "municipality"
    church = "church"
    sports = "sports"
    school = "school"
    visiting = "visiting"
    """A visiting service (bezoekdienst): volunteers who visit people at home."""
    other = "other"


class Organisation(TenantScoped, Model):
    """A partner organisation (care, welfare, housing) that runs circles inside a tenant."""

    __tablename__ = "organisation"

    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[OrganisationKind] = mapped_column(
        Enum(OrganisationKind, native_enum=False, length=20), default=OrganisationKind.care
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    archived_at: Mapped[datetime | None]
    """Set when the organisation stopped working in Kring: its circles keep their history,
    it starts no new ones and leaves the choices of forms."""

    __table_args__ = (UniqueConstraint("tenant_id", "name"),)


class MethodologyEnablement(TenantScoped, Model):
    """One organisation works with one methodology, with its own settings for it."""

    __tablename__ = "methodology_enablement"

    organisation_id: Mapped[int] = tenant_key("organisation", ondelete="CASCADE", index=True)
    methodology_key: Mapped[str] = mapped_column(String(40))
    enabled_at: Mapped[datetime] = mapped_column(default=utcnow)
    enabled_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """The methodology's settings for this organisation, checked by its settings schema."""
    disabled_at: Mapped[datetime | None]
    """Set when the organisation stopped working with the methodology: its circles keep their
    history and pages, but no new circle of it starts."""

    organisation = relationship(Organisation, foreign_keys=[organisation_id])

    __table_args__ = (UniqueConstraint("tenant_id", "organisation_id", "methodology_key"),)
