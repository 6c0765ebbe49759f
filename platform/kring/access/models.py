"""The access log: one row for every read or change of a resident's record (NEN 7513).

Rows are only ever inserted. On PostgreSQL the app's role may INSERT and SELECT them but not
UPDATE or DELETE them (the migrations revoke it), so not even a bug in Kring can rewrite who
looked at whose data.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from kring.core.db import Model, utcnow
from kring.core.tenancy import PARTITIONED_BY, TenantScoped


class Outcome(enum.StrEnum):
    """Whether the read or change was allowed: refused attempts are logged too."""

    allowed = "allowed"
    refused = "refused"


class AccessLogEntry(TenantScoped, Model):
    """Who read or changed which resident's record, when, in which role, from where."""

    __tablename__ = "access_log"

    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None]
    """The reader; a number, not a foreign key, so that removing an account rewrites no log."""
    roles: Mapped[str] = mapped_column(String(200))
    """The reader's roles in the tenant at the time, comma-separated."""
    subject_type: Mapped[str] = mapped_column(String(20))
    """What kind of record about a resident: ``person`` or ``signal``; or ``export`` for a
    file that left Kring (a report, a research export) built from residents' records."""
    subject_id: Mapped[int]
    """Which one; kept as a number, not a foreign key, so the log outlives the record. For an
    export, what it was of: the audit's number, the report's year (0 when it has none)."""
    on_behalf_of_id: Mapped[int | None]
    """The participant the reader acted for, when they did (a volunteer filling in a form)."""
    action: Mapped[str] = mapped_column(String(80))
    """What was done, as the place it was done: ``people.show``, ``api_people.PersonItem``."""
    outcome: Mapped[Outcome] = mapped_column(Enum(Outcome, native_enum=False, length=20))
    request_id: Mapped[str | None] = mapped_column(String(64))
    client: Mapped[str | None] = mapped_column(String(300))
    """The client's address and browser, as far as the request tells."""
    export: Mapped[str | None] = mapped_column(String(60))
    """For an export: which file it was (``audit-report.pdf``, ``research.csv``)."""
    record_count: Mapped[int | None]
    """For an export: how many residents' records went into it."""

    __table_args__ = (
        Index("ix_access_log_tenant_subject_at", "tenant_id", "subject_type", "subject_id", "at"),
        Index("ix_access_log_tenant_user_at", "tenant_id", "user_id", "at"),
        # On PostgreSQL one partition a month, so old rows leave a whole month at a time
        # (kring.access.partitions); its primary key there is (id, at).
        {"info": {PARTITIONED_BY: "at"}},
    )
