"""The plan pages: the participant's own plan at ``/my-plan``, and a person's plan for the
coach, volunteer or project leader who reaches it. Phone first, plain words, big buttons."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from kring.access import policy
from kring.core.access import acting_for
from kring.core.db import today
from kring.core.methodology import DEFAULT_WORDS, Methodology
from kring.http.access import requires
from kring.http.commands import perform
from kring.http.methodology import locale, methodologies, sensitive_role_words
from kring.plans import service as plans
from kring.plans.forms import (
    CommentForm,
    GoalForm,
    GoalStatusForm,
    NoteForm,
    ReviewForm,
    StepDoneForm,
    StepForm,
)
from kring.plans.models import Domain, GoalStatus, NoteKind
from kring.plans.words import DOMAIN_ICONS, DOMAIN_LABELS, STATUS_LABELS, describe

bp = Blueprint("plans", __name__, url_prefix="/t/<tenant>", template_folder="templates")


def methodology_of(access: policy.PlanAccess) -> Methodology | None:
    """The methodology of the person's circle, whose words the plan speaks."""
    key = plans.methodology_key_of(access.person)
    return methodologies().get(key) if key else None


def plan_word(m: Methodology | None) -> str:
    """The methodology's word for the plan ("persoonlijk ontwikkelplan"), or the core's."""
    if m is not None:
        return m.terms.term("plan", locale())
    return DEFAULT_WORDS["plan"].render(locale())


def _refusals_methodology(m: Methodology | None) -> Methodology:
    return m or next(iter(methodologies().values()))


def _supporter_choices(person: Any, m: Methodology | None) -> list[SelectChoice]:
    found = [SelectChoice("", _("Nobody yet"))]
    for s in plans.supporters(person):
        role = methodologies().get(s.methodology_key)
        word = role.terms.term(s.role, locale()) if role else s.role
        found.append(SelectChoice(str(s.person_id), f"{s.name} ({word})"))
    return found


def _page(access: policy.PlanAccess, status: int = 200, **forms: Any) -> Any:
    m = methodology_of(access)
    view = plans.read(access.person, today(), access.reader)
    step_form = forms.pop("step_form", None) or StepForm()
    step_form.supporter.choices = _supporter_choices(access.person, m)
    return render_template(
        "plans/plan.html",
        access=access,
        view=view,
        plan_word=plan_word(m),
        sensitive_roles=sensitive_role_words(m),
        domains=list(Domain),
        domain_labels=DOMAIN_LABELS,
        domain_icons=DOMAIN_ICONS,
        status_labels=STATUS_LABELS,
        goal_form=forms.pop("goal_form", None) or GoalForm(),
        status_form=GoalStatusForm(),
        step_form=step_form,
        failed_goal=forms.pop("failed_goal", None),
        done_form=StepDoneForm(),
        note_form=forms.pop("note_form", None) or NoteForm(),
        comment_form=forms.pop("comment_form", None) or CommentForm(),
        review_form=forms.pop("review_form", None)
        or ReviewForm(data={"review_on": view.plan.review_on if view.plan else None}),
        refusals=forms.pop("refusals", []),
        day=lambda d: format_date(d, "long"),
    ), status


def _back(access: policy.PlanAccess, anchor: str | None = None) -> Any:
    if access.is_owner:
        return redirect(url_for("plans.mine", _anchor=anchor))
    return redirect(url_for("plans.show", person_id=access.person.id, _anchor=anchor))


def _perform(access: policy.PlanAccess, command: Any, **forms: Any) -> Any:
    m = methodology_of(access)
    return perform(
        command,
        _refusals_methodology(m),
        lambda refusals, status: _page(access, status, refusals=refusals, **forms),
    )


@bp.get("/my-plan")
@requires("plan.view")
def mine() -> Any:
    """The participant's own plan (the first person the login is); for a volunteer or coach
    acting on behalf of a participant, that participant's plan."""
    who = policy.viewer()
    person_id = acting_for() or (min(who.person_ids) if who.person_ids else None)
    if person_id is None:
        return render_template("plans/no_plan.html"), 200
    return _page(policy.plan_or_404(person_id))


@bp.get("/people/<int:person_id>/plan")
@requires("plan.view")
def show(person_id: int) -> Any:
    return _page(policy.plan_or_404(person_id))


@bp.post("/people/<int:person_id>/plan/goals")
@requires("plan.edit")
def add_goal(person_id: int) -> Any:
    access = policy.plan_or_404(person_id, "edit")
    form = GoalForm()
    if not form.validate_on_submit():
        return _page(access, 422, goal_form=form)
    goal = _perform(
        access,
        lambda: plans.add_goal(
            access.person, Domain(form.domain.data), form.title.data or "", access.editor
        ),
        goal_form=form,
    )
    flash(_("Your goal is added."), "success")
    return _back(access, f"goal-{goal.id}")


def _goal_or_404(access: policy.PlanAccess, goal_id: int) -> Any:
    plan = plans.plan_of(access.person)
    goal = plans.goal_in(plan, goal_id)
    if plan is None or goal is None:
        abort(404)
    return plan, goal


@bp.post("/people/<int:person_id>/plan/goals/<int:goal_id>")
@requires("plan.edit")
def set_goal(person_id: int, goal_id: int) -> Any:
    access = policy.plan_or_404(person_id, "edit")
    plan, goal = _goal_or_404(access, goal_id)
    form = GoalStatusForm()
    if not form.validate_on_submit():
        flash(_("Choose one of the listed options."), "error")
        return _back(access, f"goal-{goal.id}")
    _perform(
        access,
        lambda: plans.set_goal(
            plan, goal, access.editor, GoalStatus(form.status.data), form.title.data or None
        ),
    )
    flash(_("Saved."), "success")
    return _back(access, f"goal-{goal.id}")


@bp.post("/people/<int:person_id>/plan/goals/<int:goal_id>/steps")
@requires("plan.edit")
def add_step(person_id: int, goal_id: int) -> Any:
    access = policy.plan_or_404(person_id, "edit")
    plan, goal = _goal_or_404(access, goal_id)
    form = StepForm()
    form.supporter.choices = _supporter_choices(access.person, None)
    if not form.validate_on_submit():
        return _page(access, 422, step_form=form, failed_goal=goal.id)
    supporter = int(form.supporter.data) if form.supporter.data else None
    _perform(
        access,
        lambda: plans.add_step(
            plan,
            goal,
            form.title.data or "",
            supporter,
            plans.supporters(access.person),
            access.editor,
        ),
        step_form=form,
        failed_goal=goal.id,
    )
    flash(_("Your step is added."), "success")
    return _back(access, f"goal-{goal.id}")


@bp.post("/people/<int:person_id>/plan/steps/<int:step_id>")
@requires("plan.edit")
def set_step(person_id: int, step_id: int) -> Any:
    access = policy.plan_or_404(person_id, "edit")
    plan = plans.plan_of(access.person)
    step = plans.step_in(plan, step_id)
    if plan is None or step is None:
        abort(404)
    form = StepDoneForm()
    if not form.validate_on_submit():
        abort(400)
    done = form.is_done.data == "1"
    _perform(access, lambda: plans.set_step_done(plan, step, done, access.editor, today()))
    flash(_("Well done!") if done else _("Saved."), "success")
    return _back(access, f"goal-{step.goal_id}")


@bp.post("/people/<int:person_id>/plan/notes")
@requires("plan.edit")
def add_note(person_id: int) -> Any:
    access = policy.plan_or_404(person_id, "edit")
    form = NoteForm()
    if not form.validate_on_submit():
        return _page(access, 422, note_form=form)
    _perform(
        access,
        lambda: plans.add_note(
            access.person,
            NoteKind.progress,
            form.text.data or "",
            None,
            access.editor,
            form.is_sensitive.data,
        ),
        note_form=form,
    )
    flash(_("Your note is saved."), "success")
    return _back(access, "notes")


@bp.post("/people/<int:person_id>/plan/comments")
@requires("plan.comment")
def add_comment(person_id: int) -> Any:
    access = policy.plan_or_404(person_id, "comment")
    form = CommentForm()
    if not form.validate_on_submit():
        return _page(access, 422, comment_form=form)
    _perform(
        access,
        lambda: plans.add_note(
            access.person,
            NoteKind.comment,
            form.text.data or "",
            None,
            access.editor,
            form.is_sensitive.data,
        ),
        comment_form=form,
    )
    flash(_("Your comment is saved."), "success")
    return _back(access, "comments")


@bp.post("/people/<int:person_id>/plan/review")
@requires("plan.edit")
def set_review(person_id: int) -> Any:
    access = policy.plan_or_404(person_id, "edit")
    form = ReviewForm()
    if not form.validate_on_submit():
        return _page(access, 422, review_form=form)
    _perform(
        access,
        lambda: plans.set_review(access.person, form.review_on.data, access.editor, today()),
        review_form=form,
    )
    flash(_("The date is saved."), "success")
    return _back(access, "review")


@bp.get("/people/<int:person_id>/plan/history")
@requires("plan.view")
def history(person_id: int) -> Any:
    access = policy.plan_or_404(person_id)
    events = plans.history(plans.plan_of(access.person))
    return render_template(
        "plans/history.html",
        access=access,
        events=events,
        plan_word=plan_word(methodology_of(access)),
        describe=describe,
        day=lambda d: format_date(d, "long"),
    )
