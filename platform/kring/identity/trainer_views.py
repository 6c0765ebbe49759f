"""A central trainer's account, outside any tenant (``/trainer/account``): where they are
signed in, new recovery codes, removing the second factor (then setting up a new one at the
next sign-in). Their sign-ins are global, so nothing here is journaled in a tenant; it is
logged."""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from kring.extensions import db, limiter, sign_in_limit
from kring.http.access import TRAINER, requires
from kring.identity import service as factors
from kring.identity import sessions
from kring.identity.forms import CodeForm
from kring.identity.views import _account, _wrong_code
from kring.identity.web import current_session

log = logging.getLogger(__name__)

bp = Blueprint("identity_trainer", __name__, url_prefix="/trainer", template_folder="templates")
ENDPOINTS = "identity_trainer"
BASE = "trainer/_base.html"


def _page(status: int = 200, **extra: Any) -> Any:
    return _account(status, ENDPOINTS, BASE, **extra)


@bp.get("/account")
@requires(TRAINER)
def account() -> Any:
    """The central trainer's second factor and every place they are signed in."""
    return _page()


@bp.post("/account/second-factor/recovery-codes")
@requires(TRAINER)
@limiter.limit(sign_in_limit)
def new_recovery_codes() -> Any:
    """Ten new recovery codes after a code from the app; the old ones stop working."""
    form = CodeForm()
    if not form.validate_on_submit():
        return _page(422, code_form=form)
    try:
        factors.verify(current_user, form.code.data or "")
    except factors.CodeRefused:
        db.session.rollback()
        return _page(422, code_form=form, code_error=_wrong_code())
    codes = factors.new_recovery_codes(current_user)
    db.session.commit()
    log.info("central trainer %s made new recovery codes", current_user.id)
    return render_template(
        "identity/recovery_codes.html", codes=codes, base=BASE, next_url=url_for(".account")
    )


@bp.post("/account/second-factor/remove")
@requires(TRAINER)
@limiter.limit(sign_in_limit)
def remove() -> Any:
    """Remove the second factor after a code from it: a trainer must have one, so they are
    signed out everywhere and set up a new one at their next sign-in (a new phone)."""
    form = CodeForm()
    if not form.validate_on_submit():
        return _page(422, code_form=form)
    try:
        factors.verify(current_user, form.code.data or "")
    except factors.CodeRefused:
        db.session.rollback()
        return _page(422, code_form=form, code_error=_wrong_code())
    factors.remove(current_user)
    sessions.revoke_all(current_user)
    current_user.end_sessions()
    db.session.commit()
    log.info("central trainer %s removed their second factor", current_user.id)
    logout_user()
    flash(_("Your second factor is removed. Sign in again to set up a new one."), "info")
    return redirect(url_for("trainer.login"))


@bp.post("/account/sessions/<int:session_id>/revoke")
@requires(TRAINER)
def revoke(session_id: int) -> Any:
    """End one of your sign-ins; that browser is signed out at its next request."""
    record = sessions.revoke(current_user, session_id)
    if record is None:
        abort(404)
    db.session.commit()
    current = current_session()
    if current is not None and current.id == record.id:
        logout_user()
        return redirect(url_for("trainer.login"))
    flash(_("That sign-in has ended."), "success")
    return redirect(url_for(".account"))
