"""The team's calendar pages: a circle's volunteers and coaches suggest an activity to a member
and record that they went (``policy.suggesting_circle_or_404``: only in a circle they take part
in), and the gap view for project leaders, coaches and the tenant admin."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from kring import charts
from kring.access import log, policy
from kring.activities import gaps, service, suggestions
from kring.activities.forms import SuggestForm, WentForm
from kring.activities.models import Audience
from kring.activities.words import AUDIENCES, WEEKDAYS
from kring.circles.models import Circle
from kring.core.db import today
from kring.extensions import db
from kring.http.access import requires

bp = Blueprint("activity_team", __name__, url_prefix="/t/<tenant>", template_folder="templates")


def _suggest_form(circle: Circle) -> tuple[SuggestForm, list[Any]]:
    members = suggestions.members_of(circle)
    form = SuggestForm()
    form.person_id.choices = [SelectChoice(p.id, p.name) for p in members]
    coming = service.listing(service.Filters(neighbourhood_id=circle.neighbourhood_id), today())
    seen: dict[int, str] = {}
    for o in coming.occurrences:
        seen.setdefault(o.activity.id, f"{o.activity.title} — {o.starts:%d-%m} {o.starts:%H:%M}")
    form.activity_id.choices = [SelectChoice(i, words) for i, words in seen.items()]
    return form, members


def _circle_page(circle: Circle, form: SuggestForm, members: list[Any], status: int = 200) -> Any:
    rows = suggestions.of_circle(circle)
    log.shown(policy.viewer(), {p.id for p in members} | {r.person.id for r in rows})
    return render_template(
        "activities/circle.html",
        circle=circle,
        form=form,
        rows=rows,
        went_form=WentForm(formdata=None, went_on=today()),
    ), status


@bp.get("/circles/<int:circle_id>/activities")
@requires("activity.suggest")
def circle_activities(circle_id: int) -> Any:
    """The circle's suggestions and the form to make one."""
    circle = policy.suggesting_circle_or_404(circle_id)
    form, members = _suggest_form(circle)
    return _circle_page(circle, form, members)


@bp.post("/circles/<int:circle_id>/activities")
@requires("activity.suggest")
def suggest(circle_id: int) -> Any:
    """Suggest an activity to a member of the circle."""
    circle = policy.suggesting_circle_or_404(circle_id)
    form, members = _suggest_form(circle)
    if not form.validate_on_submit():
        return _circle_page(circle, form, members, 422)
    try:
        suggestions.suggest(
            circle,
            form.person_id.data,
            form.activity_id.data,
            current_user.id,
            today(),  # type: ignore[arg-type]
        )
    except suggestions.Refused as exc:
        db.session.rollback()
        form.person_id.errors = [exc.message]
        return _circle_page(circle, form, members, 422)
    db.session.commit()
    flash(_("The suggestion is noted. Ask later whether they went."), "success")
    return redirect(url_for("activity_team.circle_activities", circle_id=circle.id))


@bp.post("/activities/suggestions/<int:suggestion_id>/went")
@requires("activity.suggest")
def went(suggestion_id: int) -> Any:
    """Record that the member went."""
    suggestion = policy.suggestion_or_404(suggestion_id)
    form = WentForm()
    back = url_for("activity_team.circle_activities", circle_id=suggestion.circle_id)
    if not form.validate_on_submit() or form.went_on.data is None:
        flash(_("Enter the day they went."), "error")
        return redirect(back)
    try:
        suggestions.record_went(suggestion, form.went_on.data, today())
    except suggestions.Refused:
        db.session.rollback()
        flash(_("Enter a day between the suggestion and today."), "error")
        return redirect(back)
    db.session.commit()
    flash(_("Noted: they went. It counts in the network picture."), "success")
    return redirect(back)


def audience_labels() -> dict[str, str]:
    """The audiences in the reader's language."""
    return {a.value: str(words) for a, words in AUDIENCES.items()}


def read_gaps(audience: str | None, start: date | None) -> gaps.Gaps:
    """The gap view's read model for the page and the API."""
    return gaps.gaps(start or today(), audience, audience_labels())


@bp.get("/activities/gaps")
@requires("activity.gaps")
def gap_view() -> Any:
    """Neighbourhoods, days and audiences without an activity, as tables and a chart."""
    audience = request.args.get("audience")
    found = read_gaps(audience if audience in Audience.__members__ else None, None)
    top = max([row.total for row in found.neighbourhoods] + [1])
    chart = charts.bars([(row.label, row.total) for row in found.neighbourhoods], top=top)
    return render_template(
        "activities/gaps.html",
        gaps=found,
        chart=chart,
        weekdays=WEEKDAYS,
        audiences=AUDIENCES,
    )
