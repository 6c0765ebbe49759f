"""Residents' rights through the API: a person's data as JSON or PDF, and their erasure, under
the same rules as the pages (``policy.rights_person_or_404``, ``guard.rights_request``) and
written to the access log and the journal the same way."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from kring.access import log, policy
from kring.http.commands import perform
from kring.http.methodology import locale
from kring.privacy import downloads, export
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


@blp.route(DATA)
class PersonalData(MethodView):
    @rights_request("person.export")
    @blp.response(200, PersonalExportSchema)
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
    def get(self, person_id: int) -> Any:
        """The same as a readable, tagged PDF in the reader's language. Logged as an export."""
        return downloads.export_file(policy.rights_person_or_404(person_id), "pdf", locale())


@blp.route("/people/<int:person_id>/erasure")
class Erasure(MethodView):
    @rights_request("person.erase")
    @blp.arguments(EraseArgsSchema)
    @blp.response(200, ErasureSchema)
    def post(self, args: dict[str, Any], person_id: int) -> Any:
        """Erase a person's data in one transaction: personal fields emptied, notes and
        messages about them deleted, counts kept without their name; journaled. A second call
        changes nothing (``was_erased_before``). Nobody erases their own person (403)."""
        person = policy.rights_person_or_404(person_id)
        if not policy.may_erase(policy.viewer(), person):
            abort(403)
        return perform(lambda: erasure.erase(person, current_user.id), None)
