"""Messages, as people meet them: a participant on a 375 px phone reads a message and sees the
count beside "Mijn berichten" drop; a coach chooses copies to a participant's contact person;
the admin tries a failed message again (axe on every page)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.conftest import COACH, assert_accessible, sign_in

pytestmark = pytest.mark.browser


def _phone(browser: Any, locale: str) -> Iterator[Any]:
    context = browser.new_context(
        locale=locale, viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def small_phone(browser: Any) -> Iterator[Any]:
    yield from _phone(browser, "nl-NL")


@pytest.fixture
def english_phone(browser: Any) -> Iterator[Any]:
    yield from _phone(browser, "en-GB")


def _write(live_app: Any, make: Any) -> None:
    """Write rows the outbox would have written, in the live server's database."""
    from kring.core.tenancy import tenant_by_slug, tenant_scope
    from kring.extensions import db

    with live_app.app_context(), tenant_scope(tenant_by_slug("browserdorp")):
        make()
        db.session.commit()


def _message(**fields: Any) -> Any:
    from kring.core.db import utcnow
    from kring.notify.models import Channel, OutboxMessage

    now = utcnow()
    return OutboxMessage(
        idempotency_key=f"browser:{uuid.uuid4()}",
        kind="meeting_reminder",
        locale="nl",
        due_at=now,
        **{"channel": Channel.app, "recipient": "", "sent_at": now, **fields},
    )


def _card_link(page: Any, base: str) -> str:
    sign_in(page, base, email=COACH)
    page.get_by_role("link", name="People").click()
    page.get_by_role("link", name="Dirk Deelnemer").click()
    page.get_by_role("link", name="Sign-in card").click()
    page.get_by_role("button", name="Make a new card").click()
    card = page.get_by_role("region", name="Your Kring card")
    return str(card.locator(".sign-in-card-link a").inner_text())


def test_a_participant_reads_a_message_and_the_count_drops(
    page: Any, small_phone: Any, live_server: str, live_app: Any
) -> None:
    phone = small_phone
    phone.goto(_card_link(page, live_server))
    phone.get_by_role("button", name="Inloggen").click()
    phone.wait_for_url("**/t/browserdorp/")

    def two_messages() -> None:
        from kring.core.db import utcnow
        from kring.extensions import db
        from kring.people.models import Person

        dirk = db.session.execute(
            select(Person).where(Person.name == "Dirk Deelnemer")
        ).scalar_one()
        earlier = utcnow() - timedelta(hours=2)
        db.session.add_all(
            [
                _message(
                    user_id=dirk.user_id,
                    subject="Bijeenkomst morgen om 19:00",
                    body="Tot morgen in het buurthuis.",
                    link="/my-plan",
                    created_at=earlier,
                ),
                _message(
                    user_id=dirk.user_id,
                    subject="Je plan wordt besproken",
                    body="Volgende week kijk je samen met je coach naar je plan.",
                    link="/my-plan",
                ),
            ]
        )

    _write(live_app, two_messages)
    phone.reload()
    expect(
        phone.get_by_role("link", name=re.compile(r"Mijn berichten.*2 ongelezen berichten"))
    ).to_be_visible()
    expect(phone.get_by_text("Je hebt 2 ongelezen berichten.")).to_be_visible()
    assert_accessible(phone)

    phone.get_by_role("link", name="Open mijn berichten").click()
    expect(phone.get_by_role("heading", name="Mijn berichten", level=1)).to_be_visible()
    expect(phone.get_by_role("heading", name=re.compile("Je plan wordt besproken"))).to_be_visible()
    assert_accessible(phone)

    phone.get_by_role(
        "button", name=re.compile("Markeren als gelezen.*Bijeenkomst morgen om 19:00")
    ).click()
    phone.wait_for_load_state()
    expect(phone.get_by_text("Gemarkeerd als gelezen.")).to_be_visible()
    expect(
        phone.get_by_role("link", name=re.compile(r"Mijn berichten.*1 ongelezen bericht\)"))
    ).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(phone)

    phone.get_by_role("button", name=re.compile("Openen.*Je plan wordt besproken")).click()
    phone.wait_for_url("**/t/browserdorp/my-plan")
    expect(phone.get_by_role("link", name=re.compile("ongelezen"))).to_have_count(0)


def test_a_coach_sends_copies_of_a_participants_messages_to_their_contact_person(
    page: Any, live_server: str
) -> None:
    sign_in(page, live_server, email=COACH)
    page.get_by_role("link", name="People").click()
    page.get_by_role("link", name="Dirk Deelnemer").click()
    page.get_by_role("link", name="Message preferences").click()
    expect(page.get_by_role("heading", name="How Dirk Deelnemer gets messages")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Send copies of the messages to their contact person").check()
    page.get_by_label("Name of the contact person").fill("Marga Mentor")
    page.get_by_label("Quiet from").fill("22:00")
    page.get_by_role("button", name="Save choices").click()
    summary = page.get_by_role("alert")
    expect(
        summary.get_by_text("Give the contact person's e-mail address or phone number.")
    ).to_be_visible()
    expect(
        summary.get_by_text("Fill in both times of the quiet hours, or neither.")
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Quiet until").fill("07:00")
    page.get_by_label("E-mail address of the contact person").fill("marga@example.org")
    page.get_by_role("button", name="Save choices").click()
    expect(page.get_by_text("Your choices are saved.")).to_be_visible()
    expect(page.get_by_label("E-mail address of the contact person")).to_have_value(
        "marga@example.org"
    )
    expect(page.get_by_label("Send copies of the messages to their contact person")).to_be_checked()
    assert_accessible(page)


def test_the_admin_tries_a_failed_message_again(
    english_phone: Any, live_server: str, live_app: Any
) -> None:
    def a_failure() -> None:
        from kring.core.db import utcnow
        from kring.extensions import db
        from kring.notify.models import Channel

        db.session.add(
            _message(
                channel=Channel.email,
                recipient="dirk.deelnemer@example.org",
                subject="Bijeenkomst morgen",
                body="Tot morgen.",
                sent_at=None,
                failed_at=utcnow(),
                attempts=6,
                last_error="550 mailbox dirk.deelnemer@example.org is full",
            )
        )

    _write(live_app, a_failure)
    phone = english_phone
    sign_in(phone, live_server)
    phone.get_by_role("link", name="Outbox").click()
    expect(phone.get_by_role("heading", name="Outbox")).to_be_visible()
    row = phone.get_by_role("row").filter(has_text="d…@example.org").first
    expect(row.get_by_role("cell", name="What Meeting reminder")).to_be_visible()
    expect(phone.get_by_text("dirk.deelnemer")).to_have_count(0)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(phone)

    row.get_by_role("button", name=re.compile("Try again")).click()
    phone.wait_for_load_state()
    expect(phone.get_by_text("The message will be sent again.")).to_be_visible()
    expect(phone.get_by_role("row").filter(has_text="d…@example.org")).to_have_count(0)
    assert_accessible(phone)
