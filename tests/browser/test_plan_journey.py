"""A participant signs in with the link on the card their coach printed and, on a 375 px phone,
adds a goal and a small step to their own plan and marks the step done (axe on every page)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, card_link

pytestmark = pytest.mark.browser


def test_a_participant_adds_a_step_to_their_plan_on_a_phone(
    page: Any, small_phone: Any, live_server: str
) -> None:
    phone = small_phone
    phone.goto(card_link(page, live_server))
    phone.get_by_role("button", name="Inloggen").click()
    phone.wait_for_url("**/t/browserdorp/")

    phone.get_by_role("link", name="Open mijn plan").click()
    expect(phone.get_by_role("heading", name="Mijn persoonlijk ontwikkelplan")).to_be_visible()
    assert_accessible(phone)

    phone.get_by_label("Waar gaat het over?").select_option(label="Gezondheid")
    phone.get_by_label("Wat wil je bereiken?").fill("Elke week een wandeling maken")
    phone.get_by_label("Wat wil je bereiken?").press("Enter")
    expect(phone.get_by_role("heading", name="Elke week een wandeling maken")).to_be_visible()
    assert_accessible(phone)

    phone.get_by_text("Een stap toevoegen").click()
    phone.get_by_label("Kleine stap").fill("Een route kiezen met Vera")
    phone.get_by_label("Wie helpt?").select_option(label="Vera Vrijwilliger (vrijwilliger)")
    phone.get_by_role("button", name="Stap toevoegen").click()
    expect(phone.get_by_text("Helpt: Vera Vrijwilliger")).to_be_visible()
    assert_accessible(phone)

    phone.get_by_role("button", name=re.compile(r"^Gedaan\s*: Een route kiezen met Vera")).click()
    expect(phone.get_by_text("1 van de 1 stappen gedaan")).to_be_visible()
    undo = re.compile(r"^Nog niet gedaan\s*: Een route kiezen met Vera")
    expect(phone.get_by_role("button", name=undo)).to_be_visible()
    phone.wait_for_load_state()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the plan page scrolls sideways on a phone ({width} px)"
    assert_accessible(phone)
