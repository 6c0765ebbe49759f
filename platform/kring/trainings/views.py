"""The trainings pages: the project leader's overview of their circles' teams, recording a
background check (VOG, DBS) and recording an exception to a course, each for a person the
reader reaches fully. Completed courses are recorded on the person's page (``people``)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from kring.access import log, policy
from kring.core.access import Reach
from kring.core.db import today
from kring.http.access import requires
from kring.http.commands import perform
from kring.http.methodology import enabled_methodologies, locale
from kring.people.models import Person
from kring.trainings import overview, service
from kring.trainings.forms import ExceptionForm, ScreeningForm
from kring.trainings.picture import bar

bp = Blueprint("trainings", __name__, url_prefix="/t/<tenant>", template_folder="templates")


@bp.get("/trainings")
@requires("training.overview")
def index() -> Any:
    """Every coach, volunteer and project leader of the circles the reader leads, with each
    course and check their role asks."""
    who = policy.viewer()
    found = overview.teams(policy.led_circles(who), enabled_methodologies(), today())
    log.shown(who, found.people_ids)
    return render_template(
        "trainings/overview.html",
        overview=found,
        picture=bar(found.counts),
        methodologies=enabled_methodologies(),
    )


def _screening_form() -> ScreeningForm:
    form = ScreeningForm()
    form.screening.choices = [
        SelectChoice(s.key, s.title.render(locale()))
        for s in service.offered_screenings(enabled_methodologies()).values()
    ]
    return form


def _exception_form() -> ExceptionForm:
    form = ExceptionForm()
    form.training.choices = [
        SelectChoice(t.key, t.title.render(locale()))
        for t in service.offered(enabled_methodologies()).values()
    ]
    return form


def _page(template: str, person: Person, form: Any, status: int = 200, **extra: Any) -> Any:
    return render_template(template, person=person, form=form, **extra), status


@bp.route("/people/<int:person_id>/screenings/new", methods=["GET", "POST"])
@requires("training.record")
def record_screening(person_id: int) -> Any:
    """Record a VOG or DBS check a person was issued; it is valid for the tenant's period."""
    person, _reach = policy.person_or_404(person_id, need=Reach.full)
    form = _screening_form()
    template = "trainings/screening.html"
    if not form.validate_on_submit():
        return _page(template, person, form, 422 if form.is_submitted() else 200)
    check = service.offered_screenings(enabled_methodologies())[form.screening.data or ""]
    perform(
        lambda: service.record_screening(
            person, check, form.issued_on.data, current_user.id, today()
        ),
        None,
        lambda refusals, status: _page(template, person, form, status, refusals=refusals),
    )
    flash(_("The check is recorded."), "success")
    return redirect(url_for("people.show", person_id=person.id), 303)


@bp.route("/people/<int:person_id>/training-exceptions/new", methods=["GET", "POST"])
@requires("training.except")
def record_exception(person_id: int) -> Any:
    """Let a person hold a role without one of its courses, for a reason, recorded by a
    project leader."""
    person, _reach = policy.person_or_404(person_id, need=Reach.full)
    form = _exception_form()
    template = "trainings/exception.html"
    if not form.validate_on_submit():
        return _page(template, person, form, 422 if form.is_submitted() else 200)
    course = service.offered(enabled_methodologies())[form.training.data or ""]
    perform(
        lambda: service.grant_exception(
            person, course, form.reason.data or "", current_user.id, today(), form.until.data
        ),
        None,
        lambda refusals, status: _page(template, person, form, status, refusals=refusals),
    )
    flash(_("The exception is recorded."), "success")
    return redirect(url_for("people.show", person_id=person.id), 303)
