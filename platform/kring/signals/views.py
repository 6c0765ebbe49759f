"""Signals: a care worker reports a resident who may be lonely; the neighbourhood team picks it
up, a volunteer has the conversation, and it ends with an outcome; the dashboard counts them
per neighbourhood."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from kring.access import log, policy
from kring.charts import bars
from kring.core.db import today, utcnow
from kring.core.methodology import Methodology
from kring.http.access import requires
from kring.http.commands import perform
from kring.http.methodology import hooks_for, locale, methodologies
from kring.http.paging import page_number
from kring.signals import dashboard as counts
from kring.signals import followup, lookup
from kring.signals import service as signals
from kring.signals.forms import (
    ANONYMOUS_LABELS,
    BY_POSTCODE,
    OUTCOME_LABELS,
    STATUS_LABELS,
    AnonymousForm,
    AssignForm,
    CloseForm,
    ConversationForm,
    SignalForm,
)
from kring.signals.models import AnonymousFollowUp, SignalOutcome

bp = Blueprint("signals", __name__, url_prefix="/t/<tenant>/signals", template_folder="templates")


def _destinations() -> dict[str, signals.Destination]:
    return {
        f"{d.organisation.id}:{d.methodology.key}": d for d in signals.destinations(methodologies())
    }


def _choices(found: dict[str, signals.Destination]) -> list[SelectChoice]:
    return [SelectChoice(BY_POSTCODE, _("The neighbourhood team of the postcode"))] + [
        SelectChoice(value, f"{d.organisation.name} — {d.methodology.name(locale())}")
        for value, d in found.items()
    ]


def _form_page(form: SignalForm, status: int = 200, refusals: list[str] | None = None) -> Any:
    found = _destinations()
    form.destination.choices = _choices(found)
    own = signals.listing(methodologies(), today(), signaled_by=current_user.id, size=20)
    return render_template(
        "signals/new.html", form=form, own=own, taken=bool(found), refusals=refusals or []
    ), status


@bp.get("/new")
@requires("signal.create")
def new() -> Any:
    return _form_page(SignalForm())


@bp.post("/")
@requires("signal.create")
def create() -> Any:
    form = SignalForm()
    found = _destinations()
    form.destination.choices = _choices(found)
    if not form.validate_on_submit():
        return _form_page(form, 422)
    chosen = found.get(form.destination.data or "")
    told = signals.Report(
        postcode=form.postcode.data or "",
        reason=form.reason.data or "",
        has_consent=form.has_consent.data == "yes",
        resident_name=form.resident_name.data or "",
        address=form.address.data or "",
        birth_date=form.birth_date.data,
    )
    explained_by = chosen or next(iter(found.values()), None)
    perform(
        lambda: signals.report(list(found.values()), chosen, told, current_user.id, today()),
        explained_by.methodology if explained_by else None,
        lambda refusals, status: _form_page(form, status, refusals),
    )
    flash(_("Thank you. The neighbourhood team will take it from here."), "success")
    return redirect(url_for("signals.new"))


@bp.get("/")
@requires("signal.view")
def index() -> Any:
    """The signals the reader follows up, one page, what to do first at the top; each shown
    signal is logged."""
    who = policy.viewer()
    found = signals.listing(
        methodologies(), today(), number=page_number(), visible=policy.visible_signals(who)
    )
    log.shown(who, [r.signal.id for r in found.items], log.SIGNAL)
    return render_template("signals/index.html", page=found, labels=STATUS_LABELS)


def _with_items(form_class: type[ConversationForm], m: Methodology) -> type[ConversationForm]:
    """The conversation form with the methodology's loneliness scale, one choice per item
    (all optional: the resident may not want to answer)."""
    survey = followup.scale_of(m)
    if survey is None:
        return form_class
    here = locale()

    keys = [f"item_{item.key}" for item in survey.items]

    class WithItems(form_class):  # type: ignore[valid-type,misc]
        def validate(self, extra_validators: Any = None) -> bool:
            """The scale is answered whole or not at all: half a scale has no score."""
            valid: bool = super().validate(extra_validators)
            unanswered = [key for key in keys if not self[key].data]
            if unanswered and len(unanswered) < len(keys):
                for key in unanswered:
                    self[key].errors = [*self[key].errors, _("Answer this question too, or none.")]
                valid = False
            return valid

    for item in survey.items:
        setattr(
            WithItems,
            f"item_{item.key}",
            RadioField(
                item.question.render(here),
                choices=[SelectChoice(value, label.render(here)) for value, label in item.answers],
                validators=[Optional()],
            ),
        )
    return WithItems


def _page(
    signal_id: int, status: int = 200, refusals: list[str] | None = None, **forms: Any
) -> Any:
    signal, m = lookup.signal_to_follow(signal_id)
    assign = forms.pop("assign_form", None) or AssignForm()
    assign.volunteer.choices = [
        SelectChoice(str(v.person_id), f"{v.name} ({m.terms.term(v.role, locale())})")
        for v in followup.volunteers(signal, m)
    ]
    survey = followup.scale_of(m)
    return render_template(
        "signals/show.html",
        signal=signal,
        row=signals.row(signal, methodologies(), today()),
        methodology=m,
        leads=policy.leads_signal(policy.viewer(), signal),
        assign_form=assign,
        conversation_form=forms.pop("conversation_form", None)
        or _with_items(ConversationForm, m)(data={"contacted_on": today()}),
        close_form=forms.pop("close_form", None) or CloseForm(),
        anonymous_form=forms.pop("anonymous_form", None) or AnonymousForm(),
        anonymous_labels=ANONYMOUS_LABELS,
        survey=survey,
        band=survey.band(int(signal.loneliness["scores"].get("total", -1)))
        if survey and signal.loneliness and "total" in signal.loneliness.get("scores", {})
        else None,
        labels=STATUS_LABELS,
        outcomes=OUTCOME_LABELS,
        locale=locale(),
        refusals=refusals or [],
    ), status


@bp.get("/<int:signal_id>")
@requires("signal.view")
def show(signal_id: int) -> Any:
    return _page(signal_id)


@bp.post("/<int:signal_id>/assign")
@requires("signal.assign")
def assign(signal_id: int) -> Any:
    signal, m = lookup.signal_to_lead(signal_id)
    form = AssignForm()
    form.volunteer.choices = [
        SelectChoice(str(v.person_id)) for v in followup.volunteers(signal, m)
    ]
    if not form.validate_on_submit():
        return _page(signal_id, 422, assign_form=form)

    perform(
        lambda: followup.assign(
            signal, int(form.volunteer.data or 0), m, current_user.id, utcnow()
        ),
        m,
        lambda refusals, status: _page(signal_id, status, refusals, assign_form=form),
    )
    flash(_("The volunteer is asked to make contact."), "success")
    return redirect(url_for("signals.show", signal_id=signal.id))


def scale_answers(form: Any, m: Methodology) -> tuple[dict[str, str] | None, dict[str, Any]]:
    """The scale's answers with the methodology's scores, when it was answered (the form
    refuses half a scale)."""
    survey = followup.scale_of(m)
    if survey is None:
        return None, {}
    answers = {i.key: form[f"item_{i.key}"].data for i in survey.items}
    if not all(answers.values()):
        return None, {}
    return answers, hooks_for(m.key).score_survey(survey.key, answers)


@bp.post("/<int:signal_id>/anonymous")
@requires("signal.assign")
def anonymous(signal_id: int) -> Any:
    """The team's follow-up of a resident who did not agree to be contacted."""
    signal, m = lookup.signal_to_lead(signal_id)
    form = AnonymousForm()
    if not form.validate_on_submit():
        return _page(signal_id, 422, anonymous_form=form)
    choice = AnonymousFollowUp(form.follow_up.data)
    perform(
        lambda: followup.decide_anonymous(signal, choice, current_user.id, utcnow()),
        m,
        lambda refusals, status: _page(signal_id, status, refusals, anonymous_form=form),
    )
    flash(_("The team's decision is saved."), "success")
    return redirect(url_for("signals.show", signal_id=signal.id))


@bp.post("/<int:signal_id>/conversation")
@requires("signal.handle")
def conversation(signal_id: int) -> Any:
    signal, m = lookup.signal_to_follow(signal_id)
    form = _with_items(ConversationForm, m)()
    if not form.validate_on_submit():
        return _page(signal_id, 422, conversation_form=form)
    answers, scores = scale_answers(form, m)
    perform(
        lambda: followup.record_conversation(
            signal,
            form.contacted_on.data,
            form.note.data,
            answers,
            scores,
            current_user.id,
            utcnow(),
        ),
        m,
        lambda refusals, status: _page(signal_id, status, refusals, conversation_form=form),
    )
    flash(_("The conversation is written down."), "success")
    return redirect(url_for("signals.show", signal_id=signal.id))


@bp.post("/<int:signal_id>/close")
@requires("signal.handle")
def close(signal_id: int) -> Any:
    signal, m = lookup.signal_to_follow(signal_id)
    form = CloseForm()
    if not form.validate_on_submit():
        return _page(signal_id, 422, close_form=form)
    perform(
        lambda: followup.close(
            signal, SignalOutcome(form.outcome.data), form.note.data, current_user.id, utcnow()
        ),
        m,
        lambda refusals, status: _page(signal_id, status, refusals, close_form=form),
    )
    flash(_("The signal has ended."), "success")
    return redirect(url_for("signals.index"))


@bp.get("/dashboard")
@requires("signal.dashboard")
def dashboard() -> Any:
    """Signals per neighbourhood over the past year: a table, and charts of how soon they
    were picked up and how many ended with the resident joining something."""
    found = counts.figures(utcnow(), policy.dashboard_signals(policy.viewer()))
    names = [f.name or _("No neighbourhood team") for f in found]
    slowest = max([f.median_days or 0 for f in found] + [1])
    return render_template(
        "signals/dashboard.html",
        rows=list(zip(names, found, strict=True)),
        days_chart=bars([(n, f.median_days) for n, f in zip(names, found, strict=True)], slowest),
        joined_chart=bars([(n, f.joined_share) for n, f in zip(names, found, strict=True)]),
        outcomes=OUTCOME_LABELS,
    )
