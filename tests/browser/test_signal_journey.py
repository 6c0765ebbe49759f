"""A signal from report to outcome in a browser: a home-care worker reports a lonely resident,
the neighbourhood team's coach asks a trained volunteer, the volunteer writes down the
conversation with the loneliness scale on a 375 px phone and ends it, and the home-care worker
sees only that it was picked up. Every page passes axe."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import COACH, assert_accessible, sign_in

pytestmark = pytest.mark.browser

SIGNALLER = "melder@browserdorp.example.org"
VOLUNTEER = "wout@browserdorp.example.org"
RESIDENT = "Hanna Hofstede"


def test_a_signal_goes_from_report_to_outcome(browser: Any, page: Any, live_server: str) -> None:
    sign_in(page, live_server, email=SIGNALLER)
    page.goto(f"{live_server}/t/browserdorp/signals/new")
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a resident")
    assert_accessible(page)
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("Name of the resident (optional)").fill(RESIDENT)
    page.get_by_label("Street and house number").fill("Molenstraat 9")
    page.get_by_label("Postcode").fill("1235 AC")
    page.get_by_label("What did you see?").fill("Sits alone at the window all day.")
    page.get_by_role("button", name="Send the signal").click()
    expect(page.get_by_text("The neighbourhood team will take it from here.")).to_be_visible()
    expect(page.get_by_text("waiting for the team").first).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, email=COACH)
    page.goto(f"{live_server}/t/browserdorp/signals/")
    assert_accessible(page)
    page.get_by_role("link", name=RESIDENT).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(RESIDENT)
    assert_accessible(page)
    page.get_by_label("Who makes contact").select_option(label="Wout Wijk (volunteer)")
    page.get_by_role("button", name="Ask to make contact").click()
    expect(page.get_by_text("The volunteer is asked to make contact.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    context = browser.new_context(
        locale="en-GB", viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    sign_in(phone, live_server, email=VOLUNTEER)
    phone.goto(f"{live_server}/t/browserdorp/signals/")
    phone.get_by_role("link", name=RESIDENT).first.click()
    expect(phone.get_by_text("Sits alone at the window all day.")).to_be_visible()
    phone.get_by_label("What was said").fill("Coffee together; she would like to join the walk.")
    for question, answer in (
        ("I experience a general sense of emptiness", "yes"),
        ("There are plenty of people I can rely on when I have problems", "more or less"),
        ("There are many people I can trust completely", "no"),
        ("I miss having people around", "yes"),
        ("There are enough people I feel close to", "more or less"),
        ("I often feel rejected", "no"),
    ):
        phone.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    phone.get_by_role("button", name="Save the conversation").click()
    expect(phone.get_by_text("The conversation is written down.")).to_be_visible()
    expect(phone.get_by_text("severely lonely")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(phone)
    phone.get_by_label("How did it end?").select_option(label="joined an activity")
    phone.get_by_role("button", name="End the signal").click()
    expect(phone.get_by_text("The signal has ended.")).to_be_visible()
    context.close()

    sign_in(page, live_server, email=SIGNALLER)
    page.goto(f"{live_server}/t/browserdorp/signals/new")
    expect(page.get_by_text("picked up on").first).to_be_visible()
    expect(page.get_by_text("Coffee together")).to_have_count(0)
