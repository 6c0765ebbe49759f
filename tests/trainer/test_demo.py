"""The demo's central trainers: ``kring demo`` makes one for each methodology and prints their
logins, and the Buurtcirkel trainer sees the circles of both Buurtcirkel demo tenants."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from kring.core.accounts import TrainerGrant, User, authenticate
from kring.extensions import db
from kring.tenants import files, sync
from kring.trainer import demo
from kring.trainer.models import CircleFact

TENANTS = Path(__file__).parents[2] / "tenants"


def test_the_demo_trainer_of_buurtcirkel_sees_two_tenants_and_is_made_once(
    app: Flask, database: Any
) -> None:
    host = app.extensions["kring.plugins"]
    sync.apply(files.load_directory(TENANTS, host, True), host, date(2026, 12, 1))
    lines = demo.trainers(date(2026, 12, 1))
    email = demo.email_of("buurtcirkel_nl")
    assert any(email in line and demo.PASSWORD in line for line in lines)
    user = authenticate(email, demo.PASSWORD)
    assert user is not None
    tenants = db.session.execute(
        select(func.count(func.distinct(CircleFact.tenant_id))).where(
            CircleFact.methodology_key == "buurtcirkel_nl"
        )
    ).scalar_one()
    assert tenants == 2
    demo.trainers(date(2026, 12, 1))
    made = db.session.execute(select(func.count()).select_from(User).where(User.email == email))
    assert made.scalar_one() == 1
    grants = select(func.count()).select_from(TrainerGrant).where(TrainerGrant.user_id == user.id)
    assert db.session.execute(grants).scalar_one() == 1
