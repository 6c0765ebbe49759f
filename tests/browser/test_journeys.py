"""The main journeys, as a person with a keyboard, a screen reader or a phone would make them."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, second_step, sign_in

pytestmark = pytest.mark.browser


def test_login_page_is_accessible_in_english_and_dutch(page: Any, live_server: str) -> None:
    page.goto(f"{live_server}/t/browserdorp/login")
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)
    page.get_by_role("button", name="Nederlands").click()
    page.wait_for_url("**/t/browserdorp/login")
    assert page.locator("html").get_attribute("lang") == "nl"
    expect(page.get_by_role("heading", name="Inloggen bij Gemeente Browserdorp")).to_be_visible()
    assert_accessible(page)


def test_skip_link_comes_first_and_moves_focus_to_the_content(page: Any, live_server: str) -> None:
    page.goto(f"{live_server}/t/browserdorp/login")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"


def test_wrong_password_shows_an_accessible_error_summary(page: Any, live_server: str) -> None:
    sign_in(page, live_server, password="not the password")
    alert = page.get_by_role("alert")
    assert "not right" in alert.inner_text()
    assert_accessible(page)


def test_keyboard_only_sign_in_reaches_the_tenant_home(page: Any, live_server: str) -> None:
    page.goto(f"{live_server}/t/browserdorp/login")
    page.get_by_label("E-mail address").focus()
    page.keyboard.type("beheer@browserdorp.example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("browser-test-secret")
    page.keyboard.press("Enter")
    page.wait_for_url("**/t/browserdorp/login/**")  # Enter sends the form; the code comes next
    second_step(page, "beheer@browserdorp.example.org")
    page.wait_for_url("**/t/browserdorp/")
    expect(page.get_by_role("heading", name="Welcome, Bea Beheer")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    assert_accessible(page)


def test_admin_adds_an_organisation_and_sees_it_listed(page: Any, live_server: str) -> None:
    sign_in(page, live_server)
    page.get_by_role("link", name="Organisations").click()
    assert_accessible(page)
    page.get_by_role("button", name="Add organisation").click()
    expect(page.get_by_role("alert")).to_be_visible()  # the empty name is refused, with a summary
    assert_accessible(page)
    page.get_by_label("Name").fill("Buurtzorg Browserdorp")
    page.get_by_label("Kind").select_option("care")
    page.get_by_role("button", name="Add organisation").click()
    expect(page.get_by_role("row", name="Buurtzorg Browserdorp")).to_be_visible()


def test_pages_fit_a_phone_screen_without_sideways_scrolling(phone: Any, live_server: str) -> None:
    phone.goto(f"{live_server}/t/browserdorp/login")
    phone.wait_for_load_state()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(phone)
    sign_in_nl = phone.get_by_label("E-mailadres")
    sign_in_nl.fill("beheer@browserdorp.example.org")
    phone.get_by_label("Wachtwoord").fill("browser-test-secret")
    phone.get_by_role("button", name="Inloggen").click()
    second_step(phone, "beheer@browserdorp.example.org")
    phone.get_by_role("link", name="Organisaties").click()
    phone.wait_for_load_state()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(phone)
