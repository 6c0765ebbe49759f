"""A coach signs in with a password and a code from an authenticator app: the first time they
set the app up from the QR code's key and keep their recovery codes; the next time the code
alone follows the password. The codes are made with pyotp, as the phone's app would."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pyotp
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, assert_accessible

pytestmark = pytest.mark.browser

NEW_COACH = "nieuwe-coach@browserdorp.example.org"


def _a_new_coach(live_app: Any) -> None:
    """A coach who has never signed in: no second factor yet."""
    from kring.core.accounts import Role, RoleGrant, User, find_user_by_email
    from kring.core.tenancy import tenant_by_slug, tenant_scope
    from kring.extensions import db

    with live_app.app_context():
        if find_user_by_email(NEW_COACH) is not None:
            return
        user = User(email=NEW_COACH, name="Noor Nieuwe Coach")
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.flush()
        with tenant_scope(tenant_by_slug("browserdorp")):
            db.session.add(RoleGrant(user_id=user.id, role=Role.coach))
            db.session.commit()


def _password(page: Any, base: str) -> None:
    page.goto(f"{base}/t/browserdorp/login")
    page.get_by_label("E-mail address").fill(NEW_COACH)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_coach_signs_in_with_password_and_code(
    page: Any, live_app: Any, live_server: str
) -> None:
    _a_new_coach(live_app)
    _password(page, live_server)
    page.wait_for_url("**/t/browserdorp/login/second-factor")
    expect(page.get_by_role("heading", name="Set up your second factor")).to_be_visible()
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    assert_accessible(page)
    # nothing else opens before the code
    page.goto(f"{live_server}/t/browserdorp/people")
    page.wait_for_url(re.compile(r"/t/browserdorp/login\?next="))
    page.goto(f"{live_server}/t/browserdorp/login/second-factor")
    totp = pyotp.TOTP(page.locator("#totp-secret").inner_text())

    page.get_by_label("Code").fill("000000" if totp.now() != "000000" else "111111")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("alert")).to_contain_text("That code is not right")
    assert_accessible(page)

    page.get_by_label("Code").fill(totp.now())
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.get_by_role("list", name="Recovery codes").get_by_role("listitem")).to_have_count(
        10
    )
    assert_accessible(page)
    page.get_by_role("link", name="I have kept them, go on").click()
    expect(page.get_by_role("heading", name="Welcome, Noor Nieuwe Coach")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    _password(page, live_server)
    page.wait_for_url("**/t/browserdorp/login/code")
    assert_accessible(page)
    # the code of the next half minute: the one that confirmed the app is spent
    page.get_by_label("Code").fill(totp.at(datetime.now(UTC) + timedelta(seconds=30)))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Welcome, Noor Nieuwe Coach")).to_be_visible()
    page.get_by_role("link", name="Noor Nieuwe Coach").click()
    expect(page.get_by_role("heading", name="Where you are signed in")).to_be_visible()
    assert_accessible(page)
