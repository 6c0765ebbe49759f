"""Tenant administration: partner organisations and the methodologies they work with."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from kring.core import enablement, organisations
from kring.core.tenancy import Organisation, OrganisationKind
from kring.extensions import db
from kring.web.access import requires
from kring.web.admin.forms import EnableMethodologyForm, OrganisationForm
from kring.web.tenancy import get_or_404

bp = Blueprint("admin", __name__, url_prefix="/t/<tenant>/admin", template_folder="templates")


def _methodology_choices() -> list[SelectChoice]:
    locale = str(get_locale())
    return [
        SelectChoice(key, m.name(locale))
        for key, m in sorted(current_app.extensions["kring.plugins"].methodologies().items())
    ]


def _page(form: OrganisationForm, status: int = 200) -> Any:
    enable_form = EnableMethodologyForm()
    enable_form.methodology.choices = _methodology_choices()
    return render_template(
        "admin/organisations.html",
        form=form,
        enable_form=enable_form,
        organisations=organisations.summaries(),
        methodologies=current_app.extensions["kring.plugins"].methodologies(),
    ), status


@bp.get("/organisations")
@requires("organisation.manage")
def organisations_page() -> Any:
    return _page(OrganisationForm())


@bp.post("/organisations")
@requires("organisation.manage")
def create_organisation() -> Any:
    form = OrganisationForm()
    if not form.validate_on_submit():
        return _page(form, 422)
    try:
        organisations.create(
            form.name.data or "", OrganisationKind(form.kind.data), current_user.id
        )
    except organisations.DuplicateOrganisation:
        form.name.errors = [_("An organisation with this name already exists.")]
        db.session.rollback()
        return _page(form, 422)
    db.session.commit()
    flash(_("Organisation added."), "success")
    return redirect(url_for("admin.organisations_page"))


@bp.post("/organisations/<int:organisation_id>/methodologies")
@requires("methodology.enable")
def enable_methodology(organisation_id: int) -> Any:
    organisation = get_or_404(Organisation, organisation_id)
    form = EnableMethodologyForm()
    form.methodology.choices = _methodology_choices()
    if not form.validate_on_submit():
        flash(_("Choose one of the listed methodologies."), "error")
        return _page(OrganisationForm(), 422)
    installed = current_app.extensions["kring.plugins"].methodologies()
    enablement.enable(organisation, form.methodology.data or "", installed, current_user.id)
    db.session.commit()
    flash(_("Methodology enabled for %(name)s.", name=organisation.name), "success")
    return redirect(url_for("admin.organisations_page"))
