"""The safety net in a browser: the volunteer, on a 375 px phone and with the keyboard only,
raises an escalation from the home page; the coach finds it among the open escalations on
their home page, answers it, passes it on and resolves it. Every page passes axe."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import COACH, VOLUNTEER, assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_a_coach_answers_the_escalation_a_volunteer_raised_on_a_phone(
    browser: Any, page: Any, live_server: str
) -> None:
    context = browser.new_context(
        locale="en-GB", viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    sign_in(phone, live_server, email=VOLUNTEER)
    expect(phone.get_by_role("heading", name="Contacts due")).to_be_visible()
    assert_accessible(phone)
    phone.get_by_role("link", name="Raise an escalation").first.focus()
    phone.keyboard.press("Enter")
    phone.wait_for_url("**/escalations/new")
    assert_accessible(phone)
    phone.get_by_label("About whom").focus()
    phone.keyboard.press("ArrowDown")  # the first member after the one chosen by default
    phone.get_by_label("urgent: within 24 hours").press("Space")
    question = phone.get_by_label("What is the question?")
    question.focus()
    phone.keyboard.type("Eats badly since last week; could you look in?")
    phone.get_by_label("This question is sensitive").press("Space")
    phone.get_by_role("button", name="Raise the escalation").press("Enter")
    phone.wait_for_url("**/t/browserdorp/escalations/*")
    expect(phone.get_by_text("The question went to the circle coach.")).to_be_visible()
    phone.wait_for_load_state()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(phone)
    context.close()

    sign_in(page, live_server, email=COACH)
    panel = page.get_by_role("region", name="Open escalations")
    expect(panel.get_by_text("with the circle coach")).to_be_visible()
    assert_accessible(page)
    panel.get_by_role("link").first.click()
    expect(page.get_by_text("Eats badly since last week")).to_be_visible()  # the coach reads it
    assert_accessible(page)
    page.get_by_label("Answer").fill("I will call round tomorrow.")
    page.get_by_role("button", name="Save the answer").click()
    expect(page.get_by_text("Your answer is saved.")).to_be_visible()
    page.get_by_role("button", name="Pass it on to the professional care").click()
    expect(page.get_by_text("open, with the professional care")).to_be_visible()
    page.get_by_label("How was it resolved?").fill("The GP visits on Monday.")
    page.get_by_role("button", name="Resolve").click()
    expect(page.get_by_text("The escalation is resolved.")).to_be_visible()
    assert_accessible(page)
