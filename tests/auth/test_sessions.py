"""A saved session cookie stops working once the user's sessions are ended: on logging out, a
password reset, being disabled or losing their role (kring.core.accounts.User.end_sessions)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import delete

from kring.core.accounts import RoleGrant
from kring.extensions import db
from kring.testing.factories import DEFAULT_PASSWORD
from tests.auth.test_pages import _reset_link


def _saved_copy(app: Flask, client: Any) -> Any:
    """A second browser holding the same session cookie, as a thief or a shared PC would."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    copy = app.test_client()
    copy.set_cookie("session", cookie.value)
    return copy


def _home_answers(client: Any, tenant: Any) -> int:
    return int(client.get(f"/t/{tenant.slug}/").status_code)


def test_logging_out_ends_the_saved_cookie_too(app: Flask, signed_in: Any, tenant: Any) -> None:
    saved = _saved_copy(app, signed_in)
    assert _home_answers(saved, tenant) == 200
    signed_in.form(f"/t/{tenant.slug}/logout", {}, page=f"/t/{tenant.slug}/")
    assert _home_answers(saved, tenant) == 302


def test_a_password_reset_ends_every_session(
    app: Flask, client: Any, signed_in_admin: Any, tenant: Any, admin: Any
) -> None:
    assert _home_answers(signed_in_admin, tenant) == 200
    client.form(f"/t/{tenant.slug}/password/forgot", {"email": admin.email})
    new = "a brand new secret"
    assert client.form(_reset_link(app), {"password": new, "confirm": new}).status_code == 302
    assert _home_answers(signed_in_admin, tenant) == 302
    assert client.login(tenant, admin.email, new).status_code == 302


def test_a_disabled_user_is_signed_out(signed_in_admin: Any, tenant: Any, admin: Any) -> None:
    admin.is_enabled = False
    db.session.commit()
    assert _home_answers(signed_in_admin, tenant) == 302


def test_losing_the_role_takes_the_tenant_away_at_once(
    signed_in_admin: Any, tenant: Any, admin: Any
) -> None:
    db.session.execute(delete(RoleGrant).where(RoleGrant.user_id == admin.id))
    db.session.commit()
    assert _home_answers(signed_in_admin, tenant) in {302, 403, 404}
    assert signed_in_admin.get(f"/t/{tenant.slug}/people").status_code in {302, 403, 404}


def test_signing_in_again_after_logging_out_works(signed_in: Any, tenant: Any, leader: Any) -> None:
    signed_in.form(f"/t/{tenant.slug}/logout", {}, page=f"/t/{tenant.slug}/")
    assert signed_in.login(tenant, leader.email, DEFAULT_PASSWORD).status_code == 302
    assert _home_answers(signed_in, tenant) == 200


def test_the_users_command_disables_enables_and_signs_out(
    app: Flask, signed_in_admin: Any, tenant: Any, admin: Any
) -> None:
    from kring.cli import main

    runner = app.test_cli_runner()
    saved = _saved_copy(app, signed_in_admin)
    result = runner.invoke(main, ["users", "sign-out", admin.email.upper()])
    assert result.exit_code == 0, result.output
    assert _home_answers(saved, tenant) == 302
    assert runner.invoke(main, ["users", "disable", admin.email]).exit_code == 0
    assert signed_in_admin.login(tenant, admin.email, DEFAULT_PASSWORD).status_code == 422
    assert runner.invoke(main, ["users", "enable", admin.email]).exit_code == 0
    assert signed_in_admin.login(tenant, admin.email, DEFAULT_PASSWORD).status_code == 302
    missing = runner.invoke(main, ["users", "disable", "nobody@example.org"])
    assert missing.exit_code != 0 and "No account" in missing.output
