"""The platform admin's work as JSON (``/api/v1/admin/...``), outside every tenant: the same
service as the pages (``admin.py``), so a script can do what the pages do and nothing more."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields, validate

from kring.core.paging import Page
from kring.extensions import db
from kring.http.access import PLATFORM_ADMIN, requires
from kring.http.errors import invalid
from kring.http.paging import PageArgsSchema, paged
from kring.notify.models import OutboxMessage
from kring.onboarding import admin, mailing
from kring.onboarding.export import exported
from kring.onboarding.service import Invalid

blp = Blueprint(
    "api_platform",
    __name__,
    url_prefix="/api/v1/admin",
    description="The platform admin: sign-ups and tenants, outside every tenant",
)


class SignupRowSchema(Schema):
    """A sign-up as the platform admin decides it: the organisation, its first admin, what it
    agreed to and where it stands."""

    id = fields.Int()
    tenant_id = fields.Int()
    name = fields.Str()
    slug = fields.Str()
    kind = fields.Str()
    locale = fields.Str()
    status = fields.Str(metadata={"description": "the tenant's status"})
    admin_name = fields.Str()
    admin_email = fields.Str()
    email_verified = fields.Bool()
    dpa_version = fields.Str()
    dpa_accepted_at = fields.DateTime()
    dpia_status = fields.Str()
    signed_up_at = fields.DateTime()
    decision = fields.Str(metadata={"description": "waiting, approved or refused"})
    refusal_reason = fields.Str(allow_none=True)


class TenantRowSchema(Schema):
    """A tenant with its status and size: counts only, never a resident."""

    id = fields.Int()
    name = fields.Str()
    slug = fields.Str()
    kind = fields.Str()
    status = fields.Str()
    circles = fields.Int()
    people = fields.Int()
    users = fields.Int()
    deletion_due_at = fields.DateTime(allow_none=True)
    defined_in_files = fields.Bool(
        metadata={"description": "made from a tenant file rather than signed up"}
    )


class ExportSchema(Schema):
    """A whole tenant: the tenant itself and every row of its tables."""

    tenant = fields.Dict()
    exported_at = fields.Str()
    tables = fields.Dict(
        keys=fields.Str(),
        values=fields.List(fields.Dict()),
        metadata={"description": "rows by table"},
    )


class RefuseSchema(Schema):
    """A refusal needs its reason: the organisation is told why."""

    reason = fields.Str(required=True, validate=validate.Length(min=1, max=2000))


class DeletionSchema(Schema):
    """Days of grace before a tenant is deleted, so a mistake can still be undone."""

    days = fields.Int(required=True, validate=validate.Range(min=1, max=admin.MAX_GRACE_DAYS))


def _signup(row: admin.SignupRow) -> dict[str, Any]:
    s, t = row.signup, row.tenant
    decision = "waiting" if s.is_approved is None else "approved" if s.is_approved else "refused"
    return {
        "id": s.id,
        "tenant_id": t.id,
        "name": t.name,
        "slug": t.slug,
        "kind": t.kind.value,
        "locale": t.locale,
        "status": t.status.value,
        "admin_name": row.admin_name,
        "admin_email": s.admin_email,
        "email_verified": row.is_verified,
        "dpa_version": s.dpa_version,
        "dpa_accepted_at": s.dpa_accepted_at,
        "dpia_status": s.dpia_status.value,
        "signed_up_at": s.created_at,
        "decision": decision,
        "refusal_reason": s.refusal_reason,
    }


def _tenant(row: admin.TenantRow) -> dict[str, Any]:
    t = row.tenant
    return {
        "id": t.id,
        "name": t.name,
        "slug": t.slug,
        "kind": t.kind.value,
        "status": t.status.value,
        "circles": row.circles,
        "people": row.people,
        "users": row.users,
        "deletion_due_at": row.deletion_due_at,
        "defined_in_files": not row.signed_up,
    }


def _listed(page: Page[Any], shape: Callable[[Any], Any], endpoint: str, per_page: int) -> Any:
    """One page of rows in their API shape, with a ``Link`` to the next page."""
    shown = Page([shape(row) for row in page.items], page.number, page.has_next)
    return paged(shown, endpoint, per_page=per_page)


def _not_possible(exc: admin.NotPossible) -> Any:
    db.session.rollback()
    abort(409, message=str(exc))


@blp.route("/signups")
class Signups(MethodView):
    """The sign-ups waiting for the platform admin."""

    @requires(PLATFORM_ADMIN)
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, SignupRowSchema(many=True))
    def get(self, args: dict[str, Any]) -> Any:
        """Sign-ups waiting for a decision, oldest first (``Link`` names the next page)."""
        page = admin.pending_signups(args["page"], args["per_page"])
        return _listed(page, _signup, "api_platform.Signups", args["per_page"])


@blp.route("/signups/<int:signup_id>")
class SignupItem(MethodView):
    """One sign-up, decided or not."""

    @requires(PLATFORM_ADMIN)
    @blp.response(200, SignupRowSchema)
    def get(self, signup_id: int) -> dict[str, Any]:
        """One sign-up, decided or not."""
        return _signup(mailing.signup_or_404(signup_id))


def _decide(signup_id: int, decide: Callable[[admin.SignupRow], OutboxMessage]) -> Any:
    """Approve or refuse a sign-up (``decide``) and mail the first admin: 422 naming the
    field of a reason that will not do, 409 when the sign-up cannot be decided now."""
    row = mailing.signup_or_404(signup_id)
    try:
        message = decide(row)
    except Invalid as exc:
        db.session.rollback()
        invalid(exc.field, exc.message)
    except admin.NotPossible as exc:
        _not_possible(exc)
    shown = _signup(row)
    mailing.decided(row, message)
    return shown


@blp.route("/signups/<int:signup_id>/approve")
class SignupApprove(MethodView):
    """Opening a signed-up tenant."""

    @requires(PLATFORM_ADMIN)
    @blp.response(200, SignupRowSchema)
    def post(self, signup_id: int) -> dict[str, Any]:
        """Approve: the tenant becomes active and its first admin is told (409 when the
        address is not confirmed yet, or the sign-up was decided before)."""
        return _decide(
            signup_id,
            lambda row: admin.approve(row, current_user.id, mailing.login_link(row.tenant)),
        )


@blp.route("/signups/<int:signup_id>/refuse")
class SignupRefuse(MethodView):
    """Refusing a sign-up, with the reason mailed."""

    @requires(PLATFORM_ADMIN)
    @blp.arguments(RefuseSchema)
    @blp.response(200, SignupRowSchema)
    def post(self, data: dict[str, Any], signup_id: int) -> dict[str, Any]:
        """Refuse with a reason, which is kept and mailed to the first admin."""
        return _decide(signup_id, lambda row: admin.refuse(row, current_user.id, data["reason"]))


@blp.route("/tenants")
class Tenants(MethodView):
    """Every tenant, with size, for the platform admin."""

    @requires(PLATFORM_ADMIN)
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, TenantRowSchema(many=True))
    def get(self, args: dict[str, Any]) -> Any:
        """Every tenant with its status and size, by name (``Link`` names the next page)."""
        page = admin.tenants(args["page"], args["per_page"])
        return _listed(page, _tenant, "api_platform.Tenants", args["per_page"])


@blp.route("/tenants/<int:tenant_id>")
class TenantItem(MethodView):
    """One tenant, with size."""

    @requires(PLATFORM_ADMIN)
    @blp.response(200, TenantRowSchema)
    def get(self, tenant_id: int) -> dict[str, Any]:
        """One tenant with its status and size."""
        return _tenant(mailing.tenant_or_404(tenant_id))


def _change(tenant_id: int, action: Any) -> dict[str, Any]:
    row = mailing.tenant_or_404(tenant_id)
    try:
        action(row.tenant, current_user.id)
    except admin.NotPossible as exc:
        _not_possible(exc)
    db.session.commit()
    return _tenant(mailing.tenant_or_404(tenant_id))


@blp.route("/tenants/<int:tenant_id>/suspend")
class TenantSuspend(MethodView):
    """Closing a tenant for a while."""

    @requires(PLATFORM_ADMIN)
    @blp.response(200, TenantRowSchema)
    def post(self, tenant_id: int) -> dict[str, Any]:
        """Suspend an active tenant: its people see a clear page, its messages stop."""
        return _change(tenant_id, admin.suspend)


@blp.route("/tenants/<int:tenant_id>/reactivate")
class TenantReactivate(MethodView):
    """Opening a suspended tenant again."""

    @requires(PLATFORM_ADMIN)
    @blp.response(200, TenantRowSchema)
    def post(self, tenant_id: int) -> dict[str, Any]:
        """Make a suspended tenant active again."""
        return _change(tenant_id, admin.reactivate)


@blp.route("/tenants/<int:tenant_id>/deletion")
class TenantDeletion(MethodView):
    """Deleting a tenant after days of grace, or cancelling that."""

    @requires(PLATFORM_ADMIN)
    @blp.arguments(DeletionSchema)
    @blp.response(200, TenantRowSchema)
    def post(self, data: dict[str, Any], tenant_id: int) -> dict[str, Any]:
        """Mark the tenant to be deleted after ``days`` of grace (a second call moves the date)."""
        row = mailing.tenant_or_404(tenant_id)
        admin.mark_for_deletion(row.tenant, current_user.id, data["days"])
        db.session.commit()
        return _tenant(mailing.tenant_or_404(tenant_id))

    @requires(PLATFORM_ADMIN)
    @blp.response(200, TenantRowSchema)
    def delete(self, tenant_id: int) -> dict[str, Any]:
        """Cancel the deletion (409 when none is planned)."""
        return _change(tenant_id, admin.cancel_deletion)


@blp.route("/tenants/<int:tenant_id>/export")
class TenantExport(MethodView):
    """A whole tenant as one JSON document."""

    @requires(PLATFORM_ADMIN)
    @blp.response(200, ExportSchema)
    def get(self, tenant_id: int) -> Any:
        """Every row of the tenant's tables as one JSON document (written to its access log)."""
        row = mailing.tenant_or_404(tenant_id)
        return exported(row.tenant, current_user.id)
