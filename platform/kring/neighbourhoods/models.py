"""Neighbourhood statistics: figures of a neighbourhood in one year, as CBS publishes them.

They describe neighbourhoods, never residents: counts of people and households and an average
income, imported from the CBS table "Kerncijfers wijken en buurten" (``importing.py``). They
hang on the people area's ``Neighbourhood`` (matched on its ``cbs_code``), one row per year,
so a new year's file sits beside last year's and the ranking reads the newest.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kring.core.db import Model, utcnow
from kring.core.tenancy import TenantScoped, relationship, tenant_key
from kring.people.models import Neighbourhood


class NeighbourhoodStatistics(TenantScoped, Model):
    """One neighbourhood's figures for one year; a figure CBS keeps secret is ``None``."""

    __tablename__ = "neighbourhood_statistics"

    neighbourhood_id: Mapped[int] = tenant_key("neighbourhood", ondelete="CASCADE", index=True)
    year: Mapped[int]
    cbs_code: Mapped[str] = mapped_column(String(20))
    municipality: Mapped[str | None] = mapped_column(String(200))
    region_kind: Mapped[str | None] = mapped_column(String(20))
    """CBS ``SoortRegio``: Gemeente, Wijk or Buurt."""
    inhabitants: Mapped[int | None]
    aged_65_plus: Mapped[int | None]
    aged_75_plus: Mapped[int | None]
    households: Mapped[int | None]
    single_person_households: Mapped[int | None]
    average_income: Mapped[float | None] = mapped_column(Numeric(8, 1, asdecimal=False))
    """Thousands of euros per resident, as CBS gives ``GemiddeldInkomenPerInwoner``."""
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    imported_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )

    neighbourhood = relationship(Neighbourhood, foreign_keys=[neighbourhood_id])

    __table_args__ = (UniqueConstraint("tenant_id", "neighbourhood_id", "year"),)

    def share(self, count: int | None, of: int | None) -> float | None:
        """``count`` as a percentage of ``of``, one decimal; unknown when either is."""
        if count is None or not of:
            return None
        return round(100 * count / of, 1)
