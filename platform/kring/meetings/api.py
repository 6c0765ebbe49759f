"""Meetings as JSON: a circle's meetings, planning and cancelling, the door list, guests, a
member's history and one's own calendar feed. The same services and rules as the pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import url_for
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from kring.access import log, policy
from kring.circles.models import Circle
from kring.core.access import Reach
from kring.core.db import utcnow
from kring.extensions import db
from kring.http.access import requires
from kring.http.commands import perform
from kring.meetings import feeds
from kring.meetings import queries as meeting_queries
from kring.meetings import service as meetings
from kring.meetings.lookup import (
    circle_to_plan,
    circle_to_read,
    local_zone,
    meeting_to_attend,
    meeting_to_plan,
    methodology_of,
    own_person,
)
from kring.meetings.models import AttendanceStatus, Meeting

blp = Blueprint("api_meetings", __name__, url_prefix="/t/<tenant>/api/v1", description="Meetings")


class MeetingSchema(Schema):
    id = fields.Int(dump_only=True)
    circle_id = fields.Int(dump_only=True)
    starts_at = fields.DateTime(
        required=True, metadata={"description": "Without an offset: the tenant's local time."}
    )
    minutes = fields.Int(required=True)
    kind = fields.Str(required=True, validate=validate.Length(min=1, max=40))
    place = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=200))
    count = fields.Int(
        load_only=True,
        load_default=1,
        validate=validate.Range(min=1, max=meeting_queries.MAX_SERIES),
        metadata={"description": "More than one plans a series, one every pattern period."},
    )
    series_id = fields.Str(dump_only=True, allow_none=True)
    cancelled_at = fields.DateTime(dump_only=True, allow_none=True)
    cancel_reason = fields.Str(dump_only=True, allow_none=True)
    present = fields.Int(dump_only=True)
    absent_with_notice = fields.Int(dump_only=True)
    absent = fields.Int(dump_only=True)
    guests = fields.Int(dump_only=True)


class CircleMeetingsSchema(Schema):
    upcoming = fields.List(fields.Nested(MeetingSchema))
    past = fields.List(fields.Nested(MeetingSchema))


class CancelSchema(Schema):
    reason = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=500))


class MarkSchema(Schema):
    person_id = fields.Int(required=True)
    status = fields.Enum(AttendanceStatus, required=True)


class AttendanceSchema(Schema):
    marks = fields.List(fields.Nested(MarkSchema), required=True, validate=validate.Length(min=1))


class DoorRowSchema(Schema):
    person_id = fields.Int()
    name = fields.Str()
    role = fields.Str()
    status = fields.Str(allow_none=True)


class GuestSchema(Schema):
    id = fields.Int(dump_only=True)
    first_name = fields.Str(required=True, validate=validate.Length(min=1, max=60))


class HistorySchema(Schema):
    meeting_id = fields.Int()
    circle_id = fields.Int()
    circle_name = fields.Str()
    starts_at = fields.DateTime()
    kind = fields.Str()
    status = fields.Str()


class FeedSchema(Schema):
    url = fields.Str(metadata={"description": "Shown once: only a hash of it is kept."})


def _meeting_json(row: meeting_queries.MeetingRow) -> dict[str, Any]:
    m = row.meeting
    return {
        "id": m.id,
        "circle_id": m.circle_id,
        "starts_at": m.starts_at,
        "minutes": m.minutes,
        "kind": m.kind,
        "place": m.place,
        "series_id": m.series_id,
        "cancelled_at": m.cancelled_at,
        "cancel_reason": m.cancel_reason,
        "present": row.present,
        "absent_with_notice": row.with_notice,
        "absent": row.absent,
        "guests": row.guests,
    }


def _one(meeting: Meeting) -> dict[str, Any]:
    (row,) = meeting_queries.counted([meeting])
    return _meeting_json(row)


def _door(meeting: Meeting, circle: Circle) -> list[dict[str, Any]]:
    rows = meeting_queries.door_list(meeting, circle)
    log.shown(policy.viewer(), [r.person_id for r in rows])
    return [
        {
            "person_id": r.person_id,
            "name": r.name,
            "role": r.role,
            "status": r.status.value if r.status else None,
        }
        for r in rows
    ]


@blp.route("/circles/<int:circle_id>/meetings")
class CircleMeetings(MethodView):
    @requires("meeting.view")
    @blp.response(200, CircleMeetingsSchema)
    def get(self, circle_id: int) -> Any:
        """The circle's meetings to come and its latest past ones, with how many came."""
        found = meeting_queries.of_circle(circle_to_read(circle_id), utcnow())
        return {
            "upcoming": [_meeting_json(r) for r in found.upcoming],
            "past": [_meeting_json(r) for r in found.past],
        }

    @requires("meeting.plan")
    @blp.arguments(MeetingSchema)
    @blp.response(201, MeetingSchema(many=True))
    def post(self, data: dict[str, Any], circle_id: int) -> Any:
        """Plan a meeting, or a series of ``count`` from the methodology's pattern."""
        circle = circle_to_plan(circle_id)
        m = methodology_of(circle)
        first: datetime = data["starts_at"]
        if first.tzinfo is None:
            first = first.replace(tzinfo=local_zone())
        planned = perform(
            lambda: meetings.plan(
                circle,
                m,
                first,
                data["kind"],
                data["minutes"],
                data["place"],
                current_user.id,
                data["count"],
            ),
            m,
        )
        return [_meeting_json(meeting_queries.MeetingRow(p)) for p in planned]


@blp.route("/meetings/<int:meeting_id>")
class MeetingItem(MethodView):
    @requires("meeting.view")
    @blp.response(200, MeetingSchema)
    def get(self, meeting_id: int) -> Any:
        """One meeting, with how many came."""
        meeting, _circle = policy.meeting_or_404(meeting_id)
        return _one(meeting)


@blp.route("/meetings/<int:meeting_id>/cancel")
class MeetingCancel(MethodView):
    @requires("meeting.plan")
    @blp.arguments(CancelSchema)
    @blp.response(200, MeetingSchema)
    def post(self, data: dict[str, Any], meeting_id: int) -> Any:
        """Cancel a meeting not yet held; it stays in the history with its reason."""
        meeting, circle = meeting_to_plan(meeting_id)
        perform(
            lambda: meetings.cancel(meeting, data["reason"], current_user.id),
            methodology_of(circle),
        )
        return _one(meeting)


@blp.route("/meetings/<int:meeting_id>/attendance")
class MeetingAttendance(MethodView):
    @requires("meeting.attend")
    @blp.response(200, DoorRowSchema(many=True))
    def get(self, meeting_id: int) -> Any:
        """The door list: the circle's current members and what was recorded for them."""
        meeting, circle = meeting_to_attend(meeting_id)
        return _door(meeting, circle)

    @requires("meeting.attend")
    @blp.arguments(AttendanceSchema)
    @blp.response(200, DoorRowSchema(many=True))
    def post(self, data: dict[str, Any], meeting_id: int) -> Any:
        """Record attendance for some of the circle's members (others are refused)."""
        meeting, circle = meeting_to_attend(meeting_id)
        m = methodology_of(circle)
        marks = {mark["person_id"]: mark["status"] for mark in data["marks"]}
        perform(
            lambda: meetings.record_attendance(
                meeting, circle, m, marks, current_user.id, utcnow()
            ),
            m,
        )
        return _door(meeting, circle)


@blp.route("/meetings/<int:meeting_id>/guests")
class MeetingGuests(MethodView):
    @requires("meeting.attend")
    @blp.response(200, GuestSchema(many=True))
    def get(self, meeting_id: int) -> Any:
        """A meeting's guests, by first name."""
        meeting, _circle = meeting_to_attend(meeting_id)
        return [{"id": g.id, "first_name": g.first_name} for g in meetings.guests(meeting)]

    @requires("meeting.attend")
    @blp.arguments(GuestSchema)
    @blp.response(201, GuestSchema)
    def post(self, data: dict[str, Any], meeting_id: int) -> Any:
        """Welcome a guest by first name, at a kind of meeting that welcomes guests."""
        meeting, circle = meeting_to_attend(meeting_id)
        m = methodology_of(circle)
        guest = perform(lambda: meetings.add_guest(meeting, m, data["first_name"], utcnow()), m)
        return {"id": guest.id, "first_name": guest.first_name}


@blp.route("/people/<int:person_id>/attendance")
class PersonAttendance(MethodView):
    @requires("meeting.view")
    @blp.response(200, HistorySchema(many=True))
    def get(self, person_id: int) -> Any:
        """A person's recorded attendance, latest first."""
        person, _reach = policy.person_or_404(person_id, Reach.contact)
        return [
            {
                "meeting_id": r.meeting.id,
                "circle_id": r.circle_id,
                "circle_name": r.circle_name,
                "starts_at": r.meeting.starts_at,
                "kind": r.meeting.kind,
                "status": r.status.value,
            }
            for r in meeting_queries.history_of(person.id)
        ]


@blp.route("/me/meeting-feed")
class MeetingFeed(MethodView):
    @requires("meeting.feed")
    @blp.response(201, FeedSchema)
    def post(self) -> Any:
        """A new secret calendar address for one's own meetings; the old one stops working."""
        person = own_person()
        token = feeds.open_feed(person, current_user.id)
        db.session.commit()
        return {"url": url_for("meetings.feed", token=token, _external=True)}

    @requires("meeting.feed")
    @blp.response(204)
    def delete(self) -> Any:
        """Stop one's calendar address."""
        feeds.revoke(own_person(), current_user.id)
        db.session.commit()
        return None
