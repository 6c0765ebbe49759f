"""The calendar's pages: the public calendar (no sign-in: a resident, a neighbour or a GP's
assistant looks something up), its large-print view for paper, its iCal feeds, and the
organisers' own pages to put activities on it. A suspended or pending tenant shows none of it:
the tenancy layer answers before any view runs."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from kring.access import policy
from kring.activities import export, importing, service
from kring.activities.forms import ActivityForm, ImportForm, parse_days
from kring.activities.models import Access, Activity, Audience
from kring.activities.words import ACCESS, AUDIENCES, REPEATS, WEEKDAYS, repeat_of, rrule_for
from kring.core.db import today, utcnow
from kring.extensions import db
from kring.http.access import public, requires

bp = Blueprint(
    "activities", __name__, url_prefix="/t/<tenant>/activities", template_folder="templates"
)


def read_filters(args: Any) -> tuple[service.Filters, date]:
    """The filters and first day a query string asks for. An unknown neighbourhood (another
    tenant's, or none) is 404; a value no filter offers is left out, as the form cannot send it."""
    hood = args.get("neighbourhood") or None
    neighbourhood_id = None
    if hood is not None:
        if not str(hood).isdigit() or service.neighbourhood(int(hood)) is None:
            abort(404)
        neighbourhood_id = int(hood)
    audience = args.get("audience")
    weekday = args.get("weekday", "")
    try:
        start = date.fromisoformat(args.get("from", ""))
    except ValueError:
        start = today()
    filters = service.Filters(
        neighbourhood_id=neighbourhood_id,
        audience=audience if audience in Audience.__members__ else None,
        weekday=int(weekday) if weekday.isdigit() and int(weekday) < 7 else None,
        access=tuple(a for a in args.getlist("access") if a in Access.__members__),
    )
    return filters, start


def _calendar_page(template: str) -> Any:
    filters, start = read_filters(request.args)
    found = service.listing(filters, start)
    hoods = service.neighbourhoods()
    return render_template(
        template,
        listing=found,
        neighbourhoods=hoods,
        chosen_hood=next((h for h in hoods if h.id == filters.neighbourhood_id), None),
        audiences=AUDIENCES,
        access_words=ACCESS,
        weekdays=WEEKDAYS,
        previous=(start - timedelta(days=found.days)).isoformat(),
        following=(start + timedelta(days=found.days)).isoformat(),
    )


@bp.get("/")
@public
def index() -> Any:
    return _calendar_page("activities/index.html")


@bp.get("/print")
@public
def print_view() -> Any:
    return _calendar_page("activities/print.html")


@bp.get("/calendar.ics")
@public
def feed() -> Any:
    """The tenant's calendar as iCal; ``?neighbourhood=`` and ``?audience=`` narrow it."""
    filters, _start = read_filters(request.args)
    labels = {a.value: str(w) for a, w in AUDIENCES.items()}
    body = export.calendar(
        service.matching(filters), g.tenant.name, f"{g.tenant.slug}.kring", utcnow(), labels
    )
    response = make_response(body)
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = 'inline; filename="activities.ics"'
    return response


# --- the organisers' pages ------------------------------------------------------------------


@bp.get("/manage")
@requires("activity.publish")
def manage() -> Any:
    covered = policy.publishing_organisations(policy.viewer())
    return render_template(
        "activities/manage.html",
        rows=service.activities_of(covered),
        organisations=policy.publishable_organisations(),
        repeats=REPEATS,
        repeat_of=repeat_of,
    )


def _choices(form: ActivityForm, activity: Activity | None = None) -> ActivityForm:
    form.organisation_id.choices = [
        SelectChoice(o.id, o.name) for o in policy.publishable_organisations()
    ]
    form.neighbourhood_id.choices = [SelectChoice("", _("The whole municipality"))] + [
        SelectChoice(h.id, h.name) for h in service.neighbourhoods()
    ]
    if activity is not None and repeat_of(activity.rrule)[0] == "custom":
        form.repeat.choices = [
            SelectChoice("custom", _("As imported: %(rule)s", rule=activity.rrule))
        ] + [SelectChoice(k, v) for k, v in REPEATS.items()]
    return form


def details_of(form: ActivityForm, activity: Activity | None) -> service.Details:
    """What the form says, as the service's ``Details``."""
    start = datetime.combine(form.starts_on.data, form.starts_time.data)  # type: ignore[arg-type]
    repeat = form.repeat.data or ""
    if repeat == "custom" and activity is not None:
        rule = activity.rrule
    else:
        rule = rrule_for(repeat, start.date(), form.until.data)
    return service.Details(
        organisation_id=form.organisation_id.data,  # type: ignore[arg-type]
        title=form.title.data or "",
        description=form.description.data or "",
        starts_local=start,
        minutes=form.minutes.data or 60,
        rrule=rule,
        exdates=tuple(parse_days(form.exdates.data)),
        neighbourhood_id=form.neighbourhood_id.data,
        address=form.address.data or "",
        audiences=tuple(form.audiences.data or ()),
        access=tuple(form.access.data or ()),
        cost=form.cost.data or "",
        contact=form.contact.data or "",
        timezone=activity.timezone if activity is not None else service.home_zone(),
    )


def _form_page(form: ActivityForm, activity: Activity | None, status: int = 200) -> Any:
    return render_template("activities/form.html", form=form, activity=activity), status


def _save(form: ActivityForm, activity: Activity | None) -> Any:
    if not form.validate_on_submit():
        return _form_page(form, activity, 422)
    if not policy.may_publish_for(form.organisation_id.data):  # type: ignore[arg-type]
        abort(404)
    try:
        details = details_of(form, activity)
        saved = (
            service.change(activity, details)
            if activity is not None
            else service.publish(details, current_user.id)
        )
    except service.Invalid as exc:
        db.session.rollback()
        target = getattr(form, exc.field, form.title)
        target.errors = [*target.errors, exc.message]
        return _form_page(form, activity, 422)
    db.session.commit()
    flash(_("%(title)s is on the calendar.", title=saved.title), "success")
    return redirect(url_for("activities.manage"))


@bp.route("/manage/new", methods=["GET", "POST"])
@requires("activity.publish")
def new() -> Any:
    form = _choices(ActivityForm())
    if request.method == "GET":
        form.audiences.data = [Audience.everyone.value]
        return _form_page(form, None)
    return _save(form, None)


@bp.route("/manage/<int:activity_id>", methods=["GET", "POST"])
@requires("activity.publish")
def edit(activity_id: int) -> Any:
    activity = policy.activity_or_404(activity_id)
    if request.method == "GET":
        form = _choices(ActivityForm(obj=activity), activity)
        repeat, until = repeat_of(activity.rrule)
        form.repeat.data, form.until.data = repeat, until
        form.starts_on.data = activity.starts_local.date()
        form.starts_time.data = activity.starts_local.time()
        form.exdates.data = "\n".join(
            f"{datetime.fromisoformat(x):%d-%m-%Y}" for x in activity.exdates
        )
        return _form_page(form, activity)
    return _save(_choices(ActivityForm(), activity), activity)


@bp.post("/manage/<int:activity_id>/delete")
@requires("activity.publish")
def delete(activity_id: int) -> Any:
    activity = policy.activity_or_404(activity_id)
    title = activity.title
    service.remove(activity)
    db.session.commit()
    flash(_("%(title)s is off the calendar.", title=title), "success")
    return redirect(url_for("activities.manage"))


# --- reading organisations' own calendars -----------------------------------------------------


def _import_form(form: ImportForm) -> ImportForm:
    form.organisation_id.choices = [
        SelectChoice(o.id, o.name) for o in policy.publishable_organisations()
    ]
    form.neighbourhood_id.choices = [SelectChoice("", _("The whole municipality"))] + [
        SelectChoice(h.id, h.name) for h in service.neighbourhoods()
    ]
    return form


def _import_page(form: ImportForm, status: int = 200) -> Any:
    covered = policy.publishing_organisations(policy.viewer())
    return render_template(
        "activities/import.html", form=form, feeds=importing.feeds_of(covered)
    ), status


def _read_words(done: importing.Imported) -> str:
    return _(
        "%(created)s new, %(updated)s changed, %(removed)s removed, %(skipped)s left out.",
        created=done.created,
        updated=done.updated,
        removed=done.removed,
        skipped=done.skipped,
    )


@bp.get("/manage/import")
@requires("activity.publish")
def import_page() -> Any:
    return _import_page(_import_form(ImportForm()))


@bp.post("/manage/import")
@requires("activity.publish")
def import_calendar() -> Any:
    form = _import_form(ImportForm())
    if not form.validate_on_submit():
        return _import_page(form, 422)
    organisation_id: int = form.organisation_id.data  # type: ignore[assignment]
    if not policy.may_publish_for(organisation_id):
        abort(404)
    audiences = tuple(form.audiences.data or ())
    try:
        if form.file.data:
            done = importing.import_calendar(
                importing.parse(form.file.data.read(importing.MAX_BYTES + 1)),
                organisation_id,
                neighbourhood_id=form.neighbourhood_id.data,
                audiences=audiences,
            )
        else:
            feed = importing.add_feed(
                organisation_id,
                form.url.data or "",
                form.neighbourhood_id.data,
                audiences,
                current_user.id,
            )
            found = importing.read_feed(feed)
            if found is None:
                db.session.commit()  # the feed is kept, with why it could not be read
                form.url.errors = [feed.last_error or ""]
                return _import_page(form, 422)
            done = found
    except importing.FeedError as exc:
        db.session.rollback()
        target = form.file if form.file.data else form.url
        target.errors = [str(exc)]
        return _import_page(form, 422)
    db.session.commit()
    flash(_("The calendar is read: %(what)s", what=_read_words(done)), "success")
    return redirect(url_for("activities.import_page"))


@bp.post("/manage/feeds/<int:feed_id>/read")
@requires("activity.publish")
def read_feed(feed_id: int) -> Any:
    feed = policy.feed_or_404(feed_id)
    done = importing.read_feed(feed)
    db.session.commit()
    if done is None:
        flash(feed.last_error or "", "error")
    else:
        flash(_("The calendar is read: %(what)s", what=_read_words(done)), "success")
    return redirect(url_for("activities.import_page"))


@bp.post("/manage/feeds/<int:feed_id>/delete")
@requires("activity.publish")
def delete_feed(feed_id: int) -> Any:
    feed = policy.feed_or_404(feed_id)
    db.session.delete(feed)
    db.session.commit()
    flash(_("Kring no longer reads this feed; its activities are off the calendar."), "success")
    return redirect(url_for("activities.import_page"))
