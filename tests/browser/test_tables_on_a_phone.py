"""On a phone a table stacks row by row and every cell still says which column it is; nothing
scrolls sideways (issue 9: tables keep their labels, long words wrap)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import PASSWORD, assert_accessible, second_step

pytestmark = pytest.mark.browser

LABEL = "(cell) => getComputedStyle(cell, '::before').content"


def test_circle_tables_keep_their_labels_on_a_phone(phone: Any, live_server: str) -> None:
    phone.goto(f"{live_server}/t/browserdorp/login")
    phone.get_by_label("E-mailadres").fill("beheer@browserdorp.example.org")
    phone.get_by_label("Wachtwoord").fill(PASSWORD)
    phone.get_by_role("button", name="Inloggen").click()
    second_step(phone, "beheer@browserdorp.example.org")
    phone.goto(f"{live_server}/t/browserdorp/circles/")
    first_row = phone.locator("table.table tbody tr").first
    labels = [first_row.locator("td").nth(i).evaluate(LABEL) for i in range(5)]
    assert labels[:2] == ['"Methodiek"', '"Fase"'], labels
    phone.wait_for_load_state()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.get_by_role("link", name="Buurtcirkel Dorpskern").click()
    phone.wait_for_load_state()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(phone)
