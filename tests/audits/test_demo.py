"""The demo's audits: a year of monthly fidelity scores and the audits that fell due opened,
once however often ``kring demo`` runs."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from kring.audits import demo
from kring.audits.models import Audit, FidelityScore
from kring.core.tenancy import system_scope
from kring.extensions import db
from kring.tenants import files, sync

TENANTS = Path(__file__).parents[2] / "tenants"
TODAY = date(2026, 12, 1)


def _counts() -> tuple[int, int, int]:
    with system_scope("test: count the demo's audits in every tenant"):
        audits = db.session.execute(select(func.count(Audit.id))).scalar_one()
        rows = db.session.execute(select(func.count(FidelityScore.id))).scalar_one()
        days = db.session.execute(
            select(func.count(func.distinct(FidelityScore.taken_on)))
        ).scalar_one()
    return audits, rows, days


def test_the_demo_scores_a_year_and_opens_the_audits_due_once(app: Flask, database: Any) -> None:
    host = app.extensions["kring.plugins"]
    sync.apply(files.load_directory(TENANTS, host, True), host, TODAY)
    lines = demo.history(TODAY)
    audits, rows, days = _counts()
    assert audits >= 1 and any(f"Opened {audits} demo audit(s)" in line for line in lines)
    assert days == 13 and rows >= 13
    assert demo.history(TODAY) == []
    assert _counts() == (audits, rows, days)
