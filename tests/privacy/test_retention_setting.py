"""The tenant admin sees and changes how long former participants' data stays, on a page and
through the API; a tenant set up from a tenant file shows where it comes from and is changed
there, since the next sync would set the file's value back."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from kring.core.db import today, utcnow
from kring.core.journal import JournalEntry
from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.onboarding.models import DpiaStatus, TenantSignup
from kring.privacy import retention
from tests.conftest import World
from tests.privacy.test_retention import _left


def signed_up(tenant: Tenant) -> None:
    """Make the tenant one that signed itself up (not defined in files)."""
    db.session.add(
        TenantSignup(
            tenant_id=tenant.id,
            admin_email="admin@example.org",
            dpa_version="1",
            dpa_accepted_at=utcnow(),
            dpia_status=DpiaStatus.done,
        )
    )
    db.session.flush()


def changes() -> list[dict[str, Any]]:
    return [
        e.details
        for e in db.session.execute(
            select(JournalEntry).where(JournalEntry.action == "tenant.retention_changed")
        ).scalars()
    ]


# --- rules ----------------------------------------------------------------------------------


@pytest.mark.parametrize("months", [0, -3, 121, True])
def test_a_retention_outside_one_to_120_months_is_refused(tenant: Tenant, months: int) -> None:
    signed_up(tenant)
    with pytest.raises(retention.RetentionRefused) as refused:
        retention.change(tenant, months, None)
    assert refused.value.field == "months" and refused.value.status == 422
    assert tenant.retention_months == 24 and changes() == []


def test_a_retention_is_changed_and_journaled_when_the_tenant_signed_up(tenant: Tenant) -> None:
    signed_up(tenant)
    assert retention.change(tenant, 120, None) is True
    assert retention.change(tenant, 120, None) is False
    assert tenant.retention_months == 120
    assert changes() == [{"before": 24, "after": 120}]


def test_a_tenant_from_files_keeps_the_files_retention(tenant: Tenant) -> None:
    with pytest.raises(retention.RetentionRefused) as refused:
        retention.change(tenant, 12, None)
    assert refused.value.status == 409 and "tenant file" in refused.value.message
    assert tenant.retention_months == 24
    assert retention.setting(tenant, today()).defined_in_files is True


def test_the_setting_counts_who_the_next_run_erases(tenant: Tenant, world: World) -> None:
    _left(world, "other", 13)
    assert retention.setting(tenant, today()).due_now == 0
    signed_up(tenant)
    retention.change(tenant, 12, None)
    found = retention.setting(tenant, today())
    assert found.due_now == 1 == len(retention.due(found.cutoff))
    assert (found.months, found.defined_in_files, found.minimum, found.maximum) == (
        12,
        False,
        1,
        120,
    )


# --- the page -------------------------------------------------------------------------------


def page(tenant: Tenant) -> str:
    return f"/t/{tenant.slug}/admin/retention"


def test_the_admin_changes_the_retention_on_the_page(
    client: Any, tenant: Tenant, world: World
) -> None:
    signed_up(tenant)
    world.login(client, tenant, "admin")
    shown = client.get(page(tenant), headers={"Accept-Language": "nl"})
    assert shown.status_code == 200
    text = shown.get_data(as_text=True)
    assert "Bewaartermijn" in text and "Nu: 24 maanden." in text and 'name="months"' in text
    for bad, why in (("0", "from 1 to 120"), ("121", "from 1 to 120"), ("", "Enter a number")):
        refused = client.form(page(tenant), {"months": bad})
        assert refused.status_code == 422 and why in refused.get_data(as_text=True), bad
    assert client.form(page(tenant), {"months": "twee"}).status_code == 422
    assert tenant.retention_months == 24
    done = client.form(page(tenant), {"months": "36"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/admin/retention")
    db.session.refresh(tenant)
    assert tenant.retention_months == 36
    assert "data is kept 36 months" in client.get(page(tenant)).get_data(as_text=True)
    assert changes() == [{"before": 24, "after": 36}]


def test_a_tenant_from_files_shows_where_its_retention_comes_from(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "admin")
    text = client.get(page(tenant)).get_data(as_text=True)
    assert "set up from a tenant file" in text and 'name="months"' not in text
    refused = client.form(page(tenant), {"months": "12"}, page=f"/t/{tenant.slug}/account")
    assert refused.status_code == 409 and "set up from a tenant file" in refused.get_data(
        as_text=True
    )
    db.session.refresh(tenant)
    assert tenant.retention_months == 24


@pytest.mark.parametrize("role", ["leader", "coach", "volunteer", "participant", "signaler"])
def test_only_the_tenant_admin_sees_the_retention(
    client: Any, tenant: Tenant, world: World, role: str
) -> None:
    world.login(client, tenant, role)
    assert client.get(page(tenant)).status_code == 403
    assert client.get(f"/t/{tenant.slug}/api/v1/retention").status_code == 403


# --- the API --------------------------------------------------------------------------------


def test_the_api_reads_and_changes_the_retention(client: Any, tenant: Tenant, world: World) -> None:
    signed_up(tenant)
    world.login(client, tenant, "admin")
    api = f"/t/{tenant.slug}/api/v1/retention"
    found = client.get(api).get_json()
    assert found["months"] == 24 and found["defined_in_files"] is False
    assert found["minimum"] == 1 and found["maximum"] == 120 and found["due_now"] == 0
    for bad in ({}, {"months": 0}, {"months": 121}, {"months": "12"}, {"months": None}):
        refused = client.send("PUT", api, bad)
        assert refused.status_code == 422, bad
        assert "months" in refused.get_json()["errors"]["json"], bad
    done = client.send("PUT", api, {"months": 6})
    assert done.status_code == 200 and done.get_json()["months"] == 6
    db.session.refresh(tenant)
    assert tenant.retention_months == 6


def test_the_api_refuses_a_change_for_a_tenant_from_files(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "admin")
    api = f"/t/{tenant.slug}/api/v1/retention"
    assert client.get(api).get_json()["defined_in_files"] is True
    refused = client.send("PUT", api, {"months": 6})
    assert refused.status_code == 409
    assert "tenant file" in refused.get_json()["errors"]["json"]["months"][0]
