"""A project leader works on a circle: reads what is still missing, is told why a move is not
possible yet, and adds a participant, with a keyboard and a screen reader in mind."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_project_leader_reads_the_checklist_and_a_refusal(page: Any, live_server: str) -> None:
    sign_in(page, live_server)
    page.get_by_role("link", name="Circles", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Buurtcirkel Dorpskern").click()
    expect(page.get_by_role("heading", name="Before Realisation")).to_be_visible()
    expect(page.get_by_text("Realisation needs at least 5 participants (now 0)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Move to the next phase").click()
    alert = page.get_by_role("alert")
    assert "Realisation needs at least 5 participants (now 0)" in alert.inner_text()
    assert_accessible(page)


def test_adding_a_participant_shows_only_their_fields_and_waits_for_intake(
    page: Any, live_server: str
) -> None:
    sign_in(page, live_server)
    page.goto(f"{live_server}/t/browserdorp/circles/")
    page.get_by_role("link", name="Buurtcirkel Dorpskern").click()
    page.get_by_label("Find a person by name or postcode").fill("nieuwe")
    # Filled as you type, and the count is announced to screen readers.
    expect(page.locator("#person-search-status")).to_contain_text("1 found")
    page.get_by_label("Person", exact=True).select_option(label="Nieuwe Deelnemer (1234AC)")
    page.get_by_label("Role").select_option("participant")
    # A Buurtcirkel records nothing about a participant since its plan requirement reads the
    # plans themselves, so no role's fields show (each role's fields show only for that role).
    assert page.locator("fieldset.role-attributes:visible").count() == 0
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="waiting for an intake")).to_be_visible()
    # the members table's row (the circle's outcomes list everyone's network too)
    row = page.get_by_role("row").filter(has_text="Nieuwe Deelnemer")
    expect(row.filter(has_text="waiting for intake")).to_have_count(1)
    assert_accessible(page)
