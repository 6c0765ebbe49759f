"""Sign-up as JSON (``/api/v1/signup``), outside every tenant: the same service as the page,
so a script refuses and accepts exactly what the form does."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_babel import gettext as _
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from kring.core import keys
from kring.core.accounts import MIN_PASSWORD_LENGTH
from kring.core.tenancy import TenantKind
from kring.extensions import db, limiter, sign_in_limit
from kring.http.access import public
from kring.http.errors import invalid
from kring.onboarding import mailing, service
from kring.onboarding.models import DpiaStatus, TenantSignup

blp = Blueprint(
    "api_onboarding",
    __name__,
    url_prefix="/api/v1",
    description="Signing an organisation up for Kring",
)


class SignupSchema(Schema):
    name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.Enum(TenantKind, required=True)
    slug = fields.Str(required=True, validate=validate.Length(min=1, max=40))
    locale = fields.Str(required=True, validate=validate.OneOf(["nl", "en"]))
    admin_name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    admin_email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.Str(
        required=True, load_only=True, validate=validate.Length(min=MIN_PASSWORD_LENGTH, max=1000)
    )
    accepts_dpa = fields.Bool(required=True, load_only=True)
    dpia_status = fields.Enum(DpiaStatus, required=True)


class SignupStateSchema(Schema):
    slug = fields.Str()
    name = fields.Str()
    status = fields.Str(metadata={"description": "the tenant's status: pending until approved"})
    dpa_version = fields.Str()
    dpa_accepted_at = fields.DateTime()
    dpia_status = fields.Str()
    email_verified = fields.Bool()


class VerifySchema(Schema):
    token = fields.Str(required=True, validate=validate.Length(min=1, max=2000))


def state(signup: TenantSignup) -> dict[str, Any]:
    """A sign-up as the API shows it to the one who made it."""
    tenant = service.tenant_of(signup)
    return {
        "slug": tenant.slug,
        "name": tenant.name,
        "status": tenant.status.value,
        "dpa_version": signup.dpa_version,
        "dpa_accepted_at": signup.dpa_accepted_at,
        "dpia_status": signup.dpia_status.value,
        "email_verified": signup.email_verified_at is not None,
    }


@blp.route("/signup")
class Signup(MethodView):
    decorators = [limiter.limit(sign_in_limit, methods=["POST"])]

    @public
    @blp.arguments(SignupSchema)
    @blp.response(201, SignupStateSchema)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Sign an organisation up: a pending tenant, its first admin, and an e-mail to
        confirm the admin's address; the platform admin approves or refuses it."""
        try:
            found = service.sign_up(service.SignupDetails(**data))
        except service.Invalid as exc:
            db.session.rollback()
            invalid(exc.field, exc.message)
        ids = (found.tenant_id, mailing.send_verification(found).id)
        shown = state(found)
        db.session.commit()
        mailing.enqueue_before_approval(*ids)
        return shown


@blp.route("/signup/verify")
class SignupVerify(MethodView):
    @public
    @blp.arguments(VerifySchema)
    @blp.response(200, SignupStateSchema)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Confirm the first admin's address with the token from the e-mail's link."""
        found = service.signup_for_token(keys.signing_keys(), data["token"])
        if found is None:
            invalid("token", _("The link is not complete, or more than three days old."), 400)
        service.verify(found)
        db.session.commit()
        return state(found)
