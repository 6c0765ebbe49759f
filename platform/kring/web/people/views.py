"""Neighbourhoods and people: the places circles live in and who takes part."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from kring.core import people, surveys
from kring.core.circles import Refused, memberships_of_person
from kring.core.db import today
from kring.core.people import Neighbourhood, Person, TrainingRecord
from kring.core.rules import refusal
from kring.extensions import db
from kring.web.access import requires
from kring.web.methodologies import explain_here, hooks_for
from kring.web.people.forms import NeighbourhoodForm, PersonForm, TrainingForm
from kring.web.tenancy import get_or_404

bp = Blueprint("people", __name__, url_prefix="/t/<tenant>", template_folder="templates")


def _neighbourhoods_page(form: NeighbourhoodForm, status: int = 200) -> Any:
    rows = db.session.execute(select(Neighbourhood).order_by(Neighbourhood.name)).scalars().all()
    return render_template("people/neighbourhoods.html", neighbourhoods=rows, form=form), status


@bp.get("/neighbourhoods")
@requires("circle.view")
def neighbourhoods() -> Any:
    return _neighbourhoods_page(NeighbourhoodForm())


@bp.post("/neighbourhoods")
@requires("circle.edit")
def create_neighbourhood() -> Any:
    form = NeighbourhoodForm()
    if not form.validate_on_submit():
        return _neighbourhoods_page(form, 422)
    try:
        people.create_neighbourhood(
            form.name.data or "", form.postcode_list(), form.cbs_code.data, current_user.id
        )
    except people.DuplicateName:
        db.session.rollback()
        form.name.errors = [_("A neighbourhood with this name already exists.")]
        return _neighbourhoods_page(form, 422)
    db.session.commit()
    flash(_("Neighbourhood added."), "success")
    return redirect(url_for("people.neighbourhoods"))


def _people_page(form: PersonForm, status: int = 200) -> Any:
    rows = db.session.execute(select(Person).order_by(Person.name)).scalars().all()
    return render_template("people/people.html", people=rows, form=form), status


@bp.get("/people")
@requires("person.view")
def index() -> Any:
    return _people_page(PersonForm())


@bp.post("/people")
@requires("person.edit")
def create() -> Any:
    form = PersonForm()
    if not form.validate_on_submit():
        return _people_page(form, 422)
    person = people.create_person(
        current_user.id,
        name=" ".join((form.name.data or "").split()),
        postcode=form.postcode.data or None,
        email=form.email.data or None,
        phone=form.phone.data or None,
        birth_date=form.birth_date.data,
    )
    db.session.commit()
    flash(_("%(name)s added.", name=person.name), "success")
    return redirect(url_for("people.show", person_id=person.id))


def _training_choices() -> list[SelectChoice]:
    locale = str(get_locale())
    return [
        SelectChoice(t.key, f"{t.title.render(locale)} ({m.name(locale)})")
        for m in current_app.extensions["kring.plugins"].methodologies().values()
        for t in m.trainings
    ]


def _surveys(person: Person) -> list[dict[str, Any]]:
    """Each survey this person may be given, with their past responses (oldest first)."""
    host = current_app.extensions["kring.plugins"]
    responses = surveys.responses_of(person)
    shown = []
    for due in surveys.surveys_for(person, host):
        past = [
            r
            for r in responses
            if r.survey_key == due.survey.key and r.methodology_key == due.methodology_key
        ]
        shown.append({"due": due, "responses": past, "chart": _chart(past)})
    return shown


def _chart(responses: list[surveys.SurveyResponse]) -> list[dict[str, Any]]:
    """Bars of the total score per measurement, for a picture of how someone is doing."""
    totals = [(r.taken_on, r.scores.get("total")) for r in responses]
    points = [(day, value) for day, value in totals if isinstance(value, int)]
    highest = max((value for _, value in points), default=0) or 1
    return [
        {"day": day, "value": value, "height": round(100 * value / highest)}
        for day, value in points
    ]


def _person_page(person: Person, form: TrainingForm, status: int = 200, **extra: Any) -> Any:
    trainings = db.session.execute(
        select(TrainingRecord)
        .where(TrainingRecord.person_id == person.id)
        .order_by(TrainingRecord.completed_on)
    ).scalars()
    titles = {c.value: c.label for c in _training_choices()}
    return render_template(
        "people/person.html",
        person=person,
        memberships=memberships_of_person(person),
        trainings=[(titles.get(t.training_key, t.training_key), t) for t in trainings],
        form=form,
        surveys=_surveys(person),
        today=today(),
        **extra,
    ), status


@bp.get("/people/<int:person_id>")
@requires("person.view")
def show(person_id: int) -> Any:
    form = TrainingForm()
    form.training.choices = _training_choices()
    return _person_page(get_or_404(Person, person_id), form)


@bp.post("/people/<int:person_id>/surveys")
@requires("person.edit")
def record_survey(person_id: int) -> Any:
    person = get_or_404(Person, person_id)
    form = TrainingForm()
    form.training.choices = _training_choices()
    key = request.form.get("methodology", "")
    if key not in current_app.extensions["kring.plugins"].methodologies():
        abort(422)
    hooks = hooks_for(key)
    try:
        taken_on = date.fromisoformat(request.form.get("taken_on", ""))
    except ValueError:
        taken_on = None
    answers = {
        name.removeprefix("answer-"): value
        for name, value in request.form.items()
        if name.startswith("answer-")
    }
    try:
        if taken_on is None:
            raise Refused(
                [
                    refusal(
                        "survey.date",
                        "Enter the date of the measurement",
                        "Vul de datum van de meting in",
                    )
                ]
            )
        surveys.record(
            person,
            hooks,
            request.form.get("survey", ""),
            answers,
            taken_on,
            current_user.id,
            today(),
        )
    except Refused as refused:
        db.session.rollback()
        texts = [explain_here(u, hooks.methodology) for u in refused.unmet]
        return _person_page(person, form, 409, survey_refusals=texts)
    db.session.commit()
    flash(_("The measurement is recorded."), "success")
    return redirect(url_for("people.show", person_id=person.id))


@bp.post("/people/<int:person_id>/trainings")
@requires("person.edit")
def record_training(person_id: int) -> Any:
    person = get_or_404(Person, person_id)
    form = TrainingForm()
    form.training.choices = _training_choices()
    if not form.validate_on_submit():
        return _person_page(person, form, 422)
    people.record_training(person, form.training.data or "", form.completed_on.data)
    db.session.commit()
    flash(_("Training recorded."), "success")
    return redirect(url_for("people.show", person_id=person.id))
