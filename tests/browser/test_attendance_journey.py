"""The coach plans tonight's evening; the volunteer takes attendance at the door on a 375 px
phone with the keyboard only, each tap saved at once; every page passes axe."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    COACH,
    PASSWORD,
    VOLUNTEER,
    assert_accessible,
    second_step,
    sign_in,
)

pytestmark = pytest.mark.browser


def _meetings(page: Any, base: str, link: str) -> None:
    page.goto(f"{base}/t/browserdorp/circles/")
    page.get_by_role("link", name=re.compile("Dorpskern")).first.click()
    page.get_by_role("link", name=link, exact=True).click()


def test_a_volunteer_takes_attendance_on_a_phone_with_the_keyboard_only(
    page: Any, browser: Any, live_server: str
) -> None:
    sign_in(page, live_server, email=COACH)
    _meetings(page, live_server, "Meetings")
    soon = datetime.now(ZoneInfo("Europe/Amsterdam")) + timedelta(minutes=30)
    page.get_by_label("Kind of meeting").select_option(label="open evening")
    page.get_by_label("Date").fill(soon.date().isoformat())
    page.get_by_label("Starts at").fill(soon.strftime("%H:%M"))
    page.get_by_label("Length in minutes").fill("150")
    page.get_by_label("Place (optional)").fill("Buurthuis")
    page.get_by_role("button", name="Plan", exact=True).click()
    expect(page.get_by_text("One meeting planned.")).to_be_visible()
    assert_accessible(page)

    context = browser.new_context(
        locale="nl-NL", viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    phone.goto(f"{live_server}/t/browserdorp/login")
    phone.get_by_label("E-mailadres").fill(VOLUNTEER)
    phone.get_by_label("Wachtwoord").fill(PASSWORD)
    phone.get_by_role("button", name="Inloggen").click()
    second_step(phone, VOLUNTEER)
    expect(phone.get_by_role("heading", name="Volgende bijeenkomst")).to_be_visible()  # home panel
    _meetings(phone, live_server, "Bijeenkomsten")
    assert_accessible(phone)
    phone.get_by_role("link", name=re.compile("^Aanwezigheid opnemen")).first.click()
    expect(phone.get_by_role("heading", name="Aanwezigheid")).to_be_visible()
    assert_accessible(phone)

    people = phone.get_by_role("group")
    assert people.count() == 4  # Cor, Dirk, Pim and Vera: the circle's current people
    # Keyboard only: Space chooses in a group, an arrow moves the choice, Tab the next person.
    people.first.get_by_role("radio", name="Aanwezig").focus()
    phone.keyboard.press("Space")
    status = phone.get_by_role("status").last
    status.filter(has_text="Cor Coach").wait_for()
    phone.keyboard.press("Tab")  # Dirk
    phone.keyboard.press("Space")
    phone.keyboard.press("ArrowRight")  # away with notice
    status.filter(has_text="Dirk Deelnemer, Afgemeld").wait_for()
    for _person in ("Pim", "Vera"):
        phone.keyboard.press("Tab")
        phone.keyboard.press("Space")
    phone.keyboard.press("Tab")
    with phone.expect_navigation():
        phone.keyboard.press("Enter")  # Save, the way without JavaScript
    expect(phone.get_by_text("Aanwezigheid opgeslagen.")).to_be_visible()
    dirk = phone.get_by_role("group", name=re.compile("Dirk Deelnemer"))
    assert dirk.get_by_role("radio", name="Afgemeld").is_checked()
    phone.wait_for_load_state()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the door list scrolls sideways on a phone ({width} px)"
    assert_accessible(phone)

    phone.get_by_label("Voornaam van de gast").fill("Ans")
    phone.get_by_role("button", name="Gast toevoegen").click()
    expect(phone.get_by_text("Welkom, Ans.")).to_be_visible()
    context.close()
