"""Residents' rights through the API: a person's data as JSON or PDF, and their erasure, under
the same rules as the pages (``policy.rights_person_or_404``, ``guard.rights_request``) and
written to the access log and the journal the same way; and the tenant's retention, as the
tenant admin's page shows and changes it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort, g
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from kring.access import log, policy
from kring.core.db import today
from kring.extensions import db
from kring.http.access import has_permission, requires
from kring.http.commands import perform
from kring.http.errors import invalid
from kring.http.methodology import locale
from kring.http.paging import PageArgsSchema, paged
from kring.identity.web import requires_recent_sign_in
from kring.privacy import downloads, export, requests, retention
from kring.privacy import erase as erasure
from kring.privacy.guard import rights_request
from kring.reports import files

blp = Blueprint(
    "api_privacy",
    __name__,
    url_prefix="/t/<tenant>/api/v1",
    description="Residents' rights: a person's data as a file, and their erasure",
)

BINARY = {"type": "string", "format": "binary"}
DATA = "/people/<int:person_id>/data"

F = TypeVar("F", bound=Callable[..., Any])


def _asks_recent_sign_in(view: F) -> F:
    """Declare in OpenAPI the 401 of ``requires_recent_sign_in``."""
    return blp.alt_response(
        401,
        description="Not signed in, or the password was given more than ten minutes ago: "
        "confirm it with POST /api/v1/account/confirm and try again",
    )(view)


def _answers_of_a_rights_request(view: F) -> F:
    """Declare in OpenAPI what a rights request about one person answers besides its
    success: 401 until the password (and code) were given again recently, 404 for a person
    out of reach."""
    return blp.alt_response(
        404,
        description="No such person in this tenant, or not one whose rights request you handle",
    )(_asks_recent_sign_in(view))


class SectionSchema(Schema):
    title = fields.Str(metadata={"description": "What these rows are, in the reader's language"})
    rows = fields.List(fields.Dict(), metadata={"description": "Every column of each row"})


class PersonalExportSchema(Schema):
    person_id = fields.Int()
    name = fields.Str()
    exported_at = fields.Str()
    erased_at = fields.Str(allow_none=True)
    tables = fields.Dict(
        keys=fields.Str(),
        values=fields.Nested(SectionSchema),
        metadata={"description": "One entry per table holding something of the person"},
    )


class EraseArgsSchema(Schema):
    confirm = fields.Bool(
        required=True,
        validate=validate.Equal(True, error="Send true to confirm the erasure."),
        metadata={"description": "true: erase this person's data; it cannot be undone"},
    )


class ErasureSchema(Schema):
    person_id = fields.Int()
    erased_at = fields.DateTime()
    was_erased_before = fields.Bool()
    changed = fields.Dict(
        keys=fields.Str(),
        values=fields.Int(),
        metadata={"description": "Rows deleted or emptied, per table"},
    )
    login_pseudonymised = fields.Bool()


class RightsPeopleArgsSchema(PageArgsSchema):
    q = fields.Str(
        load_default="",
        validate=validate.Length(max=200),
        metadata={"description": "Part of the name, or the start of the postcode"},
    )


class RightsPersonSchema(Schema):
    id = fields.Int()
    name = fields.Str()
    postcode = fields.Str(allow_none=True)
    erased_at = fields.DateTime(allow_none=True)
    may_erase = fields.Bool(metadata={"description": "The reader may erase this person"})


@blp.route("/rights-requests")
class RightsPeople(MethodView):
    @rights_request("person.export")
    @blp.arguments(RightsPeopleArgsSchema, location="query")
    @blp.response(200, RightsPersonSchema(many=True))
    @_asks_recent_sign_in
    def get(self, args: dict[str, Any]) -> Any:
        """The people whose rights requests the reader handles (the tenant admin: everyone in
        the tenant; a project leader: the people they reach fully), by name, searched by name
        or postcode, a page at a time (a ``Link`` header names the next). Every person listed
        is logged as read. Their data is at ``/people/<id>/data``, erasure at
        ``/people/<id>/erasure``."""
        who = policy.viewer()
        found = requests.rights_page(
            policy.rights_people(who),
            args["page"],
            args["q"].strip(),
            args["per_page"],
            own_person_ids=who.person_ids,
            may_erase=has_permission("person.erase"),
        )
        log.shown(who, [row.id for row in found.items])
        return paged(found, "api_privacy.RightsPeople", q=args["q"] or None)


@blp.route(DATA)
class PersonalData(MethodView):
    @rights_request("person.export")
    @blp.response(200, PersonalExportSchema)
    @_answers_of_a_rights_request
    def get(self, person_id: int) -> Any:
        """Everything Kring holds about a person and what names them, table by table: for the
        tenant admin and the project leader who reaches them fully. Logged as an export."""
        person = policy.rights_person_or_404(person_id)
        data = export.export(person, locale())
        log.exported(policy.viewer(), "person-data.json", person.id, 1)
        return data.as_json()


@blp.route(f"{DATA}.pdf")
class PersonalDataPdf(MethodView):
    @rights_request("person.export")
    @blp.response(200, BINARY, content_type=files.PDF, description="The data as a PDF")
    @_answers_of_a_rights_request
    def get(self, person_id: int) -> Any:
        """The same as a readable, tagged PDF in the reader's language. Logged as an export."""
        return downloads.export_file(policy.rights_person_or_404(person_id), "pdf", locale())


@blp.route("/people/<int:person_id>/erasure")
class Erasure(MethodView):
    @rights_request("person.erase")
    @blp.arguments(EraseArgsSchema)
    @blp.response(200, ErasureSchema)
    @_answers_of_a_rights_request
    def post(self, args: dict[str, Any], person_id: int) -> Any:
        """Erase a person's data in one transaction: personal fields emptied, notes and
        messages about them deleted, counts kept without their name; journaled. A second call
        changes nothing (``was_erased_before``). Nobody erases their own person (403)."""
        person = policy.rights_person_or_404(person_id)
        if not policy.may_erase(policy.viewer(), person):
            abort(403)
        return perform(lambda: erasure.erase(person, current_user.id), None)


class RetentionSchema(Schema):
    months = fields.Int(
        metadata={"description": "Months a former participant's data stays after they stopped"}
    )
    defined_in_files = fields.Bool(
        metadata={"description": "Set up from a tenant file: change it there, not here"}
    )
    cutoff = fields.Date(
        metadata={"description": "Who stopped on or before this day is erased at the next run"}
    )
    due_now = fields.Int(metadata={"description": "How many people the next run erases"})
    minimum = fields.Int()
    maximum = fields.Int()


class RetentionArgsSchema(Schema):
    months = fields.Int(
        required=True,
        strict=True,
        validate=validate.Range(
            min=retention.MIN_MONTHS,
            max=retention.MAX_MONTHS,
            error="Choose a number of months from {min} to {max}.",
        ),
    )


@blp.route("/retention")
class Retention(MethodView):
    @requires("tenant.retention")
    @blp.response(200, RetentionSchema)
    def get(self) -> Any:
        """How long this tenant keeps a former participant's data after they stopped taking
        part everywhere, and how many people the next nightly run erases."""
        return retention.setting(g.tenant, today())

    @requires("tenant.retention")
    @requires_recent_sign_in()
    @blp.arguments(RetentionArgsSchema)
    @blp.response(200, RetentionSchema)
    @blp.alt_response(409, description="Set up from a tenant file: change the file instead")
    @_asks_recent_sign_in
    def put(self, args: dict[str, Any]) -> Any:
        """Change the retention (1 to 120 months); journaled with the old and new value. A
        shorter time erases people at the next night, so it asks for a recent sign-in. A
        tenant set up from a tenant file answers 409: its next sync would set the file's value
        back."""
        try:
            retention.change(g.tenant, args["months"], current_user.id)
        except retention.RetentionRefused as refused:
            db.session.rollback()
            invalid(refused.field, refused.message, refused.status)
        db.session.commit()
        return retention.setting(g.tenant, today())
