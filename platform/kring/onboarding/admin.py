"""The platform admin's work on tenants, outside every tenant: sign-ups approved or refused,
tenants listed with their size, suspended and reactivated, exported whole, and deleted after a
grace period.

Every action is journaled in the tenant it is about (the journal is the tenant's), in that
tenant's scope; a deleted tenant takes its journal with it, so the purge writes the
application log instead. The list of tenants reads every tenant's size in one grouped query
(a logged ``system_scope``: counts only, no row of a tenant leaves it).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from kring.circles.models import Circle
from kring.core import journal
from kring.core.accounts import RoleGrant, User
from kring.core.db import utcnow
from kring.core.paging import PAGE_SIZE, Page, read_page
from kring.core.tenancy import (
    Tenant,
    TenantStatus,
    system_scope,
    tenant_scope,
)
from kring.core.tenant_rows import delete_tenant, tenant_tables
from kring.extensions import db
from kring.notify import service as notify
from kring.notify.models import OutboxMessage
from kring.onboarding.models import TenantDeletion, TenantSignup
from kring.onboarding.service import Invalid
from kring.people.models import Person

log = logging.getLogger(__name__)

MAX_GRACE_DAYS = 365


class NotPossible(ValueError):
    """The action does not fit the tenant's state (approving an unconfirmed sign-up, suspending
    a pending tenant); the message says why."""


@dataclass(frozen=True)
class SignupRow:
    """A sign-up with its tenant and first admin, as the platform admin's list shows it."""

    signup: TenantSignup
    tenant: Tenant
    admin_name: str

    @property
    def is_verified(self) -> bool:
        return self.signup.email_verified_at is not None


@dataclass(frozen=True)
class TenantRow:
    """A tenant with its size and whether it is marked for deletion."""

    tenant: Tenant
    circles: int
    people: int
    users: int
    deletion_due_at: datetime | None
    signed_up: bool


def _signups() -> Any:
    admin = aliased(User)
    return (
        select(TenantSignup, Tenant, func.coalesce(admin.name, ""))
        .join(Tenant, Tenant.id == TenantSignup.tenant_id)
        .outerjoin(admin, admin.id == TenantSignup.admin_id)
    )


def pending_signups(number: int = 1, size: int = PAGE_SIZE) -> Page[SignupRow]:
    """Sign-ups waiting for a decision, oldest first."""
    query = (
        _signups()
        .where(TenantSignup.is_approved.is_(None))
        .order_by(TenantSignup.created_at, TenantSignup.id)
    )
    page = read_page(query, number, size)
    return Page([SignupRow(*row) for row in page.items], page.number, page.has_next)


def signup_row(signup_id: int) -> SignupRow | None:
    """One sign-up, decided or not."""
    row = db.session.execute(_signups().where(TenantSignup.id == signup_id)).first()
    return SignupRow(*row) if row is not None else None


def _mail_admin(
    signup: TenantSignup, tenant: Tenant, kind: str, subject: Any, template: str, **context: Any
) -> OutboxMessage:
    with force_locale(tenant.locale), tenant_scope(tenant):
        return notify.queue_email(
            signup.admin_email,
            str(subject),
            render_template(template, tenant=tenant, **context),
            f"{kind}:{signup.id}",
            kind=kind,
        )


def approve(row: SignupRow, actor_id: int, login_link: str) -> OutboxMessage:
    """Open the tenant: it becomes active and its first admin is told, with ``login_link``.
    Refused for a sign-up decided before or whose admin has not confirmed the address."""
    if row.signup.is_approved is not None:
        raise NotPossible(str(_l("This sign-up has been decided already.")))
    if not row.is_verified:
        raise NotPossible(
            str(_l("The first administrator has not confirmed the e-mail address yet."))
        )
    row.signup.is_approved = True
    row.signup.decided_at = utcnow()
    row.signup.decided_by_id = actor_id
    row.tenant.status = TenantStatus.active
    with tenant_scope(row.tenant):
        journal.record("tenant.approved", row.tenant, actor_id)
    return _mail_admin(
        row.signup,
        row.tenant,
        "signup_approved",
        _("%(name)s can start with Kring", name=row.tenant.name),
        "onboarding/approved_email.txt",
        link=login_link,
    )


def refuse(row: SignupRow, actor_id: int, reason: str) -> OutboxMessage:
    """Refuse the sign-up with ``reason``, which is kept and mailed to the first admin; the
    tenant stays pending, so none of its pages ever open."""
    reason = reason.strip()
    if not reason:
        raise Invalid("reason", str(_l("Give the reason: it is sent to the organisation.")))
    if row.signup.is_approved is not None:
        raise NotPossible(str(_l("This sign-up has been decided already.")))
    row.signup.is_approved = False
    row.signup.decided_at = utcnow()
    row.signup.decided_by_id = actor_id
    row.signup.refusal_reason = reason
    with tenant_scope(row.tenant):
        journal.record("tenant.refused", row.tenant, actor_id, reason=reason)
    return _mail_admin(
        row.signup,
        row.tenant,
        "signup_refused",
        _("Your sign-up for Kring"),
        "onboarding/refused_email.txt",
        reason=reason,
    )


def _counts(model: Any, column: Any) -> Any:
    return (
        select(model.tenant_id.label("tenant_id"), func.count(column).label("n"))
        .group_by(model.tenant_id)
        .subquery()
    )


def _tenants_with_size() -> Any:
    circles = _counts(Circle, Circle.id)
    people = _counts(Person, Person.id)
    users = _counts(RoleGrant, RoleGrant.user_id.distinct())
    return (
        select(
            Tenant,
            func.coalesce(circles.c.n, 0),
            func.coalesce(people.c.n, 0),
            func.coalesce(users.c.n, 0),
            TenantDeletion.due_at,
            TenantSignup.id.is_not(None),
        )
        .outerjoin(circles, circles.c.tenant_id == Tenant.id)
        .outerjoin(people, people.c.tenant_id == Tenant.id)
        .outerjoin(users, users.c.tenant_id == Tenant.id)
        .outerjoin(TenantDeletion, TenantDeletion.tenant_id == Tenant.id)
        .outerjoin(TenantSignup, TenantSignup.tenant_id == Tenant.id)
    )


def tenants(number: int = 1, size: int = PAGE_SIZE) -> Page[TenantRow]:
    """Every tenant with its size (circles, people, users with a role), by name: one query
    whatever the number of tenants."""
    query = _tenants_with_size().order_by(Tenant.name, Tenant.id)
    with system_scope("the platform admin's list of tenants counts their sizes"):
        page = read_page(query, number, size)
    return Page([TenantRow(*row) for row in page.items], page.number, page.has_next)


def tenant_row(tenant_id: int) -> TenantRow | None:
    """One tenant with its size (the list's read, for one)."""
    with system_scope("the platform admin reads one tenant's size"):
        row = db.session.execute(_tenants_with_size().where(Tenant.id == tenant_id)).first()
    return TenantRow(*row) if row is not None else None


def suspend(tenant: Tenant, actor_id: int) -> None:
    """Close an active tenant: its people see a clear page, its jobs and messages stop."""
    if tenant.status is not TenantStatus.active:
        raise NotPossible(str(_l("Only an active organisation can be suspended.")))
    tenant.status = TenantStatus.suspended
    with tenant_scope(tenant):
        journal.record("tenant.suspended", tenant, actor_id)


def reactivate(tenant: Tenant, actor_id: int) -> None:
    """Open a suspended tenant again; what waited in its outbox goes out."""
    if tenant.status is not TenantStatus.suspended:
        raise NotPossible(str(_l("Only a suspended organisation can be reactivated.")))
    tenant.status = TenantStatus.active
    with tenant_scope(tenant):
        journal.record("tenant.reactivated", tenant, actor_id)


def deletion_of(tenant: Tenant) -> TenantDeletion | None:
    """The tenant's deletion mark, when it has one."""
    return db.session.execute(
        select(TenantDeletion).where(TenantDeletion.tenant_id == tenant.id)
    ).scalar_one_or_none()


def mark_for_deletion(
    tenant: Tenant, actor_id: int, days: int, now: datetime | None = None
) -> TenantDeletion:
    """Mark the tenant to be deleted ``days`` from now (1 to 365); a second mark moves the
    date. Until then it can be cancelled."""
    if not 1 <= days <= MAX_GRACE_DAYS:
        raise Invalid("days", str(_l("Enter a number from 1 to 365.")))
    due = (now or utcnow()) + timedelta(days=days)
    mark = deletion_of(tenant)
    if mark is None:
        mark = TenantDeletion(tenant_id=tenant.id, due_at=due, requested_by_id=actor_id)
        db.session.add(mark)
    else:
        mark.due_at = due
        mark.requested_by_id = actor_id
    with tenant_scope(tenant):
        journal.record("tenant.deletion_planned", tenant, actor_id, due_at=due.isoformat())
    db.session.flush()
    return mark


def cancel_deletion(tenant: Tenant, actor_id: int) -> None:
    """Take the deletion mark away; the journal keeps that it was there."""
    mark = deletion_of(tenant)
    if mark is None:
        raise NotPossible(str(_l("This organisation is not marked for deletion.")))
    db.session.delete(mark)
    with tenant_scope(tenant):
        journal.record("tenant.deletion_cancelled", tenant, actor_id)


def purge_due(now: datetime | None = None) -> list[str]:
    """Delete every tenant whose deletion date has passed, with all its rows
    (``delete_tenant``); returns their slugs."""
    with system_scope("the purge finds tenants whose grace period has passed"):
        due = list(
            db.session.execute(
                select(Tenant)
                .join(TenantDeletion, TenantDeletion.tenant_id == Tenant.id)
                .where(TenantDeletion.due_at <= (now or utcnow()))
                .order_by(Tenant.id)
            ).scalars()
        )
    gone = []
    for tenant in due:
        slug = tenant.slug
        delete_tenant(tenant)
        log.info("tenant %s deleted after its grace period", slug)
        gone.append(slug)
    return gone


def export_rows(tenant: Tenant) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Every row of every tenant table of ``tenant``, table by table, as plain values."""
    with tenant_scope(tenant):
        for table in tenant_tables():
            rows = db.session.execute(select(table).where(table.c.tenant_id == tenant.id))
            yield table.name, [{k: _plain(v) for k, v in row._mapping.items()} for row in rows]


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):  # datetimes, dates and times
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value


def export(tenant: Tenant) -> dict[str, Any]:
    """The whole tenant as one JSON document: the tenant, and every row of its tables."""
    tables = dict(export_rows(tenant))
    return {
        "tenant": {
            "id": tenant.id,
            "slug": tenant.slug,
            "name": tenant.name,
            "kind": tenant.kind.value,
            "locale": tenant.locale,
            "status": tenant.status.value,
            "created_at": tenant.created_at.isoformat(),
        },
        "exported_at": utcnow().isoformat(),
        "tables": tables,
    }
