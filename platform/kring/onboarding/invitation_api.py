"""Invitations as JSON (``/t/<tenant>/api/v1/invitations``): the tenant admin's list, invite,
send again and revoke, and accepting with the link's token; the same service as the pages."""

from __future__ import annotations

from typing import Any

from flask import g, url_for
from flask.views import MethodView
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields, validate

from kring.core import keys
from kring.core.accounts import Role
from kring.core.db import utcnow
from kring.core.paging import Page
from kring.extensions import db, limiter, sign_in_limit
from kring.http.access import public, requires
from kring.http.errors import invalid
from kring.http.paging import PageArgsSchema, paged
from kring.http.tenancy import get_or_404, get_or_none
from kring.onboarding import invitations
from kring.onboarding.models import Invitation
from kring.onboarding.service import Invalid
from kring.organisations.models import Organisation

blp = Blueprint(
    "api_invitations",
    __name__,
    url_prefix="/t/<tenant>/api/v1",
    description="Inviting staff to the tenant",
)


class InvitationSchema(Schema):
    """An invitation as the tenant admin sees it (never its link)."""

    id = fields.Int(dump_only=True)
    email = fields.Email(required=True, validate=validate.Length(max=254))
    name = fields.Str(load_default="", validate=validate.Length(max=200))
    role = fields.Enum(Role, required=True)
    organisation_id = fields.Int(load_default=None, allow_none=True)
    organisation = fields.Str(dump_only=True, allow_none=True)
    status = fields.Str(dump_only=True, metadata={"description": "open or expired"})
    expires_at = fields.DateTime(dump_only=True)


class AcceptSchema(Schema):
    """The token from the link, and the new account's name and password (only the password
    for an address that has an account)."""

    token = fields.Str(required=True, validate=validate.Length(min=1, max=2000))
    name = fields.Str(load_default="", validate=validate.Length(max=200))
    password = fields.Str(required=True, load_only=True, validate=validate.Length(min=1, max=1000))


class AcceptedSchema(Schema):
    """What accepting gave: the account and its new role here."""

    user_id = fields.Int()
    email = fields.Str()
    role = fields.Str()
    organisation_id = fields.Int(allow_none=True)


def _json(shown: invitations.Shown) -> dict[str, Any]:
    i = shown.invitation
    return {
        "id": i.id,
        "email": i.email,
        "name": i.name,
        "role": i.role,
        "organisation_id": i.organisation_id,
        "organisation": shown.organisation_name,
        "status": shown.status(utcnow()),
        "expires_at": i.expires_at,
    }


def _send(invitation: Invitation, secret: str) -> None:
    token = invitations.link_token(keys.signing_keys(), invitation, secret)
    link = url_for("invitations.accept", token=token, _external=True)
    invitations.send(invitation, g.tenant, link)


@blp.route("/invitations")
class Invitations(MethodView):
    """The tenant's open invitations, and inviting someone."""

    @requires("invitation.manage")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, InvitationSchema(many=True))
    def get(self, args: dict[str, Any]) -> Any:
        """Invitations not accepted or revoked, newest first (expired ones too)."""
        page = invitations.pending(args["page"], args["per_page"])
        shown = Page([_json(s) for s in page.items], page.number, page.has_next)
        return paged(shown, "api_invitations.Invitations", per_page=args["per_page"])

    @requires("invitation.manage")
    @blp.arguments(InvitationSchema)
    @blp.response(201, InvitationSchema)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Invite someone to a staff role (not participant), optionally for one organisation;
        the link goes out by e-mail and works for a week, once."""
        organisation = None
        if data["organisation_id"] is not None:
            organisation = get_or_none(Organisation, data["organisation_id"])
            if organisation is None:
                invalid("organisation_id", _("Choose one of the listed organisations."))
        try:
            invitation, secret = invitations.invite(
                data["email"], data["role"], organisation, current_user.id, data["name"]
            )
        except Invalid as exc:
            db.session.rollback()
            invalid(exc.field, exc.message)
        _send(invitation, secret)
        shown = _json(invitations.shown_one(invitation))
        db.session.commit()
        return shown


@blp.route("/invitations/<int:invitation_id>")
class InvitationItem(MethodView):
    """One invitation: revoking it."""

    @requires("invitation.manage")
    @blp.response(204)
    def delete(self, invitation_id: int) -> None:
        """Revoke: the link stops working (409 once it is used)."""
        invitation = get_or_404(Invitation, invitation_id)
        try:
            invitations.revoke(invitation, current_user.id)
        except invitations.Unusable:
            abort(409, message=_("This invitation is used already."))
        db.session.commit()


@blp.route("/invitations/<int:invitation_id>/resend")
class InvitationResend(MethodView):
    """Sending an invitation again."""

    @requires("invitation.manage")
    @blp.response(200, InvitationSchema)
    def post(self, invitation_id: int) -> dict[str, Any]:
        """A new link for another week; the old link stops working (409 once used or revoked)."""
        invitation = get_or_404(Invitation, invitation_id)
        try:
            secret = invitations.resend(invitation, current_user.id)
        except invitations.Unusable:
            abort(409, message=_("This invitation is used or revoked."))
        _send(invitation, secret)
        shown = _json(invitations.shown_one(invitation))
        db.session.commit()
        return shown


@blp.route("/invitations/accept")
class InvitationAccept(MethodView):
    """Accepting an invitation with the link's token."""

    decorators = [limiter.limit(sign_in_limit, methods=["POST"])]

    @public
    @blp.arguments(AcceptSchema)
    @blp.response(201, AcceptedSchema)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Make the account (or prove the existing one with its password) and grant the role;
        400 naming ``token`` when the link is used, revoked, expired or forged."""
        try:
            invitation = invitations.for_token(keys.signing_keys(), data["token"])
        except invitations.Unusable:
            invalid("token", _("The invitation is used, revoked or expired."), 400)
        try:
            user = invitations.accept(invitation, data["password"], data["name"])
        except Invalid as exc:
            db.session.rollback()
            invalid(exc.field, exc.message)
        shown = {
            "user_id": user.id,
            "email": user.email,
            "role": invitation.role.value,
            "organisation_id": invitation.organisation_id,
        }
        db.session.commit()
        return shown
