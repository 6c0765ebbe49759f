"""A coach on a 375 px phone opens the open audit of their circle from the circle page,
records the evidence for the criterion the data cannot answer, and submits the audit for the
trainer's review; axe finds no WCAG 2.1 AA violation on any page on the way."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import COACH, PASSWORD, assert_accessible, second_step

pytestmark = pytest.mark.browser


@pytest.fixture
def small_phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(
        locale="nl-NL", viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True
    )
    tab = context.new_page()
    yield tab
    context.close()


def _audited_circle(live_app: Any) -> int:
    """A proefkring circle of an organisation of its own, with Cor Coach as its coach and an
    open audit (a record only the scheduler makes); its id."""
    from sqlalchemy import select

    from kring.circles import membership
    from kring.core.db import today
    from kring.core.tenancy import tenant_by_slug, tenant_scope
    from kring.extensions import db
    from kring.people.models import Person
    from kring.testing.builders import organisation_with, start_circle, trained
    from tests.audits.conftest import open_audit_of

    with live_app.app_context(), tenant_scope(tenant_by_slug("browserdorp")):
        hooks = live_app.extensions["kring.plugins"].for_methodology("proefkring")
        organisation = organisation_with("proefkring", "Proef Browserdorp")
        circle = start_circle(
            hooks, "Proefkring Browserdorp", "Proefwijk", ["1299"], organisation, today()
        )
        cor = db.session.execute(select(Person).where(Person.name == "Cor Coach")).scalar_one()
        trained(cor, hooks, "basis", on=today())
        membership.add_member(circle, cor, "begeleider", hooks, None, today())
        open_audit_of(live_app, circle)
        db.session.commit()
        return int(circle.id)


def test_a_coach_records_evidence_and_submits_an_audit_on_a_phone(
    small_phone: Any, live_app: Any, live_server: str
) -> None:
    circle_id = _audited_circle(live_app)
    phone = small_phone
    phone.goto(f"{live_server}/t/browserdorp/login")
    phone.get_by_label("E-mailadres").fill(COACH)
    phone.get_by_label("Wachtwoord").fill(PASSWORD)
    phone.get_by_role("button", name="Inloggen").click()
    second_step(phone, COACH)
    phone.wait_for_url("**/t/browserdorp/")

    phone.goto(f"{live_server}/t/browserdorp/circles/{circle_id}")
    expect(phone.get_by_role("heading", name="Methodiekgetrouwheid")).to_be_visible()
    assert_accessible(phone)
    phone.get_by_role("link", name="De open audit").click()
    expect(phone.get_by_role("heading", name="De kring evalueerde zichzelf")).to_be_visible()
    assert_accessible(phone)

    phone.get_by_role("button", name="Audit indienen").click()
    expect(
        phone.get_by_role("listitem").filter(
            has_text="Er ontbreekt nog onderbouwing bij: De kring evalueerde zichzelf"
        )
    ).to_be_visible()
    assert_accessible(phone)

    phone.get_by_role("group", name="Evaluatie gehouden").get_by_label("Ja").check()
    phone.get_by_label("Gehouden op").fill("2026-01-10")
    phone.get_by_label("Leden aanwezig").fill("6")
    phone.get_by_role("group", name="Vorm").get_by_label("een gesprek").check()
    phone.get_by_role("button", name="Onderbouwing opslaan").click()
    expect(phone.get_by_text("De onderbouwing is opgeslagen.")).to_be_visible()
    assert_accessible(phone)

    phone.get_by_role("button", name="Audit indienen").click()
    expect(
        phone.get_by_text("De audit is ingediend. De trainer gaat hem beoordelen.")
    ).to_be_visible()
    expect(phone.get_by_text("Ingediend: wacht op de beoordeling van de trainer")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the audit page scrolls sideways on a phone ({width} px)"
    assert_accessible(phone)
