"""A tenant admin's invitations (``/t/<tenant>/admin/invitations``) and the page an invited
staff member lands on from the e-mail (``/t/<tenant>/invitations/<token>``)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from kring.core import keys
from kring.core.accounts import Role
from kring.core.db import utcnow
from kring.extensions import db, limiter, sign_in_limit
from kring.http.access import public, requires
from kring.http.tenancy import get_or_404, get_or_none
from kring.onboarding import invitations
from kring.onboarding.forms import AcceptExistingForm, AcceptForm, InvitationForm
from kring.onboarding.models import Invitation
from kring.onboarding.service import Invalid
from kring.organisations.models import Organisation

bp = Blueprint("invitations", __name__, url_prefix="/t/<tenant>", template_folder="templates")


def invitation_form() -> InvitationForm:
    """The form with this tenant's staff roles and organisations to choose from."""
    form = InvitationForm()
    form.role.choices = [
        SelectChoice(r.value, invitations.role_label(r).capitalize())
        for r in invitations.INVITABLE_ROLES
    ]
    organisations = db.session.execute(
        select(Organisation.id, Organisation.name).order_by(Organisation.name)
    ).all()
    form.organisation.choices = [SelectChoice("", _("The whole organisation"))] + [
        SelectChoice(str(o.id), o.name) for o in organisations
    ]
    return form


def _page(form: InvitationForm, status: int = 200) -> Any:
    from kring.http.paging import page_number

    return render_template(
        "onboarding/invitations.html",
        form=form,
        page=invitations.pending(page_number()),
        now=utcnow(),
        role_label=invitations.role_label,
    ), status


@bp.get("/admin/invitations")
@requires("invitation.manage")
def index() -> Any:
    """The invitations not yet accepted, and the form to invite someone."""
    return _page(invitation_form())


def link_for(invitation: Invitation, secret: str) -> str:
    """The invitation's link, as a full address for the e-mail."""
    token = invitations.link_token(keys.signing_keys(), invitation, secret)
    return url_for("invitations.accept", token=token, _external=True)


@bp.post("/admin/invitations")
@requires("invitation.manage")
def create() -> Any:
    """Invite someone by e-mail to a staff role; the link goes out through the outbox."""
    form = invitation_form()
    if not form.validate_on_submit():
        return _page(form, 422)
    organisation = get_or_none(Organisation, form.organisation.data or "")
    if form.organisation.data and organisation is None:
        form.organisation.errors = [_("Choose one of the listed organisations.")]
        return _page(form, 422)
    try:
        invitation, secret = invitations.invite(
            form.email.data or "",
            Role(form.role.data),
            organisation,
            current_user.id,
            form.name.data or "",
        )
    except Invalid as exc:
        db.session.rollback()
        form[exc.field].errors = [exc.message]
        return _page(form, 422)
    invitations.send(invitation, g.tenant, link_for(invitation, secret))
    db.session.commit()
    flash(_("The invitation is on its way to %(email)s.", email=invitation.email), "success")
    return redirect(url_for("invitations.index"))


@bp.post("/admin/invitations/<int:invitation_id>/resend")
@requires("invitation.manage")
def resend(invitation_id: int) -> Any:
    """Send a new link (the old one stops working) that works for another week."""
    invitation = get_or_404(Invitation, invitation_id)
    try:
        secret = invitations.resend(invitation, current_user.id)
    except invitations.Unusable:
        flash(_("This invitation is used or revoked."), "error")
        return _page(invitation_form(), 409)
    invitations.send(invitation, g.tenant, link_for(invitation, secret))
    db.session.commit()
    flash(_("The invitation is sent again to %(email)s.", email=invitation.email), "success")
    return redirect(url_for("invitations.index"))


@bp.post("/admin/invitations/<int:invitation_id>/revoke")
@requires("invitation.manage")
def revoke(invitation_id: int) -> Any:
    """Stop the link working."""
    invitation = get_or_404(Invitation, invitation_id)
    try:
        invitations.revoke(invitation, current_user.id)
    except invitations.Unusable:
        flash(_("This invitation is used already."), "error")
        return _page(invitation_form(), 409)
    db.session.commit()
    flash(_("The invitation to %(email)s is revoked.", email=invitation.email), "success")
    return redirect(url_for("invitations.index"))


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@public
@limiter.limit(sign_in_limit, methods=["POST"])
def accept(token: str) -> Any:
    """The invited person's landing page: who invites them to what, and the form that makes
    their account (or, for an address with an account, asks its password)."""
    try:
        invitation = invitations.for_token(keys.signing_keys(), token)
    except invitations.Unusable:
        return render_template("onboarding/invitation_invalid.html"), 400
    existing = invitations.existing_account(invitation)
    form = AcceptExistingForm() if existing is not None else AcceptForm()
    if isinstance(form, AcceptForm) and not form.is_submitted():
        form.name.data = invitation.name
    if form.validate_on_submit():
        name = form.name.data or "" if isinstance(form, AcceptForm) else ""
        try:
            invitations.accept(invitation, form.password.data or "", name)
        except Invalid as exc:
            db.session.rollback()
            form[exc.field].errors = [exc.message]
        else:
            db.session.commit()
            flash(_("Welcome! Sign in to start."), "success")
            return redirect(url_for("auth.login"))
    return render_template(
        "onboarding/invitation.html",
        form=form,
        shown=invitations.shown_one(invitation),
        role=invitations.role_label(invitation.role),
        existing=existing is not None,
        token=token,
    ), 422 if form.errors else 200
