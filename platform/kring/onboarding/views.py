"""Self-service sign-up, outside every tenant: the form, "check your mail", and the link that
proves the first admin's address."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, url_for

from kring.core import keys
from kring.core.tenancy import TenantKind
from kring.extensions import db, limiter, sign_in_limit
from kring.http.access import public
from kring.onboarding import mailing, service
from kring.onboarding.forms import SignupForm
from kring.onboarding.models import DpiaStatus

bp = Blueprint("onboarding", __name__, template_folder="templates")


@bp.route("/signup", methods=["GET", "POST"])
@public
@limiter.limit(sign_in_limit, methods=["POST"])
def signup() -> Any:
    form = SignupForm()
    if form.validate_on_submit():
        try:
            found = service.sign_up(
                service.SignupDetails(
                    name=form.name.data or "",
                    kind=TenantKind(form.kind.data),
                    slug=form.slug.data or "",
                    locale=form.locale.data or "nl",
                    admin_name=form.admin_name.data or "",
                    admin_email=form.admin_email.data or "",
                    password=form.password.data or "",
                    accepts_dpa=bool(form.accepts_dpa.data),
                    dpia_status=DpiaStatus(form.dpia_status.data),
                )
            )
        except service.Invalid as exc:
            db.session.rollback()
            form[exc.field].errors = [exc.message]
        else:
            ids = (found.tenant_id, mailing.send_verification(found).id)
            db.session.commit()
            mailing.enqueue_before_approval(*ids)
            return redirect(url_for("onboarding.sent"))
    return render_template(
        "onboarding/signup.html", form=form, dpa_version=service.DPA_VERSION
    ), 422 if form.errors else 200


@bp.get("/signup/sent")
@public
def sent() -> Any:
    return render_template("onboarding/sent.html")


@bp.get("/signup/verify/<token>")
@public
def verify(token: str) -> Any:
    found = service.signup_for_token(keys.signing_keys(), token)
    if found is None:
        return render_template("onboarding/verify_invalid.html"), 400
    service.verify(found)
    db.session.commit()
    return render_template(
        "onboarding/verified.html", tenant=service.tenant_of(found), signup=found
    )
