"""Tenant administration: partner organisations and the methodologies they work with."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from kring.extensions import db
from kring.http.access import requires
from kring.http.methodology import locale, methodologies
from kring.http.tenancy import get_or_404
from kring.organisations import service
from kring.organisations.forms import EnableMethodologyForm, OrganisationForm
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
