"""The table of measurements: a person's answers to a methodology's survey, with the scores."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from kring.core.db import Model, utcnow
from kring.core.tenancy import TenantScoped, tenant_key


class AnsweredWith(enum.StrEnum):
    """Who sat with the participant: answers given alone read differently from answers given
    with the coach, so an outcome report can tell them apart."""

    self = "self"
    volunteer = "volunteer"
    coach = "coach"


class Occasion(enum.StrEnum):
    """The moment a survey was given at (``kring.surveys.timing``)."""

    intake = "intake"
    periodic = "periodic"
    exit = "exit"
    phase = "phase"
    any = "any"  # a survey that names no moment


class SurveyResponse(TenantScoped, Model):
    """One completed survey: the answers as given and the methodology's scores of them, in the
    circle and at the moment it was given (older rows, from before issue 11, know neither)."""

    __tablename__ = "survey_response"

    person_id: Mapped[int] = tenant_key("person", ondelete="CASCADE", index=True)
    circle_id: Mapped[int | None] = tenant_key("circle", ondelete="CASCADE", index=True)
    methodology_key: Mapped[str] = mapped_column(String(40))
    survey_key: Mapped[str] = mapped_column(String(60))
    answers: Mapped[dict[str, str]] = mapped_column(JSON)
    scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    total: Mapped[int | None]
    occasion: Mapped[Occasion | None] = mapped_column(Enum(Occasion, native_enum=False, length=20))
    answered_with: Mapped[AnsweredWith] = mapped_column(
        Enum(AnsweredWith, native_enum=False, length=20),
        default=AnsweredWith.self,
        server_default=AnsweredWith.self.value,
    )
    taken_on: Mapped[date]
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (CheckConstraint("total IS NULL OR total >= 0", name="survey_total"),)
