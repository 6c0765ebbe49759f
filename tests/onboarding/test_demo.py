"""The demo's platform admin can sign in at /admin/login and finds a sign-up to decide."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select

from kring.core.accounts import User
from kring.extensions import db
from kring.onboarding import admin, demo
from tests.onboarding.conftest import admin_login


def test_demo_platform_admin_signs_in_and_finds_a_waiting_signup(
    client: Any, database: Any
) -> None:
    lines = demo.platform_admin(date(2026, 12, 3))
    assert demo.platform_admin(date(2026, 12, 3)) == lines  # a second run adds nothing
    assert db.session.execute(select(func.count(User.id))).scalar_one() == 2
    assert any(demo.EMAIL in line for line in lines)
    (waiting,) = admin.pending_signups().items
    assert waiting.is_verified and waiting.tenant.slug == demo.WAITING_SLUG
    answer = admin_login(client, demo.EMAIL, demo.PASSWORD)
    assert answer.status_code == 302
    assert "Woonstichting Lindehof" in client.get("/admin/").get_data(as_text=True)
