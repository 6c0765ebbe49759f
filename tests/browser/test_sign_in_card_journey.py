"""A coach prints a participant's sign-in card; the participant, on a phone, opens its link,
presses one button and lands on a home that shows their circle. Or the coach sends the link
by SMS."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import COACH, assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_a_participant_signs_in_with_the_card_their_coach_printed(
    page: Any, phone: Any, live_server: str
) -> None:
    sign_in(page, live_server, email=COACH)
    page.get_by_role("link", name="People").click()
    page.get_by_role("link", name="Dirk Deelnemer").click()
    page.get_by_role("link", name="Sign-in card").click()
    assert_accessible(page)
    page.get_by_role("button", name="Make a new card").click()
    card = page.get_by_role("region", name="Your Kring card")
    expect(card.get_by_role("img", name="QR code to sign in")).to_be_visible()
    assert_accessible(page)
    link = card.locator(".sign-in-card-link a").inner_text()

    phone.goto(link)
    assert_accessible(phone)
    phone.get_by_role("button", name="Inloggen").click()
    phone.wait_for_url("**/t/browserdorp/")
    expect(phone.get_by_role("heading", name="Mijn Buurtcirkel")).to_be_visible()
    expect(phone.get_by_text("Cor", exact=False).first).to_be_visible()
    assert_accessible(phone)


def test_a_coach_sends_a_participant_the_link_by_sms(page: Any, live_server: str) -> None:
    sign_in(page, live_server, email=COACH)
    page.get_by_role("link", name="People").click()
    page.get_by_role("link", name="Dirk Deelnemer").click()
    page.get_by_role("link", name="Sign-in card").click()
    expect(page.get_by_role("button", name="Send the link by e-mail")).to_have_count(0)
    page.get_by_role("button", name="Send the link by SMS").click()
    page.wait_for_load_state()
    expect(page.get_by_text("A new sign-in link goes to Dirk Deelnemer by SMS.")).to_be_visible()
    assert_accessible(page)
