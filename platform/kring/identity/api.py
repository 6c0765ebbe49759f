"""The account's second factor and sign-in sessions as JSON, and the admin's reset: everything
the account pages do, at a tenant (``blp``) and for a central trainer outside any tenant
(``trainer_blp``, ``/api/v1/trainer/account``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from kring.core import journal
from kring.core.accounts import Role
from kring.extensions import db, limiter, sign_in_limit
from kring.http.access import TRAINER, requires
from kring.http.errors import invalid
from kring.http.tenancy import MAX_ID
from kring.identity import service as factors
from kring.identity import sessions
from kring.identity.web import current_session

blp = Blueprint(
    "api_identity",
    __name__,
    url_prefix="/t/<tenant>/api/v1",
    description="My account: second factor and sign-in sessions",
)

WRONG_CODE = "That code is not right."
T = TypeVar("T")


class SessionSchema(Schema):
    id = fields.Int(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    last_seen_at = fields.DateTime(dump_only=True)
    ends_at = fields.DateTime(dump_only=True)
    user_agent = fields.Str(dump_only=True)
    ip = fields.Str(dump_only=True)
    has_second_factor = fields.Bool(dump_only=True)
    is_current = fields.Bool(dump_only=True)


class FactorStateSchema(Schema):
    is_required = fields.Bool(dump_only=True)
    may_enrol = fields.Bool(dump_only=True)
    is_enrolled = fields.Bool(dump_only=True)
    confirmed_at = fields.DateTime(dump_only=True, allow_none=True)
    recovery_codes_left = fields.Int(dump_only=True)


class EnrolmentSchema(Schema):
    secret = fields.Str(dump_only=True, metadata={"description": "Type into the app"})
    uri = fields.Str(dump_only=True, metadata={"description": "otpauth:// link, for a QR code"})


class CodeSchema(Schema):
    code = fields.Str(
        required=True,
        validate=validate.Length(min=1, max=40),
        metadata={"description": "6 digits from the app, or a recovery code"},
    )


class RecoveryCodesSchema(Schema):
    recovery_codes = fields.List(
        fields.Str(), dump_only=True, metadata={"description": "Shown this once; each works once"}
    )


class ConfirmSchema(Schema):
    password = fields.Str(required=True, validate=validate.Length(min=1, max=1000))
    code = fields.Str(
        load_default="", validate=validate.Length(max=40), metadata={"description": "if enrolled"}
    )


class ConfirmedSchema(Schema):
    confirmed_at = fields.DateTime(dump_only=True)


class StaffFactorSchema(Schema):
    user_id = fields.Int(dump_only=True)
    name = fields.Str(dump_only=True)
    email = fields.Str(dump_only=True, allow_none=True)
    roles = fields.List(fields.Enum(Role), dump_only=True)
    is_required = fields.Bool(dump_only=True)
    is_enrolled = fields.Bool(dump_only=True)


def _spend(code: str) -> None:
    try:
        factors.verify(current_user, code)
    except factors.CodeRefused:
        db.session.rollback()
        invalid("code", WRONG_CODE)


def _with_code(command: Callable[[str], T], code: str) -> T:
    """``command`` run with ``code``; a wrong code answers 422 naming ``code``."""
    try:
        return command(code)
    except factors.CodeRefused:
        db.session.rollback()
        invalid("code", WRONG_CODE)


def account_api(blp: Blueprint, permission: str, enrols: bool) -> None:
    """My sign-ins and second factor as JSON on ``blp``: a tenant's account (``api_identity``)
    and a central trainer's outside any tenant (``api_identity_trainer``), one piece of code
    as the pages are (``views.account_pages``). ``enrols``: a second factor is set up here
    too (at a tenant; a central trainer sets theirs up when first signing in). A change is
    journaled in the tenant, or logged outside one (``factors.noted``)."""

    @blp.route("/account/second-factor")
    class SecondFactor(MethodView):
        @requires(permission)
        @blp.response(200, FactorStateSchema)
        def get(self) -> Any:
            """Whether I must have a second factor, whether it is set up, codes left."""
            return factors.state(current_user)

        if enrols:

            @requires(permission)
            @blp.response(201, EnrolmentSchema)
            def post(self) -> Any:
                """Begin setting up an authenticator app: its secret, until a code confirms
                it."""
                if not factors.may_enrol(current_user):
                    invalid("user", "A card sign-in has no second factor.", 403)
                if factors.is_enrolled(current_user):
                    invalid("user", "A second factor is set up already; remove it first.", 409)
                enrolment = factors.begin_enrolment(current_user)
                db.session.commit()
                return enrolment

    @blp.route("/account/sessions")
    class Sessions(MethodView):
        @requires(permission)
        @blp.response(200, SessionSchema(many=True))
        def get(self) -> Any:
            """Where I am signed in: every working sign-in, newest first."""
            record = current_session()
            config = current_app.extensions["kring.config"]
            return sessions.listed(current_user, config, record.id if record else None)

    @blp.route("/account/sessions/<int:session_id>")
    class OneSession(MethodView):
        @requires(permission)
        @blp.response(204)
        @blp.alt_response(404, description="No such sign-in of yours")
        def delete(self, session_id: int) -> Any:
            """End one of my sign-ins; that browser is signed out at its next request."""
            # a number past any id names no sign-in, and must not reach the database
            if not 0 < session_id <= MAX_ID or sessions.revoke(current_user, session_id) is None:
                invalid("session_id", "No such sign-in of yours.", 404)
            db.session.commit()
            return ""

    @blp.route("/account/second-factor/recovery-codes")
    class NewRecoveryCodes(MethodView):
        @requires(permission)
        @limiter.limit(sign_in_limit)
        @blp.arguments(CodeSchema)
        @blp.response(200, RecoveryCodesSchema)
        def post(self, body: dict[str, Any]) -> Any:
            """Ten new recovery codes after a code from the app; earlier ones stop working."""
            codes = _with_code(
                lambda code: factors.renew_recovery_codes(current_user, code), body["code"]
            )
            db.session.commit()
            return {"recovery_codes": codes}

    @blp.route("/account/second-factor/remove")
    class RemoveFactor(MethodView):
        @requires(permission)
        @limiter.limit(sign_in_limit)
        @blp.arguments(CodeSchema)
        @blp.response(204)
        def post(self, body: dict[str, Any]) -> Any:
            """Remove my second factor after a code from it. Someone who must have one (staff,
            a central trainer) is signed out everywhere and sets up a new one at the next
            sign-in."""
            _with_code(lambda code: factors.remove_own(current_user, code), body["code"])
            db.session.commit()
            return ""


account_api(blp, "identity.account", enrols=True)


@blp.route("/account/second-factor/confirm")
class ConfirmFactor(MethodView):
    @requires("identity.account")
    @limiter.limit(sign_in_limit)
    @blp.arguments(CodeSchema)
    @blp.response(200, RecoveryCodesSchema)
    def post(self, body: dict[str, Any]) -> Any:
        """Confirm the app with its first code; the answer holds ten recovery codes, once."""
        try:
            codes = factors.confirm_enrolment(current_user, body["code"])
        except factors.CodeRefused:
            db.session.rollback()
            invalid("code", WRONG_CODE)
        journal.record("user.second_factor_enrolled", current_user, current_user.id)
        db.session.commit()
        return {"recovery_codes": codes}


@blp.route("/account/confirm")
class ConfirmSignIn(MethodView):
    @requires("identity.account")
    @limiter.limit(sign_in_limit)
    @blp.arguments(ConfirmSchema)
    @blp.response(200, ConfirmedSchema)
    def post(self, body: dict[str, Any]) -> Any:
        """Give my password (and code) again: exports and erasure are open for ten minutes."""
        if not current_user.check_password(body["password"]):
            invalid("password", "The password is not right.")
        if factors.is_enrolled(current_user):
            _spend(body["code"])
        record = current_session()
        if record is None:
            invalid("session", "Only a signed-in browser can confirm; sign in again.", 401)
        sessions.confirm(record)
        db.session.commit()
        return {"confirmed_at": record.confirmed_at}


@blp.route("/admin/second-factors")
class StaffFactors(MethodView):
    @requires("identity.reset")
    @blp.response(200, StaffFactorSchema(many=True))
    def get(self) -> Any:
        """The tenant's staff and volunteers, with whether their second factor is set up."""
        return factors.staff_in_tenant()


@blp.route("/admin/second-factors/<int:user_id>")
class StaffFactor(MethodView):
    @requires("identity.reset")
    @blp.response(204)
    def delete(self, user_id: int) -> Any:
        """Reset a staff member's second factor: signed out everywhere, they set up a new one
        at their next sign-in."""
        user = factors.staff_member(user_id)
        if user is None:
            invalid("user_id", "No such person in this tenant.", 404)
        factors.reset(user, current_user.id)
        db.session.commit()
        return ""


trainer_blp = Blueprint(
    "api_identity_trainer",
    __name__,
    url_prefix="/api/v1/trainer",
    description="A central trainer's account, outside any tenant: second factor and sign-ins",
)

account_api(trainer_blp, TRAINER, enrols=False)
