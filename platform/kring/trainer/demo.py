"""The demo's central trainers: one invented trainer for each installed methodology, so
``make run`` shows the cross-tenant view with every demo tenant's circles in it."""

from __future__ import annotations

from datetime import date

from flask import current_app

from kring.core.accounts import User, find_user_by_email
from kring.core.methodology import Methodology
from kring.extensions import db
from kring.trainer import service

PASSWORD = "kring-demo-2026"
"""The demo tenants' password, for the trainers too: one to remember."""


def email_of(methodology_key: str) -> str:
    """The demo trainer's address: one per methodology, so each sees only their own."""
    return f"trainer-{methodology_key.replace('_', '-')}@demo.example.org"


def trainers(today: date) -> list[str]:
    """A central trainer of each methodology (made once), and every active tenant's facts
    written now, so the trainer's first page is full; returns their logins to print."""
    found: dict[str, Methodology] = current_app.extensions["kring.plugins"].methodologies()
    lines = ["", "Central trainers (invented people), at /trainer/login:"]
    for key, methodology in sorted(found.items()):
        email = email_of(key)
        user = find_user_by_email(email)
        if user is None:
            user = User(email=email, name=f"Trainer {methodology.terms.term('circle', 'en')}")
            user.set_password(PASSWORD)
            db.session.add(user)
            db.session.flush()
        service.grant(user, key)
        lines.append(f"  {email}  {PASSWORD}  (central trainer of {key})")
    host = current_app.extensions["kring.plugins"]
    for tenant in service.active_tenants():
        service.refresh_tenant(tenant, host, today)
    return lines
