"""Signals: care workers report residents who may be lonely; the team follows them up."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from kring.access import log, policy
from kring.core.db import today
from kring.extensions import db
from kring.http.access import requires
from kring.http.commands import perform
from kring.http.methodology import locale, methodologies
from kring.http.paging import page_number
from kring.signals import service as signals
from kring.signals.forms import STATUS_LABELS, SignalForm, StatusForm
from kring.signals.models import SignalStatus

bp = Blueprint("signals", __name__, url_prefix="/t/<tenant>/signals", template_folder="templates")


def _destinations() -> dict[str, signals.Destination]:
    return {
        f"{d.organisation.id}:{d.methodology.key}": d for d in signals.destinations(methodologies())
    }


def _form_page(form: SignalForm, status: int = 200, refusals: list[str] | None = None) -> Any:
    form.destination.choices = [
        SelectChoice(value, f"{d.organisation.name} — {d.methodology.name(locale())}")
        for value, d in _destinations().items()
    ]
    own = signals.listing(methodologies(), today(), signaled_by=current_user.id, size=20)
    return render_template(
        "signals/new.html", form=form, own=own, labels=STATUS_LABELS, refusals=refusals or []
    ), status


@bp.get("/new")
@requires("signal.create")
def new() -> Any:
    return _form_page(SignalForm())


@bp.post("/")
@requires("signal.create")
def create() -> Any:
    form = SignalForm()
    destinations = _destinations()
    form.destination.choices = [SelectChoice(value) for value in destinations]
    if not form.validate_on_submit():
        return _form_page(form, 422)
    destination = destinations[form.destination.data or ""]
    perform(
        lambda: signals.report(
            destination,
            form.resident_name.data or "",
            form.postcode.data,
            form.birth_date.data,
            form.reason.data or "",
            current_user.id,
            today(),
        ),
        destination.methodology,
        lambda refusals, status: _form_page(form, status, refusals),
    )
    flash(
        _("Thank you. The team will get in touch with %(name)s.", name=form.resident_name.data),
        "success",
    )
    return redirect(url_for("signals.new"))


def _status_form() -> StatusForm:
    form = StatusForm()
    form.status.choices = [SelectChoice(s.value, label) for s, label in STATUS_LABELS.items()]
    return form


def _team_listing() -> Any:
    """The signals the reader's team follows up, one page; each shown signal is logged."""
    who = policy.viewer()
    found = signals.listing(
        methodologies(), today(), number=page_number(), visible=policy.visible_signals(who)
    )
    log.shown(who, [r.signal.id for r in found.items], log.SIGNAL)
    return found


@bp.get("/")
@requires("signal.view")
def index() -> Any:
    return render_template(
        "signals/index.html",
        page=_team_listing(),
        labels=STATUS_LABELS,
        status_form=_status_form(),
    )


@bp.post("/<int:signal_id>/status")
@requires("signal.handle")
def set_status(signal_id: int) -> Any:
    signal = policy.signal_or_404(signal_id)
    form = _status_form()
    if not form.validate_on_submit():
        flash(_("Choose one of the listed statuses."), "error")
        return redirect(url_for("signals.index")), 303
    signals.set_status(signal, SignalStatus(form.status.data), form.note.data, current_user.id)
    db.session.commit()
    flash(_("The signal about %(name)s is updated.", name=signal.resident_name), "success")
    return redirect(url_for("signals.index"))
