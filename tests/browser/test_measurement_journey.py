"""A team member records the loneliness scale for a resident and sees the scores drawn."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_recording_the_loneliness_scale_twice_draws_the_scores(page: Any, live_server: str) -> None:
    sign_in(page, live_server)
    page.get_by_role("link", name="People").click()
    page.get_by_role("link", name="Bea Bewoner").click()
    assert_accessible(page)
    for answer in ("yes", "no"):
        for statement in page.get_by_role("group").all():
            statement.get_by_label(answer, exact=True).check()
        page.get_by_role("button", name="Record the measurement").click()
        expect(page.get_by_role("status").filter(has_text="recorded")).to_be_visible()
    chart = page.get_by_role("img", name="Total score per measurement: 3, 3")
    expect(chart).to_be_visible()
    assert_accessible(page)
