"""The public activity calendar on a 375 px phone without signing in (filters by keyboard, the
large-print view), and a volunteer suggesting the Tuesday walk to a member of their circle and
noting that he went; every page passes axe."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import VOLUNTEER, assert_accessible, sign_in

pytestmark = pytest.mark.browser


def _walk_on_the_calendar(live_app: Any) -> None:
    """The Tuesday walk of Welzijn Browserdorp in Dorpskern, weekly from today on (once)."""
    from sqlalchemy import select

    from kring.activities import service
    from kring.activities.models import Activity
    from kring.core.db import today
    from kring.core.tenancy import tenant_by_slug, tenant_scope
    from kring.extensions import db
    from kring.organisations.models import Organisation
    from kring.people.models import Neighbourhood

    with live_app.app_context(), tenant_scope(tenant_by_slug("browserdorp")):
        if db.session.execute(
            select(Activity.id).where(Activity.title == "Dinsdagwandeling")
        ).first():
            return
        org = db.session.execute(select(Organisation)).scalars().first()
        hood = db.session.execute(
            select(Neighbourhood).where(Neighbourhood.name == "Dorpskern")
        ).scalar_one()
        start = datetime.combine(today() + timedelta(days=1), datetime.min.time()).replace(hour=14)
        for title, where, audiences in (
            ("Dinsdagwandeling", hood.id, ("seniors_75",)),
            ("Koffie in Molenwijk", None, ("everyone",)),
        ):
            service.publish(
                service.Details(
                    organisation_id=org.id,
                    title=title,
                    starts_local=start,
                    rrule="FREQ=WEEKLY",
                    neighbourhood_id=where,
                    audiences=audiences,
                    access=("wheelchair",),
                    cost="gratis",
                    address="Dorpsplein 1",
                ),
                None,
            )
        db.session.commit()


def test_anyone_finds_an_activity_on_a_phone_and_a_volunteer_suggests_it(
    page: Any, small_phone: Any, live_server: str, live_app: Any
) -> None:
    _walk_on_the_calendar(live_app)
    phone = small_phone
    phone.goto(f"{live_server}/t/browserdorp/activities/")
    expect(phone.get_by_role("heading", name="Activiteitenagenda", level=1)).to_be_visible()
    assert_accessible(phone)
    phone.get_by_label("Buurt", exact=True).focus()
    phone.keyboard.press("ArrowDown")  # Dorpskern
    phone.get_by_label("Voor wie").select_option("seniors_75")
    phone.get_by_role("button", name="Toon activiteiten").focus()
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", name=re.compile("Dinsdagwandeling")).first).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the calendar scrolls sideways on a phone ({width} px)"
    assert_accessible(phone)
    phone.get_by_role("link", name="Grote letters, om op papier te printen").click()
    expect(phone.get_by_role("heading", name="Wat is er te doen?")).to_be_visible()
    assert_accessible(phone)

    sign_in(page, live_server, email=VOLUNTEER)
    page.goto(f"{live_server}/t/browserdorp/circles/")
    page.get_by_role("link", name=re.compile("Dorpskern")).first.click()
    page.get_by_role("link", name="Suggest an activity to someone").click()
    assert_accessible(page)
    page.get_by_label("To whom").select_option(label="Dirk Deelnemer")
    walk = page.locator("#activity_id option", has_text="Dinsdagwandeling").get_attribute("value")
    page.get_by_label("Which activity").select_option(walk or "")
    page.get_by_role("button", name="Suggest it").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("The suggestion is noted.")).to_be_visible()
    went = page.get_by_role("button", name="They went").first
    went.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("Noted: they went.")).to_be_visible()
    assert_accessible(page)
