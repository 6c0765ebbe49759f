"""The questionnaire pages: a participant's own ("My questionnaires", phone first, one short
form at a time), answered alone or with the volunteer or coach who acts on their behalf; and
the tenant's outcomes for project leaders. The circle's outcomes are a panel of its page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from kring.access import policy
from kring.circles.models import Circle
from kring.core.access import acting_for
from kring.core.db import today
from kring.extensions import db
from kring.http.access import requires
from kring.http.commands import perform
from kring.http.methodology import hooks_for, locale, methodologies, plugin_host
from kring.people.models import Person
from kring.surveys import outcomes, service

bp = Blueprint("surveys", __name__, url_prefix="/t/<tenant>", template_folder="templates")


@bp.app_template_filter("decimal")
def decimal(value: float) -> str:
    """An average as the reader's language writes it (8,7 in Dutch)."""
    return format_decimal(value, format="#,##0.0")


def _due_of(person: Person, methodology_key: str, survey_key: str) -> service.Due:
    found = next(
        (
            d
            for d in service.surveys_for(person, plugin_host())
            if d.methodology_key == methodology_key and d.survey.key == survey_key
        ),
        None,
    )
    if found is None:
        abort(404)
    return found


@bp.get("/my-questionnaires")
@requires("survey.answer")
def mine() -> Any:
    """The questionnaires the participant (or the one acted for) may fill in now, and when
    the others come round; their own latest result of each, in words."""
    person = policy.questionnaire_person_or_404()
    latest = {(r.methodology_key, r.survey_key): r for r in service.responses_of(person)}
    return render_template(
        "surveys/mine.html",
        person=person,
        due=service.surveys_for(person, plugin_host()),
        latest=latest,
        is_helping=acting_for() is not None,
    )


@bp.route("/my-questionnaires/answer", methods=["GET", "POST"])
@requires("survey.answer")
def answer() -> Any:
    """One questionnaire as a short form: its introduction, one question per block, answers
    as large targets; recorded for today. Named by methodology and survey key (not records),
    in the query or the form."""
    person = policy.questionnaire_person_or_404()
    methodology = request.values.get("methodology", "")
    survey = request.values.get("survey", "")
    if methodology not in methodologies():
        abort(404)
    due = _due_of(person, methodology, survey)
    if request.method == "GET":
        return _answer_page(person, due)
    answers = {
        name.removeprefix("answer-"): value
        for name, value in request.form.items()
        if name.startswith("answer-")
    }
    hooks = hooks_for(methodology)
    response = perform(
        lambda: service.record(
            person,
            hooks,
            due.survey.key,
            answers,
            today(),
            current_user.id,
            today(),
            answered_with=service.answering_with(policy.viewer()),
        ),
        hooks.methodology,
        lambda refusals, status: _answer_page(person, due, status, refusals, answers),
    )
    words = service.result_words(due.survey, response.total, locale())
    if words:
        flash(
            _("Thank you. Your answers are saved. The result: %(words)s.", words=words), "success"
        )
    else:
        flash(_("Thank you. Your answers are saved."), "success")
    return redirect(url_for("surveys.mine"))


def _answer_page(
    person: Person,
    due: service.Due,
    status: int = 200,
    refusals: list[str] | None = None,
    answers: dict[str, str] | None = None,
) -> Any:
    return render_template(
        "surveys/answer.html",
        person=person,
        due=due,
        refusals=refusals or [],
        answers=answers or {},
        is_helping=acting_for() is not None,
    ), status


@bp.get("/outcomes")
@requires("outcomes.view")
def tenant_outcomes() -> Any:
    """Every circle the reader reports on, each survey's average against its benchmark;
    figures on fewer than five answers are left out, and no name is shown."""
    circles = list(
        db.session.execute(
            select(Circle)
            .where(policy.outcome_circles(policy.viewer()))
            .order_by(Circle.name, Circle.id)
        ).scalars()
    )
    measures = outcomes.tenant_measures(circles, methodologies(), today())
    return render_template(
        "surveys/outcomes.html",
        rows=[(c, m) for c in circles for m in measures[c.id]],
        min_shown=outcomes.MIN_SHOWN,
    )
