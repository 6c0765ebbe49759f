"""A team member records the loneliness scale for a resident and reads the result in words;
the scale is then not due again until its rhythm comes round."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_recording_the_loneliness_scale_shows_the_result_in_words(
    page: Any, live_server: str
) -> None:
    sign_in(page, live_server)
    page.get_by_role("link", name="People").click()
    page.get_by_role("link", name="Bea Bewoner").click()
    assert_accessible(page)
    for statement in page.get_by_role("group").all():
        statement.get_by_label("yes", exact=True).check()
    page.get_by_role("button", name="Record the measurement").click()
    expect(page.get_by_role("status").filter(has_text="recorded")).to_be_visible()
    expect(page.get_by_role("cell", name="moderately lonely")).to_be_visible()
    expect(page.get_by_text("Not due now. Next time from")).to_be_visible()
    assert_accessible(page)
