"""Onderzoek pages: the ranking of the tenant's neighbourhoods for a new circle, and importing
their CBS statistics. A bad file is shown back line by line with 422; nothing of it is kept."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from kring.access import policy
from kring.core.db import today
from kring.extensions import db
from kring.http.access import requires
from kring.http.methodology import locale
from kring.neighbourhoods import importing, service
from kring.neighbourhoods.forms import ImportForm
from kring.neighbourhoods.research import research

bp = Blueprint(
    "neighbourhoods", __name__, url_prefix="/t/<tenant>/neighbourhoods", template_folder="templates"
)


@bp.get("/")
@requires("neighbourhood.research")
def ranking() -> Any:
    who = policy.viewer()
    if not policy.research_settings(who):
        return render_template("neighbourhoods/ranking.html", found=None)
    found = research(who, request.args.get("methodology"), locale(), today())
    return render_template("neighbourhoods/ranking.html", found=found)


def _import_page(form: ImportForm, status: int = 200, problems: Any = None) -> Any:
    return render_template(
        "neighbourhoods/import.html",
        form=form,
        problems=problems or [],
        years=service.years(),
        max_lines=importing.MAX_LINES,
    ), status


@bp.get("/statistics")
@requires("neighbourhood.import")
def statistics() -> Any:
    form = ImportForm()
    form.year.data = form.year.data or today().year - 1
    return _import_page(form)


@bp.post("/statistics")
@requires("neighbourhood.import")
def upload() -> Any:
    form = ImportForm()
    if not form.validate_on_submit():
        return _import_page(form, 422)
    parsed = importing.read(form.file.data)
    year = int(form.year.data or 0)
    result = service.import_statistics(parsed, year, today().year, current_user.id)
    if not result.is_done:
        db.session.rollback()
        return _import_page(form, 422, result.problems)
    db.session.commit()
    flash(
        _(
            "Figures of %(count)s neighbourhoods for %(year)s are imported;"
            " %(new)s of them are new.",
            count=result.written,
            year=year,
            new=len(result.created),
        ),
        "success",
    )
    return redirect(url_for("neighbourhoods.ranking"))
