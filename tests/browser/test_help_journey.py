"""A volunteer asks the circle for help from a phone with the keyboard only; the coach offers
and sees the network picture; every page passes axe."""

from __future__ import annotations

import re
from typing import Any

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


def _board(page: Any, base: str, email: str, dutch: bool = False) -> None:
    if dutch:
        page.goto(f"{base}/t/browserdorp/login")
        page.get_by_label("E-mailadres").fill(email)
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        second_step(page, email)
    else:
        sign_in(page, base, email=email)
    page.goto(f"{base}/t/browserdorp/circles/")
    page.get_by_role("link", name=re.compile("Dorpskern")).first.click()
    page.get_by_role("link", name=re.compile("(help board|hulpprikbord)")).click()


def test_a_volunteer_asks_for_help_on_a_phone_and_the_coach_offers(
    page: Any, phone: Any, live_server: str
) -> None:
    _board(phone, live_server, VOLUNTEER, dutch=True)
    assert_accessible(phone)
    phone.get_by_label("Waarmee wil je hulp?").focus()
    phone.keyboard.type("Een lamp ophangen in de gang")
    phone.keyboard.press("Tab")
    phone.keyboard.press("ArrowDown")  # "huishouden", the first kind after none
    phone.keyboard.press("Tab")
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    expect(phone.get_by_text("Je vraag staat op het prikbord.")).to_be_visible()
    expect(phone.get_by_role("heading", name="Een lamp ophangen in de gang")).to_be_visible()
    phone.wait_for_load_state()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the board scrolls sideways on a phone ({width} px)"
    assert_accessible(phone)

    _board(page, live_server, COACH)
    offer = page.get_by_role("button", name=re.compile("I will help.*Een lamp ophangen"))
    offer.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("Thank you for offering to help.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="See who helped whom").click()
    expect(page.get_by_role("img", name=re.compile("The network of the"))).to_be_visible()
    expect(page.get_by_role("table", name="Who helped whom and who met whom")).to_be_visible()
    assert_accessible(page)
