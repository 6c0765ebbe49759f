"""The safety net's pages: a circle's contact log, logging a contact, raising an escalation,
the team's open escalations, and one escalation to answer, pass up or resolve."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from kring.access import log, policy
from kring.circles.models import Circle
from kring.core.db import today, utcnow
from kring.core.methodology import Methodology
from kring.http.access import requires
from kring.http.commands import perform
from kring.http.methodology import locale, methodologies, sensitive_role_words
from kring.http.paging import page_number
from kring.safetynet import escalations as escalation_service
from kring.safetynet import service as safetynet
from kring.safetynet.forms import (
    KIND_LABELS,
    AnswerForm,
    ContactForm,
    EscalationForm,
    PassUpForm,
    ResolveForm,
)
from kring.safetynet.lookup import (
    escalation_to_handle,
    escalation_to_read,
    methodology_of,
    sensitive_circles,
)
from kring.safetynet.models import ContactKind

bp = Blueprint("safetynet", __name__, url_prefix="/t/<tenant>", template_folder="templates")


def _words(m: Methodology | None) -> Any:
    """``term(key)``: the methodology's word for a key in the reader's language."""
    return lambda key: m.terms.term(key, locale()) if m is not None else key


def _terms_by_key() -> Any:
    """``term_of(methodology_key, key)`` for lists that span methodologies."""
    found = methodologies()

    def term_of(methodology_key: str, key: str) -> str:
        m = found.get(methodology_key)
        return m.terms.term(key, locale()) if m is not None else key

    return term_of


def _member_choices(circle: Circle) -> list[SelectChoice]:
    m = methodology_of(circle)
    members = safetynet.members(circle)
    log.shown(policy.viewer(), [c.person_id for c in members])
    return [
        SelectChoice(str(c.person_id), f"{c.name} ({m.terms.term(c.role, locale())})")
        for c in members
    ]


# --- the contact log ------------------------------------------------------------------------


@bp.get("/circles/<int:circle_id>/contacts")
@requires("contact.view")
def contacts(circle_id: int) -> Any:
    circle = policy.contact_log_or_404(circle_id)
    m = methodology_of(circle)
    who = policy.viewer()
    sensitive = sensitive_circles()
    page = safetynet.contact_log(circle, who.user_id, sensitive, page_number())
    open_ones = escalation_service.escalations(
        policy.visible_escalations(who),
        methodologies(),
        who.user_id,
        sensitive,
        utcnow(),
        circle_id=circle.id,
    )
    log.shown(who, [r.person_id for r in page.items] + [e.person_id for e in open_ones])
    return render_template(
        "safetynet/contacts.html",
        circle=circle,
        m=m,
        term=_words(m),
        page=page,
        escalations=open_ones,
        kinds=KIND_LABELS,
        term_of=_terms_by_key(),
        sensitive_roles=sensitive_role_words(m),
    )


def _contact_form() -> ContactForm:
    form = ContactForm()
    if form.contact_on.data is None and not form.is_submitted():
        form.contact_on.data = today()
    return form


def _form_page(
    template: str,
    circle: Circle,
    form: ContactForm | EscalationForm,
    status: int = 200,
    refusals: list[str] | None = None,
) -> Any:
    """A form about one member of the circle, its choices filled, refusals explained."""
    m = methodology_of(circle)
    form.person.choices = _member_choices(circle)
    if isinstance(form, EscalationForm):
        _severity_choices(form, m)
    return render_template(
        template,
        circle=circle,
        m=m,
        term=_words(m),
        form=form,
        refusals=refusals or [],
        sensitive_roles=sensitive_role_words(m),
    ), status


def _contact_page(
    circle: Circle, form: ContactForm, status: int = 200, refusals: list[str] | None = None
) -> Any:
    return _form_page("safetynet/new_contact.html", circle, form, status, refusals)


@bp.get("/circles/<int:circle_id>/contacts/new")
@requires("contact.log")
def new_contact(circle_id: int) -> Any:
    return _contact_page(policy.contact_log_or_404(circle_id), _contact_form())


@bp.post("/circles/<int:circle_id>/contacts")
@requires("contact.log")
def log_contact(circle_id: int) -> Any:
    circle = policy.contact_log_or_404(circle_id)
    form = _contact_form()
    form.person.choices = [SelectChoice(str(c.person_id)) for c in safetynet.members(circle)]
    if not form.validate_on_submit():
        return _contact_page(circle, form, 422)
    perform(
        lambda: safetynet.log_contact(
            circle,
            int(form.person.data or 0),
            form.contact_on.data or today(),
            ContactKind(form.kind.data),
            form.note.data,
            bool(form.is_sensitive.data),
            current_user.id,
            today(),
        ),
        methodology_of(circle),
        lambda refusals, status: _contact_page(circle, form, status, refusals),
    )
    flash(_("The contact is logged."), "success")
    return redirect(url_for("safetynet.contacts", circle_id=circle.id))


# --- raising an escalation ------------------------------------------------------------------


def _escalation_page(
    circle: Circle, form: EscalationForm, status: int = 200, refusals: list[str] | None = None
) -> Any:
    return _form_page("safetynet/new_escalation.html", circle, form, status, refusals)


def _severity_choices(form: EscalationForm, m: Methodology) -> None:
    ladder = m.escalation
    severities = ladder.severities if ladder else ()
    form.severity.choices = [
        SelectChoice(
            s.key,
            _(
                "%(severity)s: within %(hours)d hours",
                severity=m.terms.term(s.key, locale()),
                hours=s.respond_within_hours,
            ),
        )
        for s in severities
    ]
    if form.severity.data is None and severities:
        form.severity.data = severities[-1].key


@bp.get("/circles/<int:circle_id>/escalations/new")
@requires("escalation.raise")
def new_escalation(circle_id: int) -> Any:
    return _escalation_page(policy.contact_log_or_404(circle_id), EscalationForm())


@bp.post("/circles/<int:circle_id>/escalations")
@requires("escalation.raise")
def raise_escalation(circle_id: int) -> Any:
    circle = policy.contact_log_or_404(circle_id)
    m = methodology_of(circle)
    form = EscalationForm()
    form.person.choices = [SelectChoice(str(c.person_id)) for c in safetynet.members(circle)]
    _severity_choices(form, m)
    if not form.validate_on_submit():
        return _escalation_page(circle, form, 422)
    escalation = perform(
        lambda: escalation_service.raise_escalation(
            circle,
            m,
            int(form.person.data or 0),
            form.severity.data or "",
            form.question.data or "",
            bool(form.is_sensitive.data),
            current_user.id,
            utcnow(),
        ),
        m,
        lambda refusals, status: _escalation_page(circle, form, status, refusals),
    )
    ladder = escalation_service.ladder_of(m)
    flash(
        _(
            "The question went to the %(step)s.",
            step=m.terms.term(ladder.step_key(escalation.step), locale()),
        ),
        "success",
    )
    return redirect(url_for("safetynet.escalation", escalation_id=escalation.id))


# --- escalations ----------------------------------------------------------------------------


@bp.get("/escalations/")
@requires("escalation.view")
def escalations() -> Any:
    who = policy.viewer()
    rows = escalation_service.escalations(
        policy.visible_escalations(who), methodologies(), who.user_id, sensitive_circles(), utcnow()
    )
    log.shown(who, [r.person_id for r in rows])
    return render_template("safetynet/escalations.html", rows=rows, term_of=_terms_by_key())


def _escalation_view(
    escalation_id: int, status: int = 200, refusals: list[str] | None = None, **forms: Any
) -> Any:
    escalation = escalation_to_read(escalation_id)
    who = policy.viewer()
    circle, _reach = policy.circle_or_404(escalation.circle_id)
    m = methodology_of(circle)
    row = escalation_service.escalation_row(
        escalation, methodologies(), who.user_id, sensitive_circles(), utcnow()
    )
    return render_template(
        "safetynet/escalation.html",
        row=row,
        circle=circle,
        m=m,
        term=_words(m),
        ladder=m.escalation,
        may_handle=policy.may_handle_escalations(who, circle),
        answer_form=forms.get("answer_form") or AnswerForm(),
        resolve_form=forms.get("resolve_form") or ResolveForm(),
        pass_up_form=PassUpForm(),
        refusals=refusals or [],
    ), status


@bp.get("/escalations/<int:escalation_id>")
@requires("escalation.view")
def escalation(escalation_id: int) -> Any:
    return _escalation_view(escalation_id)


@bp.post("/escalations/<int:escalation_id>/answer")
@requires("escalation.handle")
def answer(escalation_id: int) -> Any:
    escalation, _circle, m = escalation_to_handle(escalation_id)
    form = AnswerForm()
    if not form.validate_on_submit():
        return _escalation_view(escalation_id, 422, answer_form=form)
    perform(
        lambda: escalation_service.answer(
            escalation, form.text.data or "", current_user.id, utcnow()
        ),
        m,
        lambda refusals, status: _escalation_view(escalation_id, status, refusals),
    )
    flash(_("Your answer is saved."), "success")
    return redirect(url_for("safetynet.escalation", escalation_id=escalation_id))


@bp.post("/escalations/<int:escalation_id>/pass-up")
@requires("escalation.handle")
def pass_up(escalation_id: int) -> Any:
    escalation, _circle, m = escalation_to_handle(escalation_id)
    form = PassUpForm()
    if not form.validate_on_submit():
        return _escalation_view(escalation_id, 422)
    perform(
        lambda: escalation_service.pass_up(escalation, m, current_user.id, utcnow()),
        m,
        lambda refusals, status: _escalation_view(escalation_id, status, refusals),
    )
    ladder = escalation_service.ladder_of(m)
    flash(
        _(
            "The question went to the %(step)s.",
            step=m.terms.term(ladder.step_key(escalation.step), locale()),
        ),
        "success",
    )
    return redirect(url_for("safetynet.escalation", escalation_id=escalation_id))


@bp.post("/escalations/<int:escalation_id>/resolve")
@requires("escalation.handle")
def resolve(escalation_id: int) -> Any:
    escalation, _circle, m = escalation_to_handle(escalation_id)
    form = ResolveForm()
    if not form.validate_on_submit():
        return _escalation_view(escalation_id, 422, resolve_form=form)
    perform(
        lambda: escalation_service.resolve(
            escalation, form.resolution.data or "", current_user.id, utcnow()
        ),
        m,
        lambda refusals, status: _escalation_view(escalation_id, status, refusals),
    )
    flash(_("The escalation is resolved."), "success")
    return redirect(url_for("safetynet.escalation", escalation_id=escalation_id))
