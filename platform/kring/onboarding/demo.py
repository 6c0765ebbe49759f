"""The demo's platform admin, and one invented organisation that signed up and waits for a
decision, so ``make run`` shows the platform admin's pages with something to do."""

from __future__ import annotations

from datetime import date

from kring.core.accounts import User, find_user_by_email
from kring.core.db import utcnow
from kring.core.tenancy import TenantKind, tenant_by_slug
from kring.extensions import db
from kring.onboarding import service
from kring.onboarding.models import DpiaStatus

PASSWORD = "kring-demo-2026"
"""The demo tenants' password, for the platform admin too: one to remember."""
EMAIL = "platform@demo.example.org"
WAITING_SLUG = "woonstichting-lindehof"


def platform_admin(_today: date) -> list[str]:
    """A platform admin (made once) and a pending sign-up (made once); returns the login."""
    user = find_user_by_email(EMAIL)
    if user is None:
        user = User(email=EMAIL, name="Petra Platform", is_platform_admin=True)
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.flush()
    if tenant_by_slug(WAITING_SLUG) is None:
        signup = service.sign_up(
            service.SignupDetails(
                name="Woonstichting Lindehof",
                kind=TenantKind.housing_corporation,
                slug=WAITING_SLUG,
                locale="nl",
                admin_name="Lotte Linde",
                admin_email="lotte@lindehof.example.org",
                password=PASSWORD,
                accepts_dpa=True,
                dpia_status=DpiaStatus.in_progress,
            )
        )
        signup.email_verified_at = utcnow()
    return ["", "Platform admin (invented person), at /admin/login:", f"  {EMAIL}  {PASSWORD}"]
