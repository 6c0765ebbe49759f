"""Signing in and out, and resetting a forgotten password. Pages live under a tenant."""

from __future__ import annotations

import uuid
from typing import Any

from flask import (
    Blueprint,
    flash,
    g,
    redirect,
    render_template,
    session,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from kring.auth import door
from kring.auth.forms import ForgotPasswordForm, ResetPasswordForm
from kring.auth.tokens import make_reset_token, user_for_reset_token
from kring.core import journal, keys
from kring.core.accounts import find_user_by_email, roles_in_current_tenant
from kring.extensions import db, limiter, sign_in_limit
from kring.http.access import SIGNED_IN, public, requires
from kring.notify import service as notify

bp = Blueprint("auth", __name__, url_prefix="/t/<tenant>", template_folder="templates")


def tenant_door() -> door.Door:
    # An account without a role here is refused like a wrong password: saying "no access to
    # this tenant" would tell a stranger that the address is a customer elsewhere.
    return door.Door(
        key=lambda: f"tenant:{g.tenant.slug}",
        may_enter=lambda user: user.is_platform_admin or bool(roles_in_current_tenant(user)),
        entered=lambda user: journal.record("user.login", user, user.id),
        landing="home.index",
        endpoints="auth",
        login_template="auth/login.html",
        base_template="base.html",
    )


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(sign_in_limit, methods=["POST"])
def login() -> Any:
    return door.sign_in(tenant_door())


@bp.route("/login/code", methods=["GET", "POST"])
@public
@limiter.limit(sign_in_limit, methods=["POST"])
def second_factor() -> Any:
    """The second step of signing in: the code from the authenticator app."""
    return door.second_factor(tenant_door())


@bp.route("/login/second-factor", methods=["GET", "POST"])
@public
@limiter.limit(sign_in_limit, methods=["POST"])
def enrol() -> Any:
    """Setting up the second factor that staff must have, right after the password."""
    return door.enrol(tenant_door())


@bp.post("/logout")
@requires(SIGNED_IN)
def logout() -> Any:
    current_user.end_sessions()
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@public
@limiter.limit(sign_in_limit, methods=["POST"])
def forgot_password() -> Any:
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = find_user_by_email(form.email.data or "")
        if (
            user is not None
            and user.email  # a card-only participant has no address to send a link to
            and user.is_active
            and (user.is_platform_admin or roles_in_current_tenant(user))
        ):
            token = make_reset_token(keys.signing_keys(), user)
            link = url_for("auth.reset_password", token=token, _external=True)
            with force_locale(user.locale or g.tenant.locale):
                subject = _("Reset your Kring password")
                body = render_template("auth/reset_email.txt", user=user, link=link)
            notify.queue_email(
                user.email,
                subject,
                body,
                f"password-reset:{user.id}:{uuid.uuid4()}",
                kind="password_reset",
            )
            journal.record("user.password_reset_requested", user, None)
            db.session.commit()
        # The same answer either way, so the form does not reveal who has an account.
        flash(
            _(
                "If that address belongs to an account here, "
                "we have sent it a link to choose a new password."
            ),
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form), 422 if form.errors else 200


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str) -> Any:
    user = user_for_reset_token(keys.signing_keys(), token)
    if user is None:
        return render_template("auth/reset_invalid.html"), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        user.set_password(form.password.data or "")
        user.end_sessions()  # whoever knew the old password is signed out
        journal.record("user.password_reset", user, user.id)
        db.session.commit()
        flash(_("Your password has been changed. You can sign in now."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form), 422 if form.errors else 200
