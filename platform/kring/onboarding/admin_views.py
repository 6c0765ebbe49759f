"""The platform admin's pages, outside every tenant (``/admin/``): sign in, the sign-ups
waiting for a decision, approving and refusing, the tenants with their size, suspending,
reactivating, exporting and deleting after a grace period."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    session,
    url_for,
)
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from kring.auth import door
from kring.core.accounts import User
from kring.core.tenancy import TenantStatus
from kring.extensions import db, limiter, sign_in_limit
from kring.http.access import PLATFORM_ADMIN, public, requires
from kring.http.paging import page_number
from kring.notify.models import OutboxMessage
from kring.onboarding import admin, mailing
from kring.onboarding.export import exported
from kring.onboarding.forms import DeletionForm, RefuseForm
from kring.onboarding.service import Invalid

log = logging.getLogger(__name__)

bp = Blueprint("platform", __name__, url_prefix="/admin", template_folder="templates")


def _platform_door() -> door.Door:
    return door.Door(
        key=lambda: "platform",
        may_enter=lambda user: bool(user.is_platform_admin),
        entered=_entered,
        landing="platform.index",
        endpoints="platform",
        login_template="platform/login.html",
        base_template="platform/_base.html",
    )


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(sign_in_limit, methods=["POST"])
def login() -> Any:
    """The platform admins' door; anyone else is refused like a wrong password."""
    return door.sign_in(_platform_door())


@bp.route("/login/code", methods=["GET", "POST"])
@public
@limiter.limit(sign_in_limit, methods=["POST"])
def second_factor() -> Any:
    """The second step of a platform admin's sign-in: the code from the authenticator app."""
    return door.second_factor(_platform_door())


@bp.route("/login/second-factor", methods=["GET", "POST"])
@public
@limiter.limit(sign_in_limit, methods=["POST"])
def enrol() -> Any:
    """Setting up the second factor every platform admin must have, after the password."""
    return door.enrol(_platform_door())


def _entered(user: User) -> None:
    # No tenant is entered, so there is no tenant journal: each action is journaled in the
    # tenant it is about.
    log.info("platform admin %s signed in", user.id)


@bp.post("/logout")
@requires(PLATFORM_ADMIN)
def logout() -> Any:
    """Sign the platform admin out everywhere."""
    current_user.end_sessions()
    db.session.commit()
    logout_user()
    session.clear()
    return redirect(url_for("platform.login"))


@bp.get("/")
@requires(PLATFORM_ADMIN)
def index() -> Any:
    """The sign-ups waiting for a decision."""
    return render_template("platform/index.html", signups=admin.pending_signups(page_number()))


@bp.get("/signups/<int:signup_id>")
@requires(PLATFORM_ADMIN)
def signup(signup_id: int) -> Any:
    """One sign-up with the forms to approve or refuse it."""
    return _signup_page(mailing.signup_or_404(signup_id), RefuseForm())


def _signup_page(row: admin.SignupRow, form: RefuseForm, status: int = 200) -> Any:
    return render_template("platform/signup.html", row=row, form=form), status


def _decide(
    signup_id: int,
    form: RefuseForm,
    decide: Callable[[admin.SignupRow], OutboxMessage],
    done: str,
) -> Any:
    """Approve or refuse a sign-up (``decide``) and mail the first admin; the sign-up's page
    again saying why when the reason will not do (422) or it cannot be decided now (409)."""
    row = mailing.signup_or_404(signup_id)
    try:
        message = decide(row)
    except Invalid as exc:
        db.session.rollback()
        form.reason.errors = [exc.message]
        return _signup_page(mailing.signup_or_404(signup_id), form, 422)
    except admin.NotPossible as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _signup_page(mailing.signup_or_404(signup_id), form, 409)
    name = row.tenant.name
    mailing.decided(row, message)
    flash(done % {"name": name}, "success")
    return redirect(url_for("platform.index"))


@bp.post("/signups/<int:signup_id>/approve")
@requires(PLATFORM_ADMIN)
def approve(signup_id: int) -> Any:
    """Open the tenant; its first admin is mailed the way in."""
    return _decide(
        signup_id,
        RefuseForm(),
        lambda row: admin.approve(row, current_user.id, mailing.login_link(row.tenant)),
        _("%(name)s is approved and can start."),
    )


@bp.post("/signups/<int:signup_id>/refuse")
@requires(PLATFORM_ADMIN)
def refuse(signup_id: int) -> Any:
    """Refuse with the reason, which is kept and mailed."""
    form = RefuseForm()
    if not form.validate_on_submit():
        return _signup_page(mailing.signup_or_404(signup_id), form, 422)
    return _decide(
        signup_id,
        form,
        lambda row: admin.refuse(row, current_user.id, form.reason.data or ""),
        _("The sign-up of %(name)s is refused."),
    )


@bp.get("/tenants")
@requires(PLATFORM_ADMIN)
def tenants() -> Any:
    """Every tenant with its status and size, a page at a time."""
    return render_template("platform/tenants.html", tenants=admin.tenants(page_number()))


@bp.get("/tenants/<int:tenant_id>")
@requires(PLATFORM_ADMIN)
def tenant(tenant_id: int) -> Any:
    """One tenant with what can be done to it."""
    return _tenant_page(mailing.tenant_or_404(tenant_id), DeletionForm())


def _tenant_page(row: admin.TenantRow, form: DeletionForm, status: int = 200) -> Any:
    return render_template(
        "platform/tenant.html", row=row, form=form, statuses=TenantStatus
    ), status


def _change(tenant_id: int, action: Any, done: str) -> Any:
    row = mailing.tenant_or_404(tenant_id)
    try:
        action(row.tenant, current_user.id)
    except admin.NotPossible as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _tenant_page(mailing.tenant_or_404(tenant_id), DeletionForm(), 409)
    db.session.commit()
    flash(done % {"name": row.tenant.name}, "success")
    return redirect(url_for("platform.tenant", tenant_id=tenant_id))


@bp.post("/tenants/<int:tenant_id>/suspend")
@requires(PLATFORM_ADMIN)
def suspend(tenant_id: int) -> Any:
    """Close the tenant: a clear page for its people, no messages."""
    return _change(tenant_id, admin.suspend, _("%(name)s is suspended."))


@bp.post("/tenants/<int:tenant_id>/reactivate")
@requires(PLATFORM_ADMIN)
def reactivate(tenant_id: int) -> Any:
    """Open a suspended tenant again."""
    return _change(tenant_id, admin.reactivate, _("%(name)s is active again."))


@bp.post("/tenants/<int:tenant_id>/deletion")
@requires(PLATFORM_ADMIN)
def plan_deletion(tenant_id: int) -> Any:
    """Mark the tenant for deletion after the days of grace."""
    row = mailing.tenant_or_404(tenant_id)
    form = DeletionForm()
    if not form.validate_on_submit():
        return _tenant_page(row, form, 422)
    mark = admin.mark_for_deletion(row.tenant, current_user.id, form.days.data or 0)
    db.session.commit()
    flash(
        _("%(name)s will be deleted on %(day)s.", name=row.tenant.name, day=_day(mark.due_at)),
        "success",
    )
    return redirect(url_for("platform.tenant", tenant_id=tenant_id))


def _day(moment: Any) -> str:
    return str(format_date(moment, "long"))


@bp.post("/tenants/<int:tenant_id>/deletion/cancel")
@requires(PLATFORM_ADMIN)
def cancel_deletion(tenant_id: int) -> Any:
    """Take the deletion mark away."""
    return _change(tenant_id, admin.cancel_deletion, _("The deletion of %(name)s is cancelled."))


@bp.get("/tenants/<int:tenant_id>/export")
@requires(PLATFORM_ADMIN)
def export(tenant_id: int) -> Any:
    """The whole tenant as a JSON download, logged as an export."""
    row = mailing.tenant_or_404(tenant_id)
    document = exported(row.tenant, current_user.id)
    return Response(
        json.dumps(document, ensure_ascii=False, default=str),
        mimetype="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="kring-{row.tenant.slug}.json"',
            "Cache-Control": "no-store",
        },
    )
