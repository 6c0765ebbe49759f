"""Onboarding: an organisation signs itself up (``service.py``), the platform admin approves,
refuses, suspends, exports and deletes tenants outside every tenant (``admin.py``), and a
tenant admin invites staff (``invitations.py``). The rows about tenants (``models.py``) are
global, like ``tenant`` itself; invitations belong to their tenant."""

from flask_babel import lazy_gettext as _l

from kring.core.accounts import Role
from kring.core.personal import Erase, PersonalData
from kring.module import Module, NavEntry, PeriodicJob

module = Module(
    name="onboarding",
    permissions={"invitation.manage": frozenset({Role.tenant_admin})},
    models=("kring.onboarding.models",),
    blueprints=(
        "kring.onboarding.views:bp",
        "kring.onboarding.admin_views:bp",
        "kring.onboarding.invitation_views:bp",
    ),
    api=(
        "kring.onboarding.api:blp",
        "kring.onboarding.admin_api:blp",
        "kring.onboarding.invitation_api:blp",
    ),
    jobs=(
        PeriodicJob(job="kring.onboarding.jobs:sweep_before_approval", seconds=60),
        PeriodicJob(job="kring.onboarding.jobs:purge_deleted", seconds=24 * 60 * 60),
    ),
    nav=(
        NavEntry(
            endpoint="invitations.index",
            label=_l("Invitations"),
            permission="invitation.manage",
            current_when=("invitations.",),
        ),
    ),
    platform_demo=("kring.onboarding.demo:platform_admin",),
    personal=(
        # the agreement an organisation accepted stays; the address of its first admin goes
        PersonalData(
            table="tenant_signup",
            title=_l("Sign-ups"),
            login=("admin_id",),
            by=("decided_by_id",),
            erase=Erase.blank,
            blank=("admin_email",),
            not_personal={"email_verified_at": "when the address was confirmed, not the address"},
        ),
        PersonalData(
            table="invitation",
            title=_l("Invitations"),
            login=("user_id",),
            by=("invited_by_id",),
            erase=Erase.blank,
            blank=("email", "name"),
            secret=("token_hash",),
        ),
        PersonalData(
            table="tenant_deletion", title=_l("Tenant deletions"), by=("requested_by_id",)
        ),
    ),
)
