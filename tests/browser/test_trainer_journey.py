"""The central trainer of Buurtcirkel signs in outside any tenant, finds an audit waiting in
the queue, reviews it with a score, a verdict and a follow-up action, and sees it leave the
queue; every page passes axe, and on a 375 px phone the overview fits the screen."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, assert_accessible, second_step

pytestmark = pytest.mark.browser

TRAINER = "trainer@buurtcirkel.example.org"


@pytest.fixture(scope="module")
def waiting_audit(live_app: Any) -> None:
    """A central trainer of Buurtcirkel, and Browserdorp's Buurtcirkel with an audit its coach
    has submitted (the evidence pages have journeys of their own)."""
    from sqlalchemy import select

    from kring.audits import service as audits
    from kring.audits.models import Audit, AuditStatus
    from kring.circles.models import Circle
    from kring.core.accounts import User, find_user_by_email
    from kring.core.db import today, utcnow
    from kring.core.tenancy import tenant_by_slug, tenant_scope
    from kring.extensions import db
    from kring.trainer import service as trainers

    with live_app.app_context():
        host = live_app.extensions["kring.plugins"]
        if find_user_by_email(TRAINER) is None:
            user = User(email=TRAINER, name="Toos Trainer")
            user.set_password(PASSWORD)
            db.session.add(user)
            db.session.flush()
            trainers.grant(user, "buurtcirkel_nl")
        tenant = tenant_by_slug("browserdorp")
        with tenant_scope(tenant):
            circle = db.session.execute(
                select(Circle).where(Circle.methodology_key == "buurtcirkel_nl")
            ).scalar_one()
            end = today() - timedelta(days=1)
            audits.open_audit(
                circle, host.methodology("buurtcirkel_nl"), end - timedelta(days=364), end
            )
            # the audit another journey may have opened already, submitted by its coach
            audit = (
                db.session.execute(
                    select(Audit).where(Audit.circle_id == circle.id).order_by(Audit.id.desc())
                )
                .scalars()
                .first()
            )
            assert audit is not None
            audit.status = AuditStatus.submitted
            audit.submitted_at = utcnow()
        trainers.refresh_tenant(tenant, host, today())
        db.session.commit()


def test_the_trainer_reviews_an_audit_and_it_leaves_the_queue(
    page: Any, live_server: str, waiting_audit: None
) -> None:
    page.goto(f"{live_server}/trainer/login")
    page.get_by_label("E-mail address").fill(TRAINER)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    second_step(page, TRAINER)
    expect(
        page.get_by_role("link", name="Neighbourhood Circles", exact=False).first
    ).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server}/trainer/buurtcirkel_nl/audits")
    expect(page.get_by_role("heading", level=1)).to_have_text("Audits to review")
    assert_accessible(page)
    row = page.get_by_role("row").filter(has_text="Dorpskern")
    row.get_by_role("link", name="waiting for review", exact=False).click()
    expect(page.get_by_role("heading", name="Your review")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Your score (0 to 100)").fill("74")
    first = page.get_by_role("group").filter(has_text="As found").first
    first.get_by_label("Not met").check()
    action = page.get_by_role("group", name="Action 1")
    action.get_by_label("What is to be done").fill("Plan the open evenings for the year")
    action.get_by_label("Done by").fill((date.today() + timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Save the review").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Audits to review")
    expect(page.get_by_role("status")).to_contain_text("Your review is saved")
    expect(page.get_by_role("row").filter(has_text="Dorpskern")).to_have_count(0)
    assert_accessible(page)


def test_the_trainers_overview_fits_a_phone(
    phone: Any, live_server: str, waiting_audit: None
) -> None:
    phone.set_viewport_size({"width": 375, "height": 740})
    phone.goto(f"{live_server}/trainer/login")
    phone.get_by_label("E-mailadres").fill(TRAINER)
    phone.get_by_label("Wachtwoord").fill(PASSWORD)
    phone.get_by_role("button", name="Inloggen").click()
    second_step(phone, TRAINER)
    phone.goto(f"{live_server}/trainer/buurtcirkel_nl/")
    phone.wait_for_load_state()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(phone)
