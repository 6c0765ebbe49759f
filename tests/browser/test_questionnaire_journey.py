"""A participant gives the Buurtcirkel a mark on a 375 px phone; the coach then sees the
circle's average against the published 8.7 on the circle page (axe on every page)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, card_link

pytestmark = pytest.mark.browser


def test_a_participant_gives_a_mark_and_the_coach_sees_it_against_8_7(
    page: Any, small_phone: Any, live_server: str
) -> None:
    phone = small_phone
    phone.goto(card_link(page, live_server))
    phone.get_by_role("button", name="Inloggen").click()
    phone.wait_for_url("**/t/browserdorp/")

    phone.goto(f"{live_server}/t/browserdorp/my-questionnaires")
    expect(phone.get_by_role("heading", name="Mijn vragenlijsten", level=1)).to_be_visible()
    assert_accessible(phone)
    satisfaction = phone.get_by_role("region", name="Tevredenheid van deelnemers")
    satisfaction.get_by_role("link", name="Nu invullen").click()
    expect(phone.get_by_text("Eén vraag. 1 is heel slecht, 10 is heel goed.")).to_be_visible()
    assert_accessible(phone)
    phone.get_by_label("9", exact=True).check()
    phone.get_by_role("button", name="Mijn antwoorden opslaan").click()
    expect(phone.get_by_role("status").filter(has_text="Dank je wel")).to_be_visible()
    expect(phone.get_by_text("Nu niet aan de beurt. Weer vanaf")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"my questionnaires scroll sideways on a phone ({width} px)"
    assert_accessible(phone)

    page.goto(f"{live_server}/t/browserdorp/circles")
    page.get_by_role("link", name=re.compile("Dorpskern")).first.click()
    bar = page.get_by_role("img", name="Average 9.0: good. Number of people: 1.")
    expect(bar).to_be_visible()
    expect(page.get_by_text("The published average is 8.7")).to_be_visible()
    assert_accessible(page)
