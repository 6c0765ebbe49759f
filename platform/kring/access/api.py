"""The access log as JSON, for a tenant admin: searched by resident, user and period."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from kring.access import log, policy, service
from kring.core.paging import Page
from kring.http.access import requires
from kring.http.paging import PageArgsSchema, paged

blp = Blueprint("api_access", __name__, url_prefix="/t/<tenant>/api/v1", description="Access log")


class LogSearchSchema(PageArgsSchema):
    person = fields.Int(load_default=None, metadata={"description": "A resident's number"})
    user = fields.Int(load_default=None, metadata={"description": "A user's number"})
    start = fields.Date(load_default=None, data_key="from")
    end = fields.Date(load_default=None, data_key="to")
    exports = fields.Bool(
        load_default=False, metadata={"description": "Only exports: reports and research files"}
    )


class LogLineSchema(Schema):
    at = fields.DateTime()
    user_id = fields.Int(allow_none=True)
    reader = fields.Str()
    roles = fields.Str()
    subject_type = fields.Str()
    subject_id = fields.Int()
    resident = fields.Str()
    on_behalf_of_id = fields.Int(allow_none=True)
    action = fields.Str()
    outcome = fields.Str()
    request_id = fields.Str(allow_none=True)
    export = fields.Str(
        allow_none=True,
        metadata={"description": "For an export: which file (audit-report.pdf, research.csv)"},
    )
    record_count = fields.Int(
        allow_none=True, metadata={"description": "For an export: residents' records in it"}
    )


def _json(line: service.Line) -> dict[str, Any]:
    e = line.entry
    return {
        "at": e.at,
        "user_id": e.user_id,
        "reader": line.reader,
        "roles": e.roles,
        "subject_type": e.subject_type,
        "subject_id": e.subject_id,
        "resident": line.resident,
        "on_behalf_of_id": e.on_behalf_of_id,
        "action": e.action,
        "outcome": e.outcome.value,
        "request_id": e.request_id,
        "export": e.export,
        "record_count": e.record_count,
    }


@blp.route("/access-log")
class AccessLog(MethodView):
    @requires("accesslog.view")
    @blp.arguments(LogSearchSchema, location="query")
    @blp.response(200, LogLineSchema(many=True))
    def get(self, args: dict[str, Any]) -> Any:
        """Reads of residents' records and exports, newest first, a page at a time (reading
        is logged)."""
        search = service.Search(
            args["person"], args["user"], args["start"], args["end"], args["exports"]
        )
        found = service.search(search, args["page"])
        log.shown(policy.viewer(), service.subjects(found.items))
        page = Page([_json(line) for line in found.items], found.number, found.has_next)
        return paged(page, "api_access.AccessLog", per_page=args["per_page"])
