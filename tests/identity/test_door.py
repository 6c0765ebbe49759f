"""The way in a later OIDC callback takes: ``door.after_first_factor`` skips Kring's own second
step only when the identity provider shows it asked one."""

from __future__ import annotations

from typing import Any

from flask import Flask, g, session
from flask_login import current_user

from kring.auth import door
from kring.auth.views import tenant_door
from kring.core.accounts import Role
from kring.identity import service as factors


def test_provider_mfa_signs_a_coach_in_without_kring_step(
    app: Flask, tenant: Any, make_user: Any
) -> None:
    coach = make_user(tenant, Role.coach)
    with app.test_request_context(f"/t/{tenant.slug}/login"):
        g.tenant = tenant
        answer = door.after_first_factor(
            tenant_door(), coach, "", provider_mfa=factors.provider_did_mfa({"amr": ["mfa"]})
        )
        assert answer.status_code == 302
        assert answer.location == f"/t/{tenant.slug}/"
        assert current_user.is_authenticated and "sid" in session


def test_provider_without_mfa_leaves_the_coach_pending(
    app: Flask, tenant: Any, make_user: Any
) -> None:
    coach = make_user(tenant, Role.coach)
    with app.test_request_context(f"/t/{tenant.slug}/login"):
        g.tenant = tenant
        answer = door.after_first_factor(
            tenant_door(), coach, "", provider_mfa=factors.provider_did_mfa({"amr": ["pwd"]})
        )
        assert answer.location == f"/t/{tenant.slug}/login/second-factor"
        assert not current_user.is_authenticated
        assert session[door.PENDING]["user"] == coach.id
