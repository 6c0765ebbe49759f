"""A person's account: their second factor and where they are signed in (``account_pages``,
also a central trainer's in ``trainer_views.py``); confirming who they are before an export;
and the tenant admin's reset of a staff member's second factor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from kring.core import journal
from kring.extensions import db, limiter, sign_in_limit
from kring.http.access import requires
from kring.http.redirects import safe_next
from kring.identity import service as factors
from kring.identity import sessions
from kring.identity.forms import CodeForm, ConfirmForm, qr_code
from kring.identity.web import current_session

T = TypeVar("T")

bp = Blueprint("identity", __name__, url_prefix="/t/<tenant>", template_folder="templates")


def _wrong_code() -> str:
    return _(
        "That code is not right. Enter the 6 digits your app shows now, or one of your "
        "recovery codes."
    )


def account_pages(bp: Blueprint, permission: str, base: str, sign_in: str) -> None:
    """The account page and what it does, on ``bp``: a tenant's (``identity``, every role) or
    a central trainer's outside any tenant (``identity_trainer``, ``trainer_views.py``). One
    piece of code for both; what differs is who may come (``permission``), the frame
    (``base``) and the door a signed-out person is sent to (``sign_in``). A change is
    journaled in the tenant, or logged outside one (``factors.noted``)."""
    endpoints = bp.name

    def page(status: int = 200, **extra: Any) -> Any:
        config = current_app.extensions["kring.config"]
        record = current_session()
        return render_template(
            "identity/account.html",
            endpoints=endpoints,
            base=base,
            factor=factors.state(current_user),
            sessions=sessions.listed(current_user, config, record.id if record else None),
            code_form=extra.pop("code_form", None) or CodeForm(),
            **extra,
        ), status

    def with_code(command: Callable[[str], T]) -> tuple[T | None, Any]:
        """``command`` run with the code of a valid form, or the page again (422) saying
        what is wrong with the form or the code; one of the two is None."""
        form = CodeForm()
        if not form.validate_on_submit():
            return None, page(422, code_form=form)
        try:
            return command(form.code.data or ""), None
        except factors.CodeRefused:
            db.session.rollback()
            return None, page(422, code_form=form, code_error=_wrong_code())

    @bp.get("/account", endpoint="account")
    @requires(permission)
    def account() -> Any:
        """The signed-in person's second factor and every place they are signed in."""
        return page()

    @bp.post("/account/second-factor/recovery-codes", endpoint="new_recovery_codes")
    @requires(permission)
    @limiter.limit(sign_in_limit)
    def new_recovery_codes() -> Any:
        """Ten new recovery codes after a code from the app; the old ones stop working."""
        codes, refused = with_code(lambda code: factors.renew_recovery_codes(current_user, code))
        if refused is not None:
            return refused
        db.session.commit()
        return render_template(
            "identity/recovery_codes.html",
            codes=codes,
            base=base,
            next_url=url_for(f"{endpoints}.account"),
        )

    @bp.post("/account/second-factor/remove", endpoint="remove")
    @requires(permission)
    @limiter.limit(sign_in_limit)
    def remove() -> Any:
        """Take the second factor away after a code from it. Someone who must have one
        (staff, a central trainer) is signed out everywhere and sets up a new one at their
        next sign-in (a new phone)."""
        signed_out, refused = with_code(lambda code: factors.remove_own(current_user, code))
        if refused is not None:
            return refused
        db.session.commit()
        if signed_out:
            logout_user()
            flash(_("Your second factor is removed. Sign in again to set up a new one."), "info")
            return redirect(url_for(sign_in))
        flash(_("Your second factor is removed."), "success")
        return redirect(url_for(f"{endpoints}.account"))

    @bp.post("/account/sessions/<int:session_id>/revoke", endpoint="revoke")
    @requires(permission)
    def revoke(session_id: int) -> Any:
        """End one of your sign-ins; that browser is signed out at its next request."""
        record = sessions.revoke(current_user, session_id)
        if record is None:
            abort(404)
        db.session.commit()
        current = current_session()
        if current is not None and current.id == record.id:
            logout_user()
            return redirect(url_for(sign_in))
        flash(_("That sign-in has ended."), "success")
        return redirect(url_for(f"{endpoints}.account"))


account_pages(bp, "identity.account", base="base.html", sign_in="auth.login")


@bp.route("/account/second-factor", methods=["GET", "POST"])
@requires("identity.account")
@limiter.limit(sign_in_limit, methods=["POST"])
def enrol() -> Any:
    """Set up an authenticator app (volunteers may; staff already did when signing in)."""
    if not factors.may_enrol(current_user):
        abort(404)
    if factors.is_enrolled(current_user):
        return redirect(url_for("identity.account"))
    form = CodeForm()
    error = None
    if form.validate_on_submit():
        try:
            codes = factors.confirm_enrolment(current_user, form.code.data or "")
        except factors.CodeRefused:
            db.session.rollback()
            error = _wrong_code()
        else:
            journal.record("user.second_factor_enrolled", current_user, current_user.id)
            db.session.commit()
            return render_template(
                "identity/recovery_codes.html",
                codes=codes,
                base="base.html",
                next_url=url_for("identity.account"),
            )
    enrolment = factors.begin_enrolment(current_user)
    db.session.commit()
    status = 200 if error is None and not form.errors else 422
    return render_template(
        "identity/enrol.html",
        form=form,
        error=error,
        enrolment=enrolment,
        qr=qr_code(enrolment.uri),
        base="base.html",
        action=url_for("identity.enrol"),
        during_sign_in=False,
    ), status


@bp.route("/account/confirm", methods=["GET", "POST"])
@requires("identity.account")
@limiter.limit(sign_in_limit, methods=["POST"])
def confirm() -> Any:
    """Give your password (and code) again before an export or an erasure, then go on."""
    form = ConfirmForm()
    enrolled = factors.is_enrolled(current_user)
    next_url = safe_next(request.args.get("next", ""), url_for("identity.account"))
    error = None
    if form.validate_on_submit():
        record = current_session()
        if not current_user.check_password(form.password.data or ""):
            error = _("The password is not right.")
        elif enrolled:
            try:
                factors.verify(current_user, form.code.data or "")
            except factors.CodeRefused:
                db.session.rollback()
                error = _wrong_code()
        if error is None and record is not None:
            sessions.confirm(record)
            db.session.commit()
            return redirect(next_url)
        error = error or _("Sign in again to go on.")
    status = 200 if error is None and not form.errors else 422
    return render_template(
        "identity/confirm.html", form=form, error=error, enrolled=enrolled, next_url=next_url
    ), status


@bp.get("/admin/second-factors")
@requires("identity.reset")
def staff() -> Any:
    """The tenant's staff and volunteers with whether their second factor is set up."""
    return render_template("identity/staff.html", staff=factors.staff_in_tenant())


@bp.post("/admin/second-factors/<int:user_id>/reset")
@requires("identity.reset")
def reset(user_id: int) -> Any:
    """Reset a staff member's second factor (a lost phone): they set up a new one at their next
    sign-in, and every browser they are signed in on is signed out."""
    user = factors.staff_member(user_id)
    if user is None:
        abort(404)
    factors.reset(user, current_user.id)
    db.session.commit()
    flash(_("The second factor of %(name)s is reset.", name=user.name), "success")
    return redirect(url_for("identity.staff"))
