"""Neighbourhoods and people: the places circles live in, who takes part, and a person's page
with their circles, trainings and measurements."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from kring.access import log, policy
from kring.core.access import Reach
from kring.core.db import today
from kring.core.rules import Refused, refusal
from kring.extensions import db
from kring.http.access import requires
from kring.http.commands import perform
from kring.http.methodology import (
    enabled_methodologies,
    hooks_for,
    locale,
    methodologies,
    plugin_host,
)
from kring.http.paging import page_number
from kring.people import profile, service
from kring.people.forms import NeighbourhoodForm, PersonForm, TrainingForm
from kring.people.models import Person
from kring.surveys import service as surveys
from kring.surveys.models import AnsweredWith
from kring.trainings import service as trainings

bp = Blueprint("people", __name__, url_prefix="/t/<tenant>", template_folder="templates")


def _neighbourhoods_page(form: NeighbourhoodForm, status: int = 200) -> Any:
    return render_template(
        "people/neighbourhoods.html", neighbourhoods=service.neighbourhoods(), form=form
    ), status


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
        service.create_neighbourhood(
            form.name.data or "", form.postcode_list(), form.cbs_code.data, current_user.id
        )
    except service.DuplicateName:
        db.session.rollback()
        form.name.errors = [_("A neighbourhood with this name already exists.")]
        return _neighbourhoods_page(form, 422)
    db.session.commit()
    flash(_("Neighbourhood added."), "success")
    return redirect(url_for("people.neighbourhoods"))


def _people_page(form: PersonForm, status: int = 200) -> Any:
    query = request.args.get("q", "").strip()[:200]
    who = policy.viewer()
    found = service.page(page_number(), query, visible=policy.visible_people(who, Reach.contact))
    log.shown(who, [p.id for p in found.items])
    return render_template("people/people.html", page=found, query=query, form=form), status


@bp.get("/people")
@requires("person.view")
def index() -> Any:
    return _people_page(PersonForm())


@bp.post("/people")
@requires("person.create")
def create() -> Any:
    form = PersonForm()
    if not form.validate_on_submit():
        return _people_page(form, 422)
    try:
        person = service.create_person(
            current_user.id,
            name=form.name.data or "",
            postcode=form.postcode.data or None,
            email=form.email.data or None,
            phone=form.phone.data or None,
            birth_date=form.birth_date.data,
        )
    except service.DuplicatePerson as duplicate:
        db.session.rollback()
        form.name.errors = [duplicate_message(duplicate)]
        return _people_page(form, 422)
    db.session.commit()
    flash(_("%(name)s added.", name=person.name), "success")
    return redirect(url_for("people.show", person_id=person.id))


def duplicate_message(duplicate: service.DuplicatePerson) -> str:
    """Why a person was not added twice, in the reader's language."""
    if duplicate.field == "birth_date":
        return _("Someone with this name and date of birth is already here. Search for them first.")
    return _("Someone with this name and postcode is already here. Search for them first.")


def _training_form() -> TrainingForm:
    """The trainings of the methodologies this tenant has enabled, not of every plugin installed."""
    form = TrainingForm()
    form.training.choices = [
        SelectChoice(key, title)
        for key, title in profile.training_titles(enabled_methodologies(), locale()).items()
    ]
    return form


def _word(methodology_key: str, key: str) -> str:
    """A methodology's word for a key its plugin hands the page (a score, a level)."""
    m = methodologies().get(methodology_key)
    return m.terms.term(key, locale()) if m else key


def _person_page(
    person: Person, reach: Reach, form: TrainingForm, status: int = 200, **extra: Any
) -> Any:
    return render_template(
        "people/person.html",
        profile=profile.of(person, plugin_host(), locale(), reach),
        person=person,
        is_self=person.id in policy.viewer().person_ids,
        word=_word,
        form=form,
        today=today(),
        answered_default=surveys.answered_with_default(policy.viewer()).value,
        **extra,
    ), status


@bp.get("/people/<int:person_id>")
@requires("person.view")
def show(person_id: int) -> Any:
    person, reach = policy.person_or_404(person_id)
    return _person_page(person, reach, _training_form())


def _taken_on() -> date:
    try:
        return date.fromisoformat(request.form.get("taken_on", ""))
    except ValueError:
        raise Refused(
            [
                refusal(
                    "survey.date",
                    "Enter the date of the measurement",
                    "Vul de datum van de meting in",
                    is_input=True,
                )
            ]
        ) from None


def _answered_with() -> AnsweredWith:
    try:
        return AnsweredWith(request.form.get("answered_with", "self"))
    except ValueError:
        raise Refused(
            [
                refusal(
                    "survey.answered_with",
                    "Say whom the measurement was answered with",
                    "Zeg met wie de vragenlijst is ingevuld",
                    is_input=True,
                )
            ]
        ) from None


@bp.post("/people/<int:person_id>/surveys")
@requires("person.edit")
def record_survey(person_id: int) -> Any:
    person, reach = policy.person_or_404(person_id, need=Reach.full)
    key = request.form.get("methodology", "")
    if key not in methodologies():
        abort(422)
    hooks = hooks_for(key)
    answers = {
        name.removeprefix("answer-"): value
        for name, value in request.form.items()
        if name.startswith("answer-")
    }
    perform(
        lambda: surveys.record(
            person,
            hooks,
            request.form.get("survey", ""),
            answers,
            _taken_on(),
            current_user.id,
            today(),
            answered_with=_answered_with(),
        ),
        hooks.methodology,
        lambda refusals, status: _person_page(
            person, reach, _training_form(), status, survey_refusals=refusals
        ),
    )
    flash(_("The measurement is recorded."), "success")
    return redirect(url_for("people.show", person_id=person.id))


@bp.post("/people/<int:person_id>/trainings")
@requires("person.edit")
def record_training(person_id: int) -> Any:
    person, reach = policy.person_or_404(person_id, need=Reach.full)
    form = _training_form()
    if not form.validate_on_submit():
        return _person_page(person, reach, form, 422)
    course = trainings.offered(enabled_methodologies())[form.training.data or ""]
    perform(
        lambda: trainings.record_training(
            person, course, form.completed_on.data, current_user.id, today()
        ),
        None,
        lambda refusals, status: _person_page(
            person, reach, form, status, training_refusals=refusals
        ),
    )
    flash(_("Training recorded."), "success")
    return redirect(url_for("people.show", person_id=person.id))
