"""Shared steps of the onboarding tests: an organisation signs up through the real form, and
the link in the mail it gets."""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from kring.core.tenancy import Tenant, tenant_by_slug, tenant_scope
from kring.extensions import db
from kring.notify.models import OutboxMessage
from kring.testing.factories import DEFAULT_PASSWORD

PASSWORD = "een lang wachtwoord"

FORM = {
    "name": "Gemeente Nieuwdorp",
    "kind": "municipality",
    "slug": "nieuwdorp",
    "locale": "nl",
    "admin_name": "Noor Nieuw",
    "admin_email": "noor@nieuwdorp.example.org",
    "password": PASSWORD,
    "confirm": PASSWORD,
    "dpia_status": "in_progress",
    "accepts_dpa": "y",
}


def sign_up(client: Any, **changes: Any) -> Any:
    """Post the sign-up form (with ``changes``); returns the answer."""
    return client.form("/signup", {**FORM, **changes})


def signed_up(client: Any, **changes: Any) -> Tenant:
    """Sign up and return the new tenant."""
    response = sign_up(client, **changes)
    assert response.status_code == 302, response.get_data(as_text=True)
    found = tenant_by_slug(changes.get("slug", FORM["slug"]))
    assert found is not None
    return found


def messages_of(tenant: Tenant) -> list[OutboxMessage]:
    with tenant_scope(tenant):
        return list(db.session.execute(select(OutboxMessage).order_by(OutboxMessage.id)).scalars())


def link_in(app: Flask, pattern: str) -> str:
    """The path of the newest mailed link matching ``pattern`` (a regular expression)."""
    mail_dir = Path(app.extensions["kring.config"].instance_path) / "mail"
    for newest in sorted(mail_dir.glob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True):
        message = email.message_from_bytes(newest.read_bytes(), policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",))
        assert body is not None
        match = re.search(rf"http://localhost({pattern}\S*)", body.get_content())
        if match:
            return match.group(1)
    raise AssertionError(f"no mail with a link like {pattern}")


@pytest.fixture
def platform_admin(database: Any) -> Any:
    from kring.testing.factories import UserFactory

    return UserFactory(email="platform@example.org", name="Petra Platform", is_platform_admin=True)


@pytest.fixture
def as_platform_admin(client: Any, platform_admin: Any) -> Any:
    """A client signed in at the platform admins' door, with the code of their authenticator."""
    response = admin_login(client, platform_admin.email, DEFAULT_PASSWORD)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"].endswith("/admin/")
    return client


def admin_login(client: Any, email: str, password: str) -> Any:
    """Sign in at /admin/login: the password, then the code (an authenticator given first)."""
    from kring.testing.second_factor import prepare

    prepare(email)
    token = client.csrf_token("/admin/login")
    response = client.post(
        "/admin/login", data={"email": email, "password": password, "csrf_token": token}
    )
    return client.second_step(response, email)
