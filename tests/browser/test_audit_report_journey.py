"""The coach of Browserdorp's Buurtcirkel opens their audit's report from the audit page and
downloads it as a PDF that is a PDF; axe finds no WCAG 2.1 AA violation on the way."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import COACH, PASSWORD, assert_accessible, sign_in

pytestmark = pytest.mark.browser


def _buurtcirkel_audit(live_app: Any) -> int:
    """The audit of Browserdorp's Buurtcirkel over the last year, opened as the scheduler
    would (or the one a journey before opened); its id."""
    from sqlalchemy import select

    from kring.audits import service as audits
    from kring.audits.models import Audit
    from kring.circles.models import Circle
    from kring.core.db import today
    from kring.core.tenancy import tenant_by_slug, tenant_scope
    from kring.extensions import db

    with live_app.app_context(), tenant_scope(tenant_by_slug("browserdorp")):
        circle = db.session.execute(
            select(Circle).where(Circle.methodology_key == "buurtcirkel_nl")
        ).scalar_one()
        end = today() - timedelta(days=1)
        methodology = live_app.extensions["kring.plugins"].methodology("buurtcirkel_nl")
        audits.open_audit(circle, methodology, end - timedelta(days=364), end)
        db.session.commit()
        return int(
            db.session.execute(
                select(Audit.id).where(Audit.circle_id == circle.id).order_by(Audit.id.desc())
            )
            .scalars()
            .first()
        )


def test_the_coach_downloads_the_audit_report_as_a_pdf(
    page: Any, live_app: Any, live_server: str, tmp_path: Path
) -> None:
    audit_id = _buurtcirkel_audit(live_app)
    sign_in(page, live_server, email=COACH, password=PASSWORD)
    page.goto(f"{live_server}/t/browserdorp/audits/{audit_id}")
    page.get_by_role("link", name="The audit's report (PDF or CSV)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Quality audit of")
    assert_accessible(page)
    with page.expect_download() as waiting:
        page.get_by_role("link", name="Download the report (PDF)").click()
    download = waiting.value
    assert download.suggested_filename.startswith(f"audit-{audit_id}-")
    assert download.suggested_filename.endswith(".pdf")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
