"""A new municipality signs up, its first admin confirms the e-mail address, the platform
admin approves it, and its admin invites a coach who accepts and signs in; axe checks every
page on the way."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, assert_accessible, second_step

pytestmark = pytest.mark.browser

PLATFORM_ADMIN = "platform@browser.example.org"
SLUG = "nieuwdorp-browser"
NAME = "Gemeente Nieuwdorp"
ADMIN = "noor@nieuwdorp.example.org"
COACH = "cas@nieuwdorp.example.org"


@pytest.fixture(scope="module")
def platform_admin(live_app: Any) -> None:
    from kring.core.accounts import User, find_user_by_email
    from kring.extensions import db

    with live_app.app_context():
        if find_user_by_email(PLATFORM_ADMIN) is None:
            user = User(email=PLATFORM_ADMIN, name="Petra Platform", is_platform_admin=True)
            user.set_password(PASSWORD)
            db.session.add(user)
            db.session.commit()


def mailed_link(live_app: Any, kind: str, pattern: str) -> str:
    """The link in the newest outbox message of ``kind`` to the new tenant."""
    from sqlalchemy import select

    from kring.core.tenancy import tenant_by_slug, tenant_scope
    from kring.extensions import db
    from kring.notify.models import OutboxMessage

    with live_app.app_context(), tenant_scope(tenant_by_slug(SLUG)):
        body = db.session.execute(
            select(OutboxMessage.body)
            .where(OutboxMessage.kind == kind)
            .order_by(OutboxMessage.id.desc())
            .limit(1)
        ).scalar_one()
    match = re.search(rf"https?://[^/\s]+({pattern}\S*)", body)
    assert match, body
    return match.group(1)


def test_a_municipality_signs_up_is_approved_and_invites_a_coach(
    page: Any, live_server: str, live_app: Any, platform_admin: None
) -> None:
    page.goto(f"{live_server}/signup")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign up your organisation")
    assert_accessible(page)
    page.get_by_label("Name of the organisation").fill(NAME)
    page.get_by_label("Municipality", exact=True).check()
    page.get_by_label("Web address").fill(SLUG)
    page.get_by_label("English", exact=True).check()
    page.get_by_label("Your name").fill("Noor Nieuw")
    page.get_by_label("Your e-mail address").fill(ADMIN)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_label("In progress", exact=True).check()
    page.get_by_label(
        "I accept the data-processing agreement on behalf of the organisation"
    ).check()
    page.get_by_role("button", name="Sign up", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    assert_accessible(page)

    page.goto(live_server + mailed_link(live_app, "signup_verification", "/signup/verify/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("E-mail address confirmed")

    page.goto(f"{live_server}/admin/login")
    page.get_by_label("E-mail address").fill(PLATFORM_ADMIN)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    second_step(page, PLATFORM_ADMIN)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-ups waiting for a decision")
    assert_accessible(page)
    page.get_by_role("link", name=NAME, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Sign-up of {NAME}")
    assert_accessible(page)
    page.get_by_role("button", name=f"Approve {NAME}").click()
    expect(page.get_by_text(f"{NAME} is approved and can start.")).to_be_visible()
    page.get_by_role("link", name="Tenants", exact=True).click()
    expect(page.get_by_role("link", name=NAME, exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    page.goto(f"{live_server}{mailed_link(live_app, 'signup_approved', f'/t/{SLUG}/login')}")
    page.get_by_label("E-mail address").fill(ADMIN)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    second_step(page, ADMIN)
    page.get_by_role("link", name="Invitations", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite colleagues")
    page.get_by_label("E-mail address").fill(COACH)
    page.get_by_label("Name", exact=True).fill("Cas Coach")
    page.get_by_label("Role").select_option(label="Coach")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text(f"The invitation is on its way to {COACH}.")).to_be_visible()
    expect(page.get_by_role("cell", name="coach", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    page.goto(live_server + mailed_link(live_app, "invitation", f"/t/{SLUG}/invitations/"))
    expect(
        page.get_by_text(f"You are invited to work in Kring at {NAME} as coach.")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your name").fill("Cas Coach")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Accept the invitation").click()
    expect(page.get_by_text("Welcome! Sign in to start.")).to_be_visible()
    page.get_by_label("E-mail address").fill(COACH)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    second_step(page, COACH)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Cas Coach")
    assert page.url.rstrip("/").endswith(f"/t/{SLUG}")
