"""The table of measurements: a person's answers to a methodology's survey, with the scores."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from kring.core.db import Model, utcnow
from kring.core.tenancy import TenantScoped, tenant_key


class SurveyResponse(TenantScoped, Model):
    """One completed survey: the answers as given and the methodology's scores of them."""

    __tablename__ = "survey_response"

    person_id: Mapped[int] = tenant_key("person", ondelete="CASCADE", index=True)
    methodology_key: Mapped[str] = mapped_column(String(40))
    survey_key: Mapped[str] = mapped_column(String(60))
    answers: Mapped[dict[str, str]] = mapped_column(JSON)
    scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    taken_on: Mapped[date]
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
