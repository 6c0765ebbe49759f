"""Circle pages: the overview, starting a circle, and one circle with its members and phases.

The circle page renders one read model (``overview.of``); every change goes through the circle
services via ``perform``, so a refusal re-renders the page with every unmet condition explained
in the methodology's own words (409, or 422 when the request itself was wrong).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from kring.access import log, policy
from kring.circles import membership, overview, phases, queries
from kring.circles.forms import CircleForm, EndForm, IntakeForm, MemberForm, PhaseForm
from kring.circles.lookup import circle_to_change, circle_to_read, member_or_404
from kring.circles.models import ENDED, Circle, CircleMember, MemberStatus
from kring.core.db import today
from kring.core.methodology import Methodology
from kring.http.access import requires
from kring.http.commands import perform
from kring.http.methodology import (
    explain_all,
    explain_here,
    hooks_for,
    locale,
    methodologies,
)
from kring.http.paging import page_number
from kring.http.tenancy import get_or_404
from kring.module import shown_panels
from kring.organisations import service as organisations
from kring.organisations.models import Organisation
from kring.people import service as people
from kring.people.models import Neighbourhood, Person

bp = Blueprint("circles", __name__, url_prefix="/t/<tenant>/circles", template_folder="templates")


# --- overview and new circle ---------------------------------------------------------------


@bp.get("/")
@requires("circle.view")
def index() -> Any:
    return render_template(
        "circles/index.html",
        page=queries.summaries(policy.visible_circles(policy.viewer()), page_number()),
        methodologies=methodologies(),
    )


def _new_form() -> CircleForm:
    form = CircleForm()
    installed = methodologies()
    form.setting.choices = [
        SelectChoice(
            f"{e.organisation.id}:{e.methodology_key}",
            f"{e.organisation.name} — {installed[e.methodology_key].name(locale())}",
        )
        for e in organisations.enablements()
        if e.methodology_key in installed and policy.leads(policy.viewer(), e.organisation.id)
    ]
    form.neighbourhood.choices = [SelectChoice(str(n.id), n.name) for n in people.neighbourhoods()]
    return form


@bp.get("/new")
@requires("circle.edit")
def new() -> Any:
    """The start form; ``?neighbourhood=<id>&methodology=<key>`` (from choosing neighbourhoods)
    prefills it where the reader has that choice, and is ignored where they have not."""
    form = _new_form()
    chosen = request.args.get("neighbourhood", "")
    if any(choice.value == chosen for choice in form.neighbourhood.choices):
        form.neighbourhood.data = chosen
    key = request.args.get("methodology", "")
    setting = next((c.value for c in form.setting.choices if c.value.endswith(f":{key}")), None)
    if key and setting is not None:
        form.setting.data = setting
    return render_template("circles/new.html", form=form)


@bp.post("/")
@requires("circle.edit")
def create() -> Any:
    form = _new_form()
    if not form.validate_on_submit():
        return render_template("circles/new.html", form=form), 422
    organisation_id, key = (form.setting.data or "").split(":", 1)
    organisation = get_or_404(Organisation, int(organisation_id))
    if not policy.leads(policy.viewer(), organisation.id):
        abort(404)
    neighbourhood = get_or_404(Neighbourhood, int(form.neighbourhood.data or 0))
    hooks = hooks_for(key)
    circle = perform(
        lambda: phases.create_circle(
            hooks, organisation, neighbourhood, form.name.data, current_user.id, today()
        ),
        hooks.methodology,
        lambda refusals, status: (
            render_template("circles/new.html", form=form, refusals=refusals),
            status,
        ),
    )
    flash(_("%(name)s has started.", name=circle.name), "success")
    return redirect(url_for("circles.show", circle_id=circle.id))


# --- one circle ----------------------------------------------------------------------------


def _forms(view: overview.CircleOverview, found: list[Person]) -> dict[str, Any]:
    """The page's forms, their choices filled from the read model and a person search."""
    m = view.methodology
    member_form = MemberForm(prefix="member")
    member_form.person.choices = [
        SelectChoice(str(p.id), f"{p.name} ({p.postcode})" if p.postcode else p.name) for p in found
    ]
    member_form.role.choices = [SelectChoice(r.key, _term(m, r.key)) for r in m.roles]
    phase_form = PhaseForm(prefix="phase")
    phase_form.target.choices = [SelectChoice(p, _term(m, p)) for p in view.next_phases]
    intake_form = IntakeForm(prefix="intake")
    intake_form.interviewer.choices = [
        SelectChoice(str(x.id), x.person_name) for x in view.interviewers()
    ]
    return {"member_form": member_form, "phase_form": phase_form, "intake_form": intake_form}


def _term(m: Methodology, key: str) -> str:
    return m.terms.term(key, locale())


def _page(
    circle: Circle, status: int = 200, refusals: list[str] | None = None, **forms: Any
) -> Any:
    hooks = hooks_for(circle.methodology_key)
    who = policy.viewer()
    reach = policy.circle_reach(who, circle)
    view = overview.of(circle, hooks, today(), who, reach)
    m = view.methodology
    search = request.args.get("person", "").strip()[:200]
    found = []
    if search and policy.may_edit_circle(who, circle):
        taken = {x.person_id for x in view.current_members}
        found = people.search(search, exclude=taken, visible=policy.visible_people(who))
        log.shown(who, [p.id for p in found])
    context = _forms(view, found)
    context.update(forms)
    return render_template(
        "circles/show.html",
        circle=view,
        m=m,
        term=lambda key: _term(m, key),
        explain=lambda unmet: explain_here(unmet, m),
        warnings=explain_all(list(view.warnings), m),
        meeting_rhythm=_meeting_rhythm(m),
        may_edit=policy.may_edit_circle(who, circle),
        may_hold_intake=policy.may_hold_intake(who, circle),
        person_search=search,
        people_found=found,
        refusals=refusals or [],
        panels=shown_panels(current_app.extensions["kring.modules"], "circle", who, circle, reach),
        **context,
    ), status


def _meeting_rhythm(m: Methodology) -> str:
    """ "Every 7 days, 120 to 180 minutes: open evening, closed evening" in the reader's words."""
    pattern = m.meetings
    if pattern is None:
        return ""
    text = _(
        "every %(days)d days, %(low)d to %(high)d minutes",
        days=pattern.every_days,
        low=pattern.min_minutes,
        high=pattern.max_minutes,
    )
    if pattern.every_days == 7:
        text = _(
            "weekly, %(low)d to %(high)d minutes", low=pattern.min_minutes, high=pattern.max_minutes
        )
    kinds = ", ".join(_term(m, kind) for kind in pattern.kinds)
    return f"{text}: {kinds}" if kinds else text


@bp.get("/<int:circle_id>")
@requires("circle.view")
def show(circle_id: int) -> Any:
    circle, _hooks, _reach = circle_to_read(circle_id)
    return _page(circle)


def _back(circle: Circle) -> Any:
    return redirect(url_for("circles.show", circle_id=circle.id))


def _refused_page(circle: Circle, **forms: Any) -> Any:
    """How a refused change answers: the circle page with the reasons, and the form kept."""
    return lambda refusals, status: _page(circle, status, refusals, **forms)


def _attributes(m: Methodology, role: str) -> dict[str, str]:
    """The attribute inputs of the chosen role; the core validates their kinds."""
    given = {}
    for spec in m.attributes:
        value = request.form.get(f"attr-{spec.key}", "").strip()
        if spec.role == role and value:
            given[spec.key] = value
    return given


@bp.post("/<int:circle_id>/members")
@requires("circle.edit")
def add_member(circle_id: int) -> Any:
    circle, hooks = circle_to_change(circle_id)
    form = MemberForm(prefix="member")
    form.person.validate_choice = False  # checked below: a person the reader reaches
    form.role.choices = [SelectChoice(r.key) for r in hooks.methodology.roles]
    person = policy.get_in_reach(form.person.data) if form.person.data else None
    if not form.validate_on_submit() or person is None:
        if person is None and not form.person.errors:
            form.person.errors = [_("Choose a person.")]
        return _page(circle, 422, member_form=form)
    role = form.role.data or ""
    member = perform(
        lambda: membership.add_member(
            circle,
            person,
            role,
            hooks,
            current_user.id,
            today(),
            _attributes(hooks.methodology, role),
        ),
        hooks.methodology,
        _refused_page(circle, member_form=form),
    )
    if member.status is MemberStatus.candidate:
        flash(_("%(name)s is waiting for an intake.", name=person.name), "success")
    else:
        flash(_("%(name)s has joined.", name=person.name), "success")
    return _back(circle)


@bp.post("/<int:circle_id>/phase")
@requires("circle.edit")
def move_phase(circle_id: int) -> Any:
    circle, hooks = circle_to_change(circle_id)
    form = PhaseForm(prefix="phase")
    form.target.validate_choice = False  # the core explains a phase that is unknown or skipped
    if not form.validate_on_submit():
        return _page(circle, 422, phase_form=form)
    perform(
        lambda: phases.move_phase(
            circle, form.target.data or "", hooks, current_user.id, form.reason.data, today()
        ),
        hooks.methodology,
        _refused_page(circle),
    )
    flash(
        _(
            "%(name)s moved to %(phase)s.",
            name=circle.name,
            phase=_term(hooks.methodology, circle.phase),
        ),
        "success",
    )
    return _back(circle)


@bp.post("/<int:circle_id>/members/<int:member_id>/intake")
@requires("circle.intake")
def intake(circle_id: int, member_id: int) -> Any:
    circle, hooks = circle_to_change(circle_id, intake=True)
    member = member_or_404(circle, member_id)
    form = IntakeForm(prefix="intake")
    form.interviewer.choices = [
        SelectChoice(str(x.id))
        for x in queries.members_of(circle)
        if x.role == hooks.methodology.intake_role and x.status is MemberStatus.active
    ]
    if not form.validate_on_submit():
        return _page(circle, 422, intake_form=form)
    interviewer = member_or_404(circle, int(form.interviewer.data or 0))
    perform(
        lambda: membership.complete_intake(
            member,
            interviewer,
            form.fits.data == "yes",
            form.note.data,
            hooks,
            current_user.id,
            today(),
        ),
        hooks.methodology,
        _refused_page(circle),
    )
    flash(_("The intake is recorded."), "success")
    return _back(circle)


@bp.post("/<int:circle_id>/members/<int:member_id>/attributes")
@requires("circle.edit")
def set_attributes(circle_id: int, member_id: int) -> Any:
    circle, hooks = circle_to_change(circle_id)
    member = member_or_404(circle, member_id)
    values = {
        spec.key: request.form.get(f"attr-{spec.key}", "").strip()
        for spec in hooks.methodology.attributes
        if spec.role == member.role and f"attr-{spec.key}" in request.form
    }
    perform(
        lambda: membership.set_attributes(member, values, hooks, current_user.id),
        hooks.methodology,
        _refused_page(circle),
    )
    flash(_("Saved."), "success")
    return _back(circle)


def _end_form(m: Methodology, member: CircleMember) -> EndForm:
    """Why a member stops: only the reasons that fit their role, none chosen beforehand."""
    form = EndForm(prefix="end")
    form.reason.choices = [
        SelectChoice(r.key, _term(m, r.key)) for r in m.leave_reasons_for(member.role)
    ]
    return form


def _end_page(
    circle: Circle, member: CircleMember, form: EndForm, status: int = 200, **extra: Any
) -> Any:
    return render_template(
        "circles/end.html",
        circle=circle,
        member=member,
        name=queries.person_name(member),
        form=form,
        role=_term(hooks_for(circle.methodology_key).methodology, member.role),
        **extra,
    ), status


def _member_to_end(circle_id: int, member_id: int) -> tuple[Circle, Any, CircleMember]:
    circle, hooks = circle_to_change(circle_id)
    member = member_or_404(circle, member_id)
    log.shown(policy.viewer(), [member.person_id])
    return circle, hooks, member


@bp.get("/<int:circle_id>/members/<int:member_id>/end")
@requires("circle.edit")
def confirm_end(circle_id: int, member_id: int) -> Any:
    """Stopping asks first: a page that names the person and the reasons that fit their role."""
    circle, hooks, member = _member_to_end(circle_id, member_id)
    if member.status in ENDED:
        return _back(circle)
    return _end_page(circle, member, _end_form(hooks.methodology, member))


@bp.post("/<int:circle_id>/members/<int:member_id>/end")
@requires("circle.edit")
def end_membership(circle_id: int, member_id: int) -> Any:
    circle, hooks, member = _member_to_end(circle_id, member_id)
    form = _end_form(hooks.methodology, member)
    if not form.validate_on_submit():
        return _end_page(circle, member, form, 422)
    perform(
        lambda: membership.end_membership(
            member, form.reason.data or "", hooks, current_user.id, today()
        ),
        hooks.methodology,
        lambda refusals, status: _end_page(circle, member, form, status, refusals=refusals),
    )
    flash(_("%(name)s has stopped.", name=queries.person_name(member)), "success")
    return _back(circle)
