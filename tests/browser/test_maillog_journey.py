"""The development mail log on a phone: a tenant admin of ``make run`` opens the log, then an
e-mail, reads its text and sees the e-mail itself in a sandboxed frame; nothing scrolls
sideways and axe finds nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.browser.conftest import PASSWORD, assert_accessible, second_step

pytestmark = pytest.mark.browser


def _sent_email(app: Any) -> None:
    """A sent e-mail to a plain address (what a tenant admin may read), rendered for real."""
    from kring.core.methodology import Phrase
    from kring.core.tenancy import Tenant, tenant_scope
    from kring.extensions import db
    from kring.notify.models import Channel, OutboxMessage
    from kring.notify.render import render

    with app.app_context():
        tenant = db.session.execute(select(Tenant).where(Tenant.slug == "browserdorp")).scalar_one()
        with tenant_scope(tenant):
            mail = render(
                locale="nl",
                name="Beheerder",
                title=Phrase(en="Welcome", nl="Welkom bij Kring"),
                body=Phrase(en="Your account is ready.", nl="Uw account staat klaar."),
                params={},
                link="/",
            )
            db.session.add(
                OutboxMessage(
                    idempotency_key="browser:maillog",
                    channel=Channel.email,
                    recipient="nieuw@browserdorp.example.org",
                    subject=mail.subject,
                    body=mail.text,
                    html_body=mail.html,
                    sent_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
                )
            )
            db.session.commit()


def test_the_mail_log_on_a_phone(
    phone: Any, live_server: str, live_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = live_app.extensions["kring.config"]
    monkeypatch.setitem(live_app.extensions, "kring.config", replace(config, database_url=""))
    _sent_email(live_app)
    phone.goto(f"{live_server}/t/browserdorp/login")
    phone.get_by_label("E-mailadres").fill("beheer@browserdorp.example.org")
    phone.get_by_label("Wachtwoord").fill(PASSWORD)
    phone.get_by_role("button", name="Inloggen").click()
    second_step(phone, "beheer@browserdorp.example.org")
    phone.wait_for_load_state()
    phone.goto(f"{live_server}/t/browserdorp/dev/mail/")
    from playwright.sync_api import expect

    expect(phone.get_by_role("heading", name="Postlogboek")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(phone)
    phone.get_by_role("link", name="Welkom bij Kring").click()
    phone.wait_for_load_state()
    expect(phone.get_by_text("Uw account staat klaar.")).to_be_visible()
    frame = phone.frame_locator("iframe.maillog-preview")
    expect(frame.get_by_role("heading", name="Welkom bij Kring")).to_be_visible()
    expect(
        frame.get_by_role("link", name="Kies hoe en wanneer je berichten krijgt")
    ).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(phone)


SNAPSHOTS = sorted((Path(__file__).parents[1] / "notify" / "snapshots").glob("*.html"))


@pytest.mark.parametrize("snapshot", SNAPSHOTS, ids=lambda p: p.name)
def test_every_email_passes_axe_as_its_reader_sees_it(page: Any, snapshot: Path) -> None:
    """The e-mails themselves (the snapshots of every form in both languages), as a mail
    reader shows them: WCAG 2.1 A and AA, contrast included."""
    page.set_content(snapshot.read_text(encoding="utf-8"))
    assert_accessible(page)
