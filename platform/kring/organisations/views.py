"""Tenant administration: partner organisations and the methodologies they work with."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from kring.extensions import db
from kring.http.access import requires
from kring.http.methodology import locale, methodologies
from kring.http.tenancy import get_or_404
from kring.onboarding.service import defined_in_files
from kring.organisations import service
from kring.organisations.forms import (
    DisableMethodologyForm,
    EnableMethodologyForm,
    OrganisationForm,
)
from kring.organisations.models import Organisation, OrganisationKind

bp = Blueprint(
    "organisations", __name__, url_prefix="/t/<tenant>/admin", template_folder="templates"
)


def _methodology_choices() -> list[SelectChoice]:
    return [SelectChoice(key, m.name(locale())) for key, m in sorted(methodologies().items())]


def _page(form: OrganisationForm, status: int = 200) -> Any:
    enable_form = EnableMethodologyForm()
    enable_form.methodology.choices = _methodology_choices()
    return render_template(
        "organisations/index.html",
        form=form,
        enable_form=enable_form,
        organisations=service.summaries(),
        methodologies=methodologies(),
        defined_in_files=defined_in_files(g.tenant.id),
    ), status


@bp.get("/organisations")
@requires("organisation.manage")
def index() -> Any:
    return _page(OrganisationForm())


@bp.post("/organisations")
@requires("organisation.manage")
def create() -> Any:
    form = OrganisationForm()
    if not form.validate_on_submit():
        return _page(form, 422)
    try:
        service.create(form.name.data or "", OrganisationKind(form.kind.data), current_user.id)
    except service.DuplicateOrganisation:
        form.name.errors = [_("An organisation with this name already exists.")]
        db.session.rollback()
        return _page(form, 422)
    db.session.commit()
    flash(_("Organisation added."), "success")
    return redirect(url_for("organisations.index"))


@bp.post("/organisations/<int:organisation_id>/methodologies")
@requires("methodology.enable")
def enable_methodology(organisation_id: int) -> Any:
    organisation = get_or_404(Organisation, organisation_id)
    form = EnableMethodologyForm()
    form.methodology.choices = _methodology_choices()
    if not form.validate_on_submit():
        flash(_("Choose one of the listed methodologies."), "error")
        return _page(OrganisationForm(), 422)
    service.enable(organisation, form.methodology.data or "", methodologies(), current_user.id)
    db.session.commit()
    flash(_("Methodology enabled for %(name)s.", name=organisation.name), "success")
    return redirect(url_for("organisations.index"))


def _edit_page(
    organisation: Organisation, form: OrganisationForm | None = None, status: int = 200
) -> Any:
    summary = service.summary(organisation)
    if form is None:
        form = OrganisationForm(obj=organisation)
        form.kind.data = organisation.kind.value
    disable_form = DisableMethodologyForm()
    disable_form.methodology.choices = [
        SelectChoice(key, methodologies()[key].name(locale()) if key in methodologies() else key)
        for key in summary.methodology_keys
    ]
    return render_template(
        "organisations/edit.html",
        organisation=organisation,
        summary=summary,
        form=form,
        disable_form=disable_form,
        methodologies=methodologies(),
        defined_in_files=defined_in_files(g.tenant.id),
    ), status


@bp.get("/organisations/<int:organisation_id>")
@requires("organisation.manage")
def edit(organisation_id: int) -> Any:
    """One organisation: its name and kind, archiving it, the methodologies it stopped."""
    return _edit_page(get_or_404(Organisation, organisation_id))


@bp.post("/organisations/<int:organisation_id>")
@requires("organisation.manage")
def update(organisation_id: int) -> Any:
    """Rename the organisation or change its kind."""
    organisation = get_or_404(Organisation, organisation_id)
    form = OrganisationForm()
    if not form.validate_on_submit():
        return _edit_page(organisation, form, 422)
    try:
        service.update(
            organisation, form.name.data or "", OrganisationKind(form.kind.data), current_user.id
        )
    except service.DuplicateOrganisation:
        db.session.rollback()
        form.name.errors = [_("An organisation with this name already exists.")]
        return _edit_page(get_or_404(Organisation, organisation_id), form, 422)
    return _saved(organisation, _("Organisation saved."))


def _saved(organisation: Organisation, done: str) -> Any:
    """Commit a change to one organisation and go back to its page, saying what was done."""
    organisation_id = organisation.id
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("organisations.edit", organisation_id=organisation_id))


def _archived(organisation_id: int, archived: bool) -> Any:
    """Archive the organisation (no new circles; its circles and history stay) or bring it
    back."""
    organisation = get_or_404(Organisation, organisation_id)
    if archived:
        service.archive(organisation, current_user.id)
        done = _("%(name)s is archived.", name=organisation.name)
    else:
        service.restore(organisation, current_user.id)
        done = _("%(name)s is active again.", name=organisation.name)
    return _saved(organisation, done)


@bp.post("/organisations/<int:organisation_id>/archive")
@requires("organisation.manage")
def archive(organisation_id: int) -> Any:
    """Archive: no new circles; its circles and history stay."""
    return _archived(organisation_id, True)


@bp.post("/organisations/<int:organisation_id>/restore")
@requires("organisation.manage")
def restore(organisation_id: int) -> Any:
    """Bring an archived organisation back."""
    return _archived(organisation_id, False)


@bp.post("/organisations/<int:organisation_id>/methodologies/disable")
@requires("methodology.enable")
def disable_methodology(organisation_id: int) -> Any:
    """The organisation stops working with a methodology: no new circles of it."""
    organisation = get_or_404(Organisation, organisation_id)
    form = DisableMethodologyForm()
    form.methodology.choices = [
        SelectChoice(k, k) for k in service.summary(organisation).methodology_keys
    ]
    if not form.validate_on_submit():
        flash(_("Choose one of the listed methodologies."), "error")
        return _edit_page(organisation, status=422)
    service.disable(organisation, form.methodology.data or "", current_user.id)
    return _saved(
        organisation,
        _("%(name)s starts no new circles of this methodology.", name=organisation.name),
    )
