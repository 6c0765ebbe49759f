"""The table of signals: a care worker reported a resident who may be lonely.

A signal holds only what the team needs to make contact: a name, a postcode, a birth date when
known, and why the signaller is worried.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kring.core.db import Model, utcnow
from kring.core.tenancy import TenantScoped, tenant_key


class SignalStatus(enum.StrEnum):
    """How far the team got with a signal, from new to taking part or declined."""

    new = "new"
    contacted = "contacted"
    connected = "connected"  # the resident takes part
    declined = "declined"  # the resident does not want contact


class Signal(TenantScoped, Model):
    """One report about one resident, and how the team followed it up."""

    __tablename__ = "signal"

    organisation_id: Mapped[int] = tenant_key("organisation", ondelete="RESTRICT", index=True)
    methodology_key: Mapped[str] = mapped_column(String(40))
    resident_name: Mapped[str] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(10))
    birth_date: Mapped[date | None]
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[SignalStatus] = mapped_column(
        Enum(SignalStatus, native_enum=False, length=20), default=SignalStatus.new
    )
    note: Mapped[str | None] = mapped_column(Text)
    signaled_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    handled_at: Mapped[datetime | None]
