"""Meeting pages: a circle's meetings, planning and cancelling, the door list, a member's
history, and one's own calendar feed.

The door list is one plain form: a fieldset per person with three choices, saved with one
button, so it works without JavaScript; with it, each tap is saved at once through the API.
"""

from __future__ import annotations

from datetime import datetime
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
from flask_babel import ngettext
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from kring.access import log, policy
from kring.circles.models import Circle
from kring.core.access import Reach
from kring.core.db import utcnow
from kring.core.methodology import Methodology
from kring.extensions import db
from kring.http.access import public, requires
from kring.http.commands import perform
from kring.http.methodology import locale, methodologies
from kring.meetings import feeds
from kring.meetings import queries as meeting_queries
from kring.meetings import service as meetings
from kring.meetings.forms import CancelForm, GuestForm, PlanForm
from kring.meetings.lookup import (
    circle_to_plan,
    circle_to_read,
    local,
    local_zone,
    meeting_to_attend,
    meeting_to_plan,
    methodology_of,
    own_person,
)
from kring.meetings.models import AttendanceStatus, Meeting
from kring.people.models import Person

bp = Blueprint("meetings", __name__, url_prefix="/t/<tenant>", template_folder="templates")

COMING = 12
"""How many coming meetings a member's page lists."""
STATUSES = (
    AttendanceStatus.present,
    AttendanceStatus.absent_with_notice,
    AttendanceStatus.absent,
)


def words(m: Methodology | None) -> Any:
    """A function for templates: a term key in the methodology's words."""
    return lambda key: m.terms.term(key, locale()) if m is not None else key


def _plan_form(m: Methodology) -> PlanForm:
    form = PlanForm(prefix="plan")
    pattern = m.meetings
    form.kind.choices = [SelectChoice(k, words(m)(k)) for k in (pattern.kinds if pattern else ())]
    if pattern is not None and request.method == "GET":
        form.minutes.data = pattern.min_minutes
    return form


def _circle_page(
    circle: Circle, status: int = 200, refusals: list[str] | None = None, **forms: Any
) -> Any:
    m = methodology_of(circle)
    who = policy.viewer()
    return render_template(
        "meetings/index.html",
        circle=circle,
        m=m,
        term=words(m),
        local=local,
        found=meeting_queries.of_circle(circle, utcnow()),
        may_plan=policy.may_plan_meetings(who, circle),
        may_attend=policy.may_take_attendance(who, circle),
        plan_form=forms.get("plan_form") or _plan_form(m),
        cancel_form=CancelForm(prefix="cancel"),
        refusals=refusals or [],
    ), status


@bp.get("/circles/<int:circle_id>/meetings")
@requires("meeting.view")
def index(circle_id: int) -> Any:
    return _circle_page(circle_to_read(circle_id))


@bp.post("/circles/<int:circle_id>/meetings")
@requires("meeting.plan")
def plan(circle_id: int) -> Any:
    circle = circle_to_plan(circle_id)
    m = methodology_of(circle)
    form = _plan_form(m)
    if not form.validate_on_submit():
        return _circle_page(circle, 422, plan_form=form)
    assert form.day.data is not None and form.time.data is not None
    first = datetime.combine(form.day.data, form.time.data, local_zone())
    planned = perform(
        lambda: meetings.plan(
            circle,
            m,
            first,
            form.kind.data or "",
            form.minutes.data or 0,
            form.place.data,
            current_user.id,
            form.count.data or 1,
        ),
        m,
        lambda refusals, status: _circle_page(circle, status, refusals, plan_form=form),
    )
    flash(ngettext("One meeting planned.", "%(num)d meetings planned.", len(planned)), "success")
    return redirect(url_for("meetings.index", circle_id=circle.id))


@bp.post("/meetings/<int:meeting_id>/cancel")
@requires("meeting.plan")
def cancel(meeting_id: int) -> Any:
    meeting, circle = meeting_to_plan(meeting_id)
    form = CancelForm(prefix="cancel")
    if not form.validate_on_submit():
        return _circle_page(circle, 422, refusals=[_("Give the reason in at most 500 characters.")])
    perform(
        lambda: meetings.cancel(meeting, form.reason.data, current_user.id),
        methodology_of(circle),
        lambda refusals, status: _circle_page(circle, status, refusals),
    )
    flash(_("The meeting is cancelled."), "success")
    return redirect(url_for("meetings.index", circle_id=circle.id))


# --- the door list -------------------------------------------------------------------------


def _door_page(
    meeting: Meeting,
    circle: Circle,
    status: int = 200,
    refusals: list[str] | None = None,
    guest_form: GuestForm | None = None,
) -> Any:
    m = methodology_of(circle)
    rows = meeting_queries.door_list(meeting, circle)
    log.shown(policy.viewer(), [r.person_id for r in rows])
    pattern = m.meetings
    return render_template(
        "meetings/door.html",
        meeting=meeting,
        circle=circle,
        m=m,
        term=words(m),
        local=local,
        rows=rows,
        statuses=STATUSES,
        guests=meetings.guests(meeting),
        welcomes_guests=pattern is not None and pattern.welcomes_guests(meeting.kind),
        is_open=meeting.starts_at - utcnow() <= meetings.DOOR_OPENS,
        guest_form=guest_form or GuestForm(prefix="guest"),
        refusals=refusals or [],
    ), status


@bp.get("/meetings/<int:meeting_id>")
@requires("meeting.attend")
def door(meeting_id: int) -> Any:
    meeting, circle = meeting_to_attend(meeting_id)
    return _door_page(meeting, circle)


@bp.post("/meetings/<int:meeting_id>/attendance")
@requires("meeting.attend")
def record(meeting_id: int) -> Any:
    meeting, circle = meeting_to_attend(meeting_id)
    marks: dict[int, AttendanceStatus] = {}
    for name, value in request.form.items():
        if not name.startswith("person-"):
            continue
        try:
            marks[int(name.removeprefix("person-"))] = AttendanceStatus(value)
        except ValueError:
            return _door_page(
                meeting, circle, 422, [_("Choose present, away with notice or away.")]
            )
    if not marks:
        return _door_page(meeting, circle, 422, [_("Mark at least one person.")])
    perform(
        lambda: meetings.record_attendance(
            meeting, circle, methodology_of(circle), marks, current_user.id, utcnow()
        ),
        methodology_of(circle),
        lambda refusals, status: _door_page(meeting, circle, status, refusals),
    )
    flash(_("Attendance saved."), "success")
    return redirect(url_for("meetings.door", meeting_id=meeting.id))


@bp.post("/meetings/<int:meeting_id>/guests")
@requires("meeting.attend")
def add_guest(meeting_id: int) -> Any:
    meeting, circle = meeting_to_attend(meeting_id)
    form = GuestForm(prefix="guest")
    if not form.validate_on_submit():
        return _door_page(meeting, circle, 422, guest_form=form)
    m = methodology_of(circle)
    guest = perform(
        lambda: meetings.add_guest(meeting, m, form.first_name.data or "", utcnow()),
        m,
        lambda refusals, status: _door_page(meeting, circle, status, refusals, form),
    )
    flash(_("Welcome, %(name)s.", name=guest.first_name), "success")
    return redirect(url_for("meetings.door", meeting_id=meeting.id))


# --- a member's history and one's own feed -------------------------------------------------


def _history_page(person: Person, template: str, **context: Any) -> Any:
    rows = meeting_queries.history_of(person.id)
    found = methodologies()
    now = utcnow()
    coming = [(m, c) for m, c in feeds.meetings_of(person.id, now) if m.starts_at >= now]
    return render_template(
        template,
        person=person,
        rows=rows,
        coming=coming[:COMING],
        local=local,
        kind=lambda row: meeting_queries.kind_words(
            found.get(row.methodology_key), row.meeting.kind, locale()
        ),
        kind_of=lambda meeting, circle: meeting_queries.kind_words(
            found.get(circle.methodology_key), meeting.kind, locale()
        ),
        **context,
    )


@bp.get("/meetings/people/<int:person_id>")
@requires("meeting.view")
def person_history(person_id: int) -> Any:
    person, _reach = policy.person_or_404(person_id, Reach.contact)
    return _history_page(person, "meetings/person.html")


@bp.get("/meetings/mine")
@requires("meeting.feed")
def mine() -> Any:
    who = policy.viewer()
    if not who.person_ids:
        return render_template("meetings/mine.html", person=None), 200
    person = own_person()
    return _history_page(
        person, "meetings/mine.html", has_feed=feeds.has_feed(person.id), feed_url=None
    )


@bp.post("/meetings/mine/feed")
@requires("meeting.feed")
def feed_open() -> Any:
    person = own_person()
    token = feeds.open_feed(person, current_user.id)
    db.session.commit()
    url = url_for("meetings.feed", token=token, _external=True)
    # Shown once, on this answer only: the token is kept as a hash.
    return _history_page(person, "meetings/mine.html", has_feed=True, feed_url=url)


@bp.post("/meetings/mine/feed/revoke")
@requires("meeting.feed")
def feed_revoke() -> Any:
    person = own_person()
    feeds.revoke(person, current_user.id)
    db.session.commit()
    flash(_("Your calendar address no longer works."), "success")
    return redirect(url_for("meetings.mine"))


@bp.get("/meetings/feed/<token>.ics")
@public
def feed(token: str) -> Any:
    person = feeds.person_for(token)
    if person is None:
        abort(404)
    now = utcnow()
    lang = g.tenant.locale
    found = methodologies()

    def summary(meeting: Meeting, circle: Circle) -> str:
        kind = meeting_queries.kind_words(found.get(circle.methodology_key), meeting.kind, lang)
        return f"{circle.name}: {kind}"

    body = feeds.calendar(
        feeds.meetings_of(person.id, now),
        g.tenant.name,
        f"{g.tenant.slug}.kring",
        summary,
        now,
    )
    response = make_response(body)
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = 'inline; filename="meetings.ics"'
    return response
