"""The central trainer's commands: who is a trainer of which methodology, and refreshing the
facts their pages read (``kring.trainer.refresh`` writes them, ``kring.trainer.read`` reads).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from kring.core.accounts import TrainerGrant, User
from kring.core.tenancy import Tenant, TenantStatus, tenant_scope
from kring.extensions import db
from kring.organisations import service as organisations
from kring.plugins import PluginHost
from kring.trainer import refresh


def methodologies_of(user: User) -> list[str]:
    """The methodologies ``user`` is a central trainer of, by key: what their pages may show.
    A trainer belongs to a methodology, not to a tenant, so this is all that decides it."""
    return list(
        db.session.execute(
            select(TrainerGrant.methodology_key)
            .where(TrainerGrant.user_id == user.id)
            .order_by(TrainerGrant.methodology_key)
        ).scalars()
    )


def grant(user: User, methodology_key: str) -> TrainerGrant:
    """Make ``user`` a central trainer of the methodology (once: a second grant is the first)."""
    found = db.session.execute(
        select(TrainerGrant).where(
            TrainerGrant.user_id == user.id, TrainerGrant.methodology_key == methodology_key
        )
    ).scalar_one_or_none()
    if found is None:
        found = TrainerGrant(user_id=user.id, methodology_key=methodology_key)
        db.session.add(found)
        db.session.flush()
    return found


def active_tenants() -> list[Tenant]:
    """The tenants whose circles a trainer sees: the active ones (a suspended tenant's facts
    stay as they were until it returns)."""
    return list(
        db.session.execute(
            select(Tenant).where(Tenant.status == TenantStatus.active).order_by(Tenant.id)
        ).scalars()
    )


def refresh_tenant(tenant: Tenant, host: PluginHost, today: date) -> int:
    """Rewrite the trainer's facts of ``tenant`` for every installed methodology it has
    enabled; a methodology it switched off leaves no facts behind. Returns circles written."""
    with tenant_scope(tenant):
        enabled = organisations.enabled_keys()
    methodologies = {key: m for key, m in host.methodologies().items() if key in enabled}
    return refresh.refresh_tenant(tenant, methodologies, today)
