"""The platform admin's pages, outside every tenant: decide sign-ups, list tenants with their
size, suspend and reactivate, export, and delete after a grace period."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select

from kring.access.models import AccessLogEntry
from kring.core.accounts import Role
from kring.core.db import utcnow
from kring.core.journal import JournalEntry
from kring.core.tenancy import Tenant, TenantStatus, tenant_by_slug, tenant_scope
from kring.extensions import db
from kring.onboarding import admin
from kring.onboarding.models import TenantDeletion, TenantSignup
from kring.people import service as people
from kring.testing.factories import DEFAULT_PASSWORD, TenantFactory
from tests.onboarding.conftest import PASSWORD, link_in, messages_of, signed_up


def _journal(tenant: Tenant) -> list[str]:
    with tenant_scope(tenant):
        return list(db.session.execute(select(JournalEntry.action)).scalars())


def _signup() -> TenantSignup:
    return db.session.execute(select(TenantSignup)).scalar_one()


def test_only_a_platform_admin_enters_the_admin_pages(
    client: Any, tenant: Tenant, make_user: Any, platform_admin: Any
) -> None:
    assert client.get("/admin/").status_code == 302  # to the door
    make_user(tenant, Role.tenant_admin, email="beheer@example.org")
    token = client.csrf_token("/admin/login")
    refused = client.post(
        "/admin/login",
        data={"email": "beheer@example.org", "password": DEFAULT_PASSWORD, "csrf_token": token},
    )
    assert refused.status_code == 422  # a tenant admin is refused like a wrong password
    assert client.login(tenant, "beheer@example.org", DEFAULT_PASSWORD).status_code == 302
    for path in [
        "/admin/",
        "/admin/tenants",
        f"/admin/tenants/{tenant.id}",
        "/api/v1/admin/tenants",
    ]:
        assert client.get(path).status_code == 403, path


def test_a_pending_signup_is_listed_with_verified_dpa_and_dpia(
    app: Flask, client: Any, as_platform_admin: Any
) -> None:
    signed_up(client)
    page = client.get("/admin/").get_data(as_text=True)
    assert "Gemeente Nieuwdorp" in page and "In progress" in page and "Version 2026-01" in page
    detail = client.get(f"/admin/signups/{_signup().id}").get_data(as_text=True)
    assert "has not confirmed the e-mail address yet" in detail


def test_approving_needs_a_confirmed_address_then_opens_the_tenant_and_tells_its_admin(
    app: Flask, client: Any, as_platform_admin: Any
) -> None:
    tenant = signed_up(client)
    signup_id = _signup().id
    approve = f"/admin/signups/{signup_id}/approve"
    assert client.form(approve, {}, page="/admin/").status_code == 409
    client.get(link_in(app, "/signup/verify/"))
    assert client.form(approve, {}, page="/admin/").status_code == 302
    db.session.expire_all()
    assert tenant.status is TenantStatus.active
    assert "tenant.approved" in _journal(tenant)
    approved = [m for m in messages_of(tenant) if m.kind == "signup_approved"]
    assert approved and approved[0].sent_at is not None
    assert link_in(app, f"/t/{tenant.slug}/login") == f"/t/{tenant.slug}/login"
    assert client.form(approve, {}, page="/admin/").status_code == 409  # decided already
    assert client.login(tenant, "noor@nieuwdorp.example.org", PASSWORD).status_code == 302


def test_refusing_needs_a_reason_which_is_kept_and_mailed(
    app: Flask, client: Any, as_platform_admin: Any
) -> None:
    tenant = signed_up(client)
    refuse = f"/admin/signups/{_signup().id}/refuse"
    answer = client.form(refuse, {"reason": "  "}, page="/admin/")
    assert answer.status_code == 422 and "Give the reason" in answer.get_data(as_text=True)
    answer = client.form(refuse, {"reason": "Geen gemeente in Nederland"}, page="/admin/")
    assert answer.status_code == 302
    signup = _signup()
    db.session.refresh(signup)
    assert signup.is_approved is False and signup.refusal_reason == "Geen gemeente in Nederland"
    assert tenant.status is TenantStatus.pending
    (refused,) = [m for m in messages_of(tenant) if m.kind == "signup_refused"]
    assert refused.sent_at is not None and "Geen gemeente in Nederland" in refused.body
    assert "tenant.refused" in _journal(tenant)
    assert "No sign-ups are waiting" in client.get("/admin/").get_data(as_text=True)


def test_the_tenant_list_shows_sizes_in_queries_that_do_not_grow_with_tenants(
    client: Any, as_platform_admin: Any, count_queries: Any
) -> None:
    first = TenantFactory(name="Aa Gemeente")
    with tenant_scope(first):
        people.create_person(None, name="Anna Aa", postcode="1111AA")
        people.create_person(None, name="Bert Aa", postcode="1111AB")
    with count_queries() as few:
        page = client.get("/admin/tenants")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Aa Gemeente" in text and "defined in files" in text
    for n in range(5):
        TenantFactory(name=f"Zz Gemeente {n}")
    with count_queries() as many:
        assert client.get("/admin/tenants").status_code == 200
    assert many.count == few.count
    rows = admin.tenants().items
    assert [(r.people, r.circles) for r in rows if r.tenant.id == first.id] == [(2, 0)]


def test_suspending_closes_the_tenant_and_reactivating_opens_it(
    client: Any, tenant: Tenant, as_platform_admin: Any
) -> None:
    base = f"/admin/tenants/{tenant.id}"
    assert client.form(f"{base}/reactivate", {}, page=base).status_code == 409
    assert client.form(f"{base}/suspend", {}, page=base).status_code == 302
    db.session.refresh(tenant)
    assert tenant.status is TenantStatus.suspended
    closed = client.get(f"/t/{tenant.slug}/login")
    assert closed.status_code == 403 and "suspended" in closed.get_data(as_text=True)
    assert client.form(f"{base}/reactivate", {}, page=base).status_code == 302
    db.session.refresh(tenant)
    assert tenant.status is TenantStatus.active
    assert {"tenant.suspended", "tenant.reactivated"} <= set(_journal(tenant))


def test_a_suspended_tenant_gets_no_reminders_or_messages(
    client: Any, tenant: Tenant, as_platform_admin: Any
) -> None:
    from kring.notify import jobs as delivery
    from kring.notify import rules
    from kring.notify import service as notify

    with tenant_scope(tenant):
        due = notify.queue_email("iemand@example.org", "Herinnering", "Morgen", "test:1").id
    base = f"/admin/tenants/{tenant.id}"
    assert client.form(f"{base}/suspend", {}, page=base).status_code == 302
    db.session.refresh(tenant)
    assert tenant.id not in delivery.recipients.receiving_tenants()
    assert delivery.sweep() == 0
    with tenant_scope(tenant):
        assert delivery.deliver(due) == 0
    assert rules.sweep_rules() == 0
    with tenant_scope(tenant):
        assert notify.claim(due) is not None  # still waiting, for when the tenant is back


def test_export_holds_every_row_of_the_tenant_and_is_logged(
    client: Any, tenant: Tenant, other_tenant: Tenant, as_platform_admin: Any
) -> None:
    with tenant_scope(tenant):  # the sign-in's request left no tenant in PostgreSQL's setting
        people.create_person(None, name="Anna Export", postcode="1111AA")
    with tenant_scope(other_tenant):
        people.create_person(None, name="Olga Anders", postcode="2222AA")
    answer = client.get(f"/admin/tenants/{tenant.id}/export")
    assert answer.status_code == 200 and "attachment" in answer.headers["Content-Disposition"]
    document = json.loads(answer.get_data(as_text=True))
    assert [p["name"] for p in document["tables"]["person"]] == ["Anna Export"]
    assert document["tenant"]["slug"] == tenant.slug
    logged = db.session.execute(select(AccessLogEntry)).scalars().all()
    assert [(e.export, e.tenant_id) for e in logged] == [("tenant-export.json", tenant.id)]
    assert "tenant.exported" in _journal(tenant)


def test_deletion_waits_for_its_date_can_be_cancelled_and_then_purges_everything(
    client: Any, tenant: Tenant, other_tenant: Tenant, as_platform_admin: Any
) -> None:
    from kring.testing.builders import hooks_for, organisation_with, start_circle

    hooks = hooks_for(client.application, "proefkring")
    with tenant_scope(tenant):  # the sign-in's request left no tenant in PostgreSQL's setting
        organisation = organisation_with("proefkring", "Zorg Weg")
        start_circle(hooks, "Kring Weg", "Wijk Weg", ["1111"], organisation, utcnow().date())
        people.create_person(None, name="Anna Weg", postcode="1111AA")
    with tenant_scope(other_tenant):
        people.create_person(None, name="Olga Blijft", postcode="2222AA")
    base = f"/admin/tenants/{tenant.id}"
    assert client.form(f"{base}/deletion", {"days": "0"}, page=base).status_code == 422
    assert client.form(f"{base}/deletion", {"days": "abc"}, page=base).status_code == 422
    assert client.form(f"{base}/deletion/cancel", {}, page=base).status_code == 409
    assert client.form(f"{base}/deletion", {"days": "30"}, page=base).status_code == 302
    assert "will be deleted on" in client.get(base).get_data(as_text=True)
    assert admin.purge_due() == []  # not yet
    assert client.form(f"{base}/deletion/cancel", {}, page=base).status_code == 302
    assert db.session.execute(select(TenantDeletion)).first() is None
    assert {"tenant.deletion_planned", "tenant.deletion_cancelled"} <= set(_journal(tenant))
    assert client.form(f"{base}/deletion", {"days": "1"}, page=base).status_code == 302
    slug = tenant.slug
    assert admin.purge_due(utcnow() + timedelta(days=2)) == [slug]
    db.session.expire_all()
    assert tenant_by_slug(slug) is None
    with tenant_scope(other_tenant):
        assert [p.name for p in people_of()] == ["Olga Blijft"]


def people_of() -> list[Any]:
    from kring.people.models import Person

    return list(db.session.execute(select(Person)).scalars())


def test_admin_api_lists_decides_and_changes_tenants(
    app: Flask, client: Any, as_platform_admin: Any
) -> None:
    tenant = signed_up(client)
    listed = client.get("/api/v1/admin/signups").get_json()
    assert [s["slug"] for s in listed] == ["nieuwdorp"] and not listed[0]["email_verified"]
    signup_id = listed[0]["id"]
    answer = client.send("POST", f"/api/v1/admin/signups/{signup_id}/approve")
    assert answer.status_code == 409
    answer = client.send("POST", f"/api/v1/admin/signups/{signup_id}/refuse", {"reason": ""})
    assert answer.status_code == 422 and "reason" in answer.get_json()["errors"]["json"]
    client.get(link_in(app, "/signup/verify/"))
    answer = client.send("POST", f"/api/v1/admin/signups/{signup_id}/approve")
    assert answer.status_code == 200 and answer.get_json()["status"] == "active"
    assert client.get("/api/v1/admin/signups/999999").status_code == 404
    base = f"/api/v1/admin/tenants/{tenant.id}"
    assert client.get(base).get_json()["users"] == 1
    assert client.send("POST", f"{base}/suspend").get_json()["status"] == "suspended"
    assert client.send("POST", f"{base}/suspend").status_code == 409
    assert client.send("POST", f"{base}/reactivate").get_json()["status"] == "active"
    answer = client.send("POST", f"{base}/deletion", {"days": 400})
    assert answer.status_code == 422 and "days" in answer.get_json()["errors"]["json"]
    assert client.send("POST", f"{base}/deletion", {"days": 30}).get_json()["deletion_due_at"]
    assert client.send("DELETE", f"{base}/deletion").get_json()["deletion_due_at"] is None
    exported = client.get(f"{base}/export").get_json()
    assert exported["tenant"]["slug"] == "nieuwdorp" and "role_grant" in exported["tables"]
    tenants = client.get("/api/v1/admin/tenants?per_page=1")
    assert tenants.status_code == 200 and len(tenants.get_json()) == 1
    assert client.get("/api/v1/admin/tenants?page=0").status_code == 422
