"""The activity calendar as JSON: the public calendar with the same filters as its page (no
sign-in), one activity, and the organisers' writes. Validation names the field at fault."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import abort
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from kring.access import policy
from kring.activities import importing, service
from kring.activities.models import Access, Activity, Audience
from kring.core.db import today
from kring.extensions import db
from kring.http.access import public, requires
from kring.http.errors import invalid

blp = Blueprint(
    "api_activities", __name__, url_prefix="/t/<tenant>/api/v1", description="Activity calendar"
)

_AUDIENCES = [a.value for a in Audience]
_ACCESS = [a.value for a in Access]


class ActivitySchema(Schema):
    id = fields.Int(dump_only=True)
    organisation_id = fields.Int(required=True, validate=validate.Range(1, service.MAX_ID))
    organisation = fields.Str(dump_only=True)
    title = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    description = fields.Str(load_default="", validate=validate.Length(max=4000))
    starts_local = fields.NaiveDateTime(
        required=True, metadata={"description": "the first time, on the local wall clock"}
    )
    minutes = fields.Int(load_default=60, validate=validate.Range(1, 24 * 60))
    timezone = fields.Str(load_default=service.home_zone, validate=validate.Length(max=60))
    rrule = fields.Str(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=500),
        metadata={"description": "RFC 5545 recurrence rule, e.g. FREQ=WEEKLY;BYDAY=TU"},
    )
    exdates = fields.List(
        fields.Date(), load_default=list, metadata={"description": "days it does not happen"}
    )
    neighbourhood_id = fields.Int(
        load_default=None, allow_none=True, validate=validate.Range(1, service.MAX_ID)
    )
    address = fields.Str(load_default="", validate=validate.Length(max=300))
    audiences = fields.List(
        fields.Str(validate=validate.OneOf(_AUDIENCES)),
        load_default=lambda: [Audience.everyone.value],
        validate=validate.Length(min=1),
    )
    access = fields.List(fields.Str(validate=validate.OneOf(_ACCESS)), load_default=list)
    cost = fields.Str(load_default="", validate=validate.Length(max=100))
    contact = fields.Str(load_default="", validate=validate.Length(max=300))
    imported = fields.Bool(dump_only=True)


class OccurrenceSchema(Schema):
    activity_id = fields.Int()
    title = fields.Str()
    starts = fields.DateTime(metadata={"description": "with the local UTC offset"})
    ends = fields.DateTime()
    organisation = fields.Str()
    neighbourhood = fields.Str(allow_none=True)
    address = fields.Str()
    audiences = fields.List(fields.Str())
    access = fields.List(fields.Str())
    cost = fields.Str()
    contact = fields.Str()
    description = fields.Str()


class ActivityCalendarArgs(Schema):
    start = fields.Date(data_key="from", load_default=None)
    days = fields.Int(
        load_default=service.WINDOW_DAYS, validate=validate.Range(1, service.MAX_WINDOW_DAYS)
    )
    neighbourhood_id = fields.Int(load_default=None, validate=validate.Range(1, service.MAX_ID))
    audience = fields.Str(load_default=None, validate=validate.OneOf(_AUDIENCES))
    weekday = fields.Int(load_default=None, validate=validate.Range(0, 6))
    access = fields.List(fields.Str(validate=validate.OneOf(_ACCESS)), load_default=list)


def activity_json(activity: Activity, organisation: str = "") -> dict[str, Any]:
    """One activity as the API gives it."""
    return {
        "id": activity.id,
        "organisation_id": activity.organisation_id,
        "organisation": organisation,
        "title": activity.title,
        "description": activity.description,
        "starts_local": activity.starts_local,
        "minutes": activity.minutes,
        "timezone": activity.timezone,
        "rrule": activity.rrule,
        "exdates": [datetime.fromisoformat(x).date() for x in activity.exdates],
        "neighbourhood_id": activity.neighbourhood_id,
        "address": activity.address,
        "audiences": activity.audiences,
        "access": activity.access,
        "cost": activity.cost,
        "contact": activity.contact,
        "imported": activity.source_uid is not None,
    }


def occurrence_json(o: service.Occurrence) -> dict[str, Any]:
    a = o.activity
    return {
        "activity_id": a.id,
        "title": a.title,
        "starts": o.starts,
        "ends": o.ends,
        "organisation": o.organisation,
        "neighbourhood": o.neighbourhood,
        "address": a.address,
        "audiences": a.audiences,
        "access": a.access,
        "cost": a.cost,
        "contact": a.contact,
        "description": a.description,
    }


def _details(data: dict[str, Any]) -> service.Details:
    if not policy.may_publish_for(data["organisation_id"]):
        invalid("organisation_id", "you do not publish for this organisation")
    return service.Details(
        organisation_id=data["organisation_id"],
        title=data["title"],
        description=data["description"],
        starts_local=data["starts_local"],
        minutes=data["minutes"],
        rrule=data["rrule"],
        exdates=tuple(data["exdates"]),
        neighbourhood_id=data["neighbourhood_id"],
        address=data["address"],
        audiences=tuple(data["audiences"]),
        access=tuple(data["access"]),
        cost=data["cost"],
        contact=data["contact"],
        timezone=data["timezone"],
    )


def _saved(command: Any) -> Activity:
    try:
        activity: Activity = command()
    except service.Invalid as exc:
        db.session.rollback()
        invalid(exc.field, exc.message)
    db.session.commit()
    return activity


@blp.route("/activities")
class Activities(MethodView):
    @public
    @blp.arguments(ActivityCalendarArgs, location="query")
    @blp.response(200, OccurrenceSchema(many=True))
    def get(self, args: dict[str, Any]) -> Any:
        """The public calendar: every time an activity takes place from ``from`` (today) for
        ``days`` days, recurrences expanded, narrowed like the public page."""
        if args["neighbourhood_id"] and service.neighbourhood(args["neighbourhood_id"]) is None:
            invalid("neighbourhood_id", "no such neighbourhood")
        filters = service.Filters(
            neighbourhood_id=args["neighbourhood_id"],
            audience=args["audience"],
            weekday=args["weekday"],
            access=tuple(args["access"]),
        )
        start: date = args["start"] or today()
        return [
            occurrence_json(o) for o in service.listing(filters, start, args["days"]).occurrences
        ]

    @requires("activity.publish")
    @blp.arguments(ActivitySchema)
    @blp.response(201, ActivitySchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Put an activity on the calendar for an organisation you publish for."""
        details = _details(data)
        return activity_json(_saved(lambda: service.publish(details, current_user.id)))


@blp.route("/activities/managed")
class ManagedActivities(MethodView):
    @requires("activity.publish")
    @blp.response(200, ActivitySchema(many=True))
    def get(self) -> Any:
        """The activities of the organisations you publish for, as you entered them."""
        covered = policy.publishing_organisations(policy.viewer())
        return [activity_json(a, name) for a, name in service.activities_of(covered)]


@blp.route("/activities/<int:activity_id>")
class ActivityItem(MethodView):
    @public
    @blp.response(200, ActivitySchema)
    def get(self, activity_id: int) -> Any:
        """One activity as its organiser entered it, with its recurrence."""
        found = service.shown_activity(activity_id)
        if found is None:
            abort(404)
        return activity_json(*found)

    @requires("activity.publish")
    @blp.arguments(ActivitySchema)
    @blp.response(200, ActivitySchema)
    def put(self, data: dict[str, Any], activity_id: int) -> Any:
        """Change an activity of an organisation you publish for."""
        activity = policy.activity_or_404(activity_id)
        details = _details(data)
        return activity_json(_saved(lambda: service.change(activity, details)))

    @requires("activity.publish")
    @blp.response(204)
    def delete(self, activity_id: int) -> None:
        """Take an activity off the calendar."""
        service.remove(policy.activity_or_404(activity_id))
        db.session.commit()


class ActivityImportSchema(Schema):
    organisation_id = fields.Int(required=True, validate=validate.Range(1, service.MAX_ID))
    neighbourhood_id = fields.Int(
        load_default=None, allow_none=True, validate=validate.Range(1, service.MAX_ID)
    )
    audiences = fields.List(fields.Str(validate=validate.OneOf(_AUDIENCES)), load_default=list)
    calendar = fields.Str(
        required=True,
        validate=validate.Length(min=1, max=importing.MAX_BYTES),
        metadata={"description": "the content of an .ics file"},
    )


class ActivityImportedSchema(Schema):
    created = fields.Int()
    updated = fields.Int()
    removed = fields.Int()
    skipped = fields.Int()


class ActivityFeedSchema(Schema):
    id = fields.Int(dump_only=True)
    organisation_id = fields.Int(required=True, validate=validate.Range(1, service.MAX_ID))
    url = fields.Str(required=True, validate=validate.Length(min=1, max=1000))
    neighbourhood_id = fields.Int(
        load_default=None, allow_none=True, validate=validate.Range(1, service.MAX_ID)
    )
    audiences = fields.List(fields.Str(validate=validate.OneOf(_AUDIENCES)), load_default=list)
    last_read_at = fields.DateTime(dump_only=True, allow_none=True)
    last_count = fields.Int(dump_only=True, allow_none=True)
    last_error = fields.Str(dump_only=True, allow_none=True)


def _publishing_for(data: dict[str, Any]) -> None:
    if not policy.may_publish_for(data["organisation_id"]):
        invalid("organisation_id", "you do not publish for this organisation")
    hood = data["neighbourhood_id"]
    if hood is not None and service.neighbourhood(hood) is None:
        invalid("neighbourhood_id", "no such neighbourhood")


def _done(done: importing.Imported) -> dict[str, int]:
    return {
        "created": done.created,
        "updated": done.updated,
        "removed": done.removed,
        "skipped": done.skipped,
    }


@blp.route("/activities/import")
class ActivitiesImport(MethodView):
    @requires("activity.publish")
    @blp.arguments(ActivityImportSchema)
    @blp.response(200, ActivityImportedSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Read an iCal file once for an organisation: events matched on UID, recurrences and
        time zones kept; a file that is no calendar is 422 naming ``calendar``."""
        _publishing_for(data)
        try:
            cal = importing.parse(data["calendar"].encode())
        except importing.FeedError as exc:
            invalid("calendar", str(exc))
        done = importing.import_calendar(
            cal,
            data["organisation_id"],
            neighbourhood_id=data["neighbourhood_id"],
            audiences=tuple(data["audiences"]),
        )
        db.session.commit()
        return _done(done)


@blp.route("/activity-feeds")
class ActivityFeeds(MethodView):
    @requires("activity.publish")
    @blp.response(200, ActivityFeedSchema(many=True))
    def get(self) -> Any:
        """The iCal feeds of the organisations you publish for, with how the last reading went."""
        return importing.feeds_of(policy.publishing_organisations(policy.viewer()))

    @requires("activity.publish")
    @blp.arguments(ActivityFeedSchema)
    @blp.response(201, ActivityFeedSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Keep a feed to read every night, and read it now; ``last_error`` says why a reading
        failed (the feed is kept, to try again)."""
        _publishing_for(data)
        try:
            feed = importing.add_feed(
                data["organisation_id"],
                data["url"],
                data["neighbourhood_id"],
                tuple(data["audiences"]),
                current_user.id,
            )
        except importing.FeedError as exc:
            invalid("url", str(exc))
        importing.read_feed(feed)
        db.session.commit()
        return feed


@blp.route("/activity-feeds/<int:feed_id>")
class ActivityFeedItem(MethodView):
    @requires("activity.publish")
    @blp.response(204)
    def delete(self, feed_id: int) -> None:
        """Stop reading a feed; its activities leave the calendar."""
        db.session.delete(policy.feed_or_404(feed_id))
        db.session.commit()


@blp.route("/activity-feeds/<int:feed_id>/read")
class ActivityFeedRead(MethodView):
    @requires("activity.publish")
    @blp.response(200, ActivityFeedSchema)
    def post(self, feed_id: int) -> Any:
        """Read a feed now, as the nightly job does."""
        feed = policy.feed_or_404(feed_id)
        importing.read_feed(feed)
        db.session.commit()
        return feed
