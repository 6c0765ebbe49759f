"""Meetings of the world's circle ``a`` (a trial circle: open and closed evenings, a signal
after three missed in a row)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask

from kring.core.methodology import Methodology
from kring.meetings import service as meetings
from kring.meetings.models import Meeting


@pytest.fixture
def trial(app: Flask) -> Methodology:
    methodology: Methodology = app.extensions["kring.plugins"].methodology("proefkring")
    return methodology


@pytest.fixture
def plan(trial: Methodology) -> Any:
    """``plan(circle, days_from_now, kind="open_avond", count=1)``: meetings of the circle."""

    def make(
        circle: Any, days: float = 0, kind: str = "open_avond", count: int = 1
    ) -> list[Meeting]:
        first = datetime.now(UTC).replace(microsecond=0) + timedelta(days=days)
        return meetings.plan(circle, trial, first, kind, 120, "Buurthuis", None, count)

    return make
