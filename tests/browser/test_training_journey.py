"""A project leader sees a coach's yearly return day lapsed, records the new one on the
coach's page, and sees the flag go; on a phone the overview fits the screen."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, assert_accessible, second_step, sign_in

pytestmark = pytest.mark.browser

RETURN_DAY = "Neighbourhood Circle return day (yearly)"


def test_the_project_leader_records_a_return_day_and_the_lapsed_flag_goes(
    page: Any, live_server: str
) -> None:
    sign_in(page, live_server)
    page.get_by_role("navigation").get_by_role("link", name="Trainings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trainings and screenings")
    cor = page.get_by_role("row").filter(has_text="Cor Coach")
    expect(cor.get_by_role("listitem").filter(has_text=RETURN_DAY)).to_contain_text("Lapsed")
    chart = page.get_by_role("img", name="Lapsed: 1", exact=False)  # named by its caption
    expect(chart).to_be_visible()
    assert_accessible(page)

    cor.get_by_role("link", name="Cor Coach").first.click()
    flag = page.get_by_role("status").filter(has_text="Needs attention")
    expect(flag).to_contain_text(RETURN_DAY)
    assert_accessible(page)
    page.get_by_label("Training", exact=True).select_option(
        label=f"{RETURN_DAY} (Neighbourhood Circle)"
    )
    page.get_by_label("Completed on").fill(date.today().isoformat())
    page.get_by_role("button", name="Record training").click()
    expect(page.get_by_role("status").filter(has_text="Training recorded.")).to_be_visible()
    # the return day's flag goes (another journey may have given Cor a course of its own)
    flags = page.get_by_role("status").filter(has_text="Needs attention")
    expect(flags.filter(has_text=RETURN_DAY)).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("navigation").get_by_role("link", name="Trainings").click()
    cor = page.get_by_role("row").filter(has_text="Cor Coach")
    expect(cor.get_by_role("listitem").filter(has_text=RETURN_DAY)).to_contain_text("Valid")


def test_the_overview_fits_a_phone(phone: Any, live_server: str) -> None:
    phone.set_viewport_size({"width": 375, "height": 740})
    phone.goto(f"{live_server}/t/browserdorp/login")
    phone.get_by_label("E-mailadres").fill("beheer@browserdorp.example.org")
    phone.get_by_label("Wachtwoord").fill(PASSWORD)
    phone.get_by_role("button", name="Inloggen").click()
    second_step(phone, "beheer@browserdorp.example.org")
    phone.goto(f"{live_server}/t/browserdorp/trainings")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Trainingen en screenings")
    phone.wait_for_load_state()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    assert_accessible(phone)
