"""Circle pages: the overview, starting a circle, and one circle with its members and phases.

Every change goes through ``kring.core.circles``; a refusal re-renders the page with status 409
and every unmet condition explained in the methodology's own words.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from kring.core import circles
from kring.core.circles import Circle, CircleMember, MemberStatus, Refused
from kring.core.db import today
from kring.core.enablement import MethodologyEnablement
from kring.core.methodology import Methodology
from kring.core.people import Neighbourhood, Person
from kring.core.tenancy import Organisation
from kring.extensions import db
from kring.web.access import requires
from kring.web.circles.forms import CircleForm, EndForm, IntakeForm, MemberForm, PhaseForm
from kring.web.methodologies import circle_or_404, explain_here, hooks_for, member_or_404
from kring.web.tenancy import get_or_404

bp = Blueprint("circles", __name__, url_prefix="/t/<tenant>/circles", template_folder="templates")


def _locale() -> str:
    return str(get_locale())


def explain_all(unmet: list[Any], m: Methodology) -> list[str]:
    return [explain_here(u, m) for u in unmet]


# --- overview and new circle ---------------------------------------------------------------


@bp.get("/")
@requires("circle.view")
def index() -> Any:
    host = current_app.extensions["kring.plugins"]
    return render_template(
        "circles/index.html", summaries=circles.summaries(), methodologies=host.methodologies()
    )


def _new_form() -> CircleForm:
    form = CircleForm()
    host = current_app.extensions["kring.plugins"]
    installed = host.methodologies()
    rows = db.session.execute(
        select(MethodologyEnablement.methodology_key, Organisation)
        .join(Organisation, Organisation.id == MethodologyEnablement.organisation_id)
        .order_by(Organisation.name, MethodologyEnablement.methodology_key)
    ).all()
    form.setting.choices = [
        SelectChoice(f"{org.id}:{key}", f"{org.name} — {installed[key].name(_locale())}")
        for key, org in rows
        if key in installed
    ]
    form.neighbourhood.choices = [
        SelectChoice(str(n.id), n.name)
        for n in db.session.execute(select(Neighbourhood).order_by(Neighbourhood.name)).scalars()
    ]
    return form


@bp.get("/new")
@requires("circle.edit")
def new() -> Any:
    return render_template("circles/new.html", form=_new_form())


@bp.post("/")
@requires("circle.edit")
def create() -> Any:
    form = _new_form()
    if not form.validate_on_submit():
        return render_template("circles/new.html", form=form), 422
    organisation_id, key = (form.setting.data or "").split(":", 1)
    organisation = get_or_404(Organisation, int(organisation_id))
    neighbourhood = get_or_404(Neighbourhood, int(form.neighbourhood.data or 0))
    hooks = hooks_for(key)
    try:
        circle = circles.create_circle(
            hooks, organisation, neighbourhood, form.name.data, current_user.id, today()
        )
    except Refused as refused:
        db.session.rollback()
        return render_template(
            "circles/new.html", form=form, refusals=explain_all(refused.unmet, hooks.methodology)
        ), 409
    db.session.commit()
    flash(_("%(name)s has started.", name=circle.name), "success")
    return redirect(url_for("circles.show", circle_id=circle.id))


# --- one circle ----------------------------------------------------------------------------


def _forms(circle: Circle, m: Methodology, members: list[CircleMember]) -> dict[str, Any]:
    locale = _locale()
    member_form = MemberForm(prefix="member")
    taken = {x.person_id for x in members}
    member_form.person.choices = [
        SelectChoice(str(p.id), f"{p.name} ({p.postcode})" if p.postcode else p.name)
        for p in db.session.execute(select(Person).order_by(Person.name)).scalars()
        if p.id not in taken
    ]
    member_form.role.choices = [SelectChoice(r.key, m.terms.term(r.key, locale)) for r in m.roles]
    phase_form = PhaseForm(prefix="phase")
    phase_form.target.choices = [
        SelectChoice(p, m.terms.term(p, locale)) for p in circles.next_phases(circle, m)
    ]
    intake_form = IntakeForm(prefix="intake")
    intake_form.interviewer.choices = [
        SelectChoice(str(x.id), x.person.name)
        for x in members
        if x.role == m.intake_role and x.status is MemberStatus.active
    ]
    end_form = EndForm(prefix="end")
    end_form.reason.choices = [
        SelectChoice(r.key, m.terms.term(r.key, locale)) for r in m.leave_reasons
    ]
    return {
        "member_form": member_form,
        "phase_form": phase_form,
        "intake_form": intake_form,
        "end_form": end_form,
    }


def _page(
    circle: Circle, status: int = 200, refusals: list[str] | None = None, **forms: Any
) -> Any:
    hooks = hooks_for(circle.methodology_key)
    m = hooks.methodology
    members = circles.members_of(circle, include_ended=True)
    current = [x for x in members if x.status not in circles.ENDED]
    context = _forms(circle, m, current)
    context.update(forms)
    return render_template(
        "circles/show.html",
        circle=circle,
        m=m,
        term=lambda key: m.terms.term(key, _locale()),
        organisation=db.session.get(Organisation, circle.organisation_id),
        neighbourhood=db.session.get(Neighbourhood, circle.neighbourhood_id),
        members=members,
        outlook=circles.outlook(circle, hooks, today()),
        explain=lambda unmet: explain_here(unmet, m),
        warnings=explain_all(circles.workload_warnings(circle, m), m),
        history=circles.history(circle),
        first_audit=circles.first_audit_due(circle, m),
        meeting_rhythm=_meeting_rhythm(m),
        refusals=refusals or [],
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
    kinds = ", ".join(m.terms.term(kind, _locale()) for kind in pattern.kinds)
    return f"{text}: {kinds}" if kinds else text


@bp.get("/<int:circle_id>")
@requires("circle.view")
def show(circle_id: int) -> Any:
    return _page(get_or_404(Circle, circle_id))


def _refused(circle: Circle, refused: Refused, **forms: Any) -> Any:
    db.session.rollback()
    m = hooks_for(circle.methodology_key).methodology
    return _page(circle, 409, explain_all(refused.unmet, m), **forms)


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
    circle, hooks = circle_or_404(circle_id)
    form = _forms(circle, hooks.methodology, circles.members_of(circle))["member_form"]
    if not form.validate_on_submit():
        return _page(circle, 422, member_form=form)
    person = get_or_404(Person, int(form.person.data or 0))
    role = form.role.data or ""
    try:
        member = circles.add_member(
            circle,
            person,
            role,
            hooks,
            current_user.id,
            today(),
            _attributes(hooks.methodology, role),
        )
    except Refused as refused:
        return _refused(circle, refused, member_form=form)
    db.session.commit()
    if member.status is MemberStatus.candidate:
        flash(_("%(name)s is waiting for an intake.", name=person.name), "success")
    else:
        flash(_("%(name)s has joined.", name=person.name), "success")
    return redirect(url_for("circles.show", circle_id=circle.id))


@bp.post("/<int:circle_id>/phase")
@requires("circle.edit")
def move_phase(circle_id: int) -> Any:
    circle, hooks = circle_or_404(circle_id)
    form = PhaseForm(prefix="phase")
    form.target.validate_choice = False  # the core explains a phase that is unknown or skipped
    form.target.choices = []
    if not form.validate_on_submit():
        return _page(circle, 422, phase_form=form)
    try:
        circles.move_phase(
            circle, form.target.data or "", hooks, current_user.id, form.reason.data, today()
        )
    except Refused as refused:
        return _refused(circle, refused)
    db.session.commit()
    flash(
        _(
            "The circle moved to %(phase)s.",
            phase=hooks.methodology.terms.term(circle.phase, _locale()),
        ),
        "success",
    )
    return redirect(url_for("circles.show", circle_id=circle.id))


@bp.post("/<int:circle_id>/members/<int:member_id>/intake")
@requires("circle.intake")
def intake(circle_id: int, member_id: int) -> Any:
    circle, hooks = circle_or_404(circle_id)
    member = member_or_404(circle, member_id)
    form = _forms(circle, hooks.methodology, circles.members_of(circle))["intake_form"]
    if not form.validate_on_submit():
        return _page(circle, 422, intake_form=form)
    interviewer = member_or_404(circle, int(form.interviewer.data or 0))
    try:
        circles.complete_intake(
            member,
            interviewer,
            form.fits.data == "yes",
            form.note.data,
            hooks,
            current_user.id,
            today(),
        )
    except Refused as refused:
        return _refused(circle, refused)
    db.session.commit()
    flash(_("The intake is recorded."), "success")
    return redirect(url_for("circles.show", circle_id=circle.id))


@bp.post("/<int:circle_id>/members/<int:member_id>/attributes")
@requires("circle.edit")
def set_attributes(circle_id: int, member_id: int) -> Any:
    circle, hooks = circle_or_404(circle_id)
    member = member_or_404(circle, member_id)
    values = {
        spec.key: request.form.get(f"attr-{spec.key}", "").strip()
        for spec in hooks.methodology.attributes
        if spec.role == member.role and f"attr-{spec.key}" in request.form
    }
    try:
        circles.set_attributes(member, values, hooks, current_user.id)
    except Refused as refused:
        return _refused(circle, refused)
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(url_for("circles.show", circle_id=circle.id))


@bp.post("/<int:circle_id>/members/<int:member_id>/end")
@requires("circle.edit")
def end_membership(circle_id: int, member_id: int) -> Any:
    circle, hooks = circle_or_404(circle_id)
    member = member_or_404(circle, member_id)
    form = EndForm(prefix="end")
    form.reason.validate_choice = False  # the core explains an unknown reason
    form.reason.choices = []
    if not form.validate_on_submit():
        return _page(circle, 422, end_form=form)
    try:
        circles.end_membership(member, form.reason.data or "", hooks, current_user.id, today())
    except Refused as refused:
        return _refused(circle, refused)
    db.session.commit()
    flash(_("The membership has ended."), "success")
    return redirect(url_for("circles.show", circle_id=circle.id))
