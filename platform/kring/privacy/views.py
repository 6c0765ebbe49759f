"""A person's data on a page, as JSON and as PDF, and the erasure behind a confirmation that
names the person. The person is reached through ``policy.rights_person_or_404`` only."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from kring.access import policy
from kring.http.commands import perform
from kring.http.methodology import locale
from kring.privacy import downloads, export
from kring.privacy import erase as erasure
from kring.privacy.forms import EraseForm
from kring.privacy.guard import rights_request

bp = Blueprint("privacy", __name__, url_prefix="/t/<tenant>", template_folder="templates")


@bp.get("/people/<int:person_id>/data")
@rights_request("person.export")
def data(person_id: int) -> Any:
    """What Kring holds about a person, kind by kind, with the files to hand them."""
    person = policy.rights_person_or_404(person_id)
    return render_template(
        "privacy/data.html",
        person=person,
        data=export.export(person, locale()),
        may_erase=policy.may_erase(policy.viewer(), person),
    )


@bp.get("/people/<int:person_id>/data.json")
@rights_request("person.export")
def data_json(person_id: int) -> Response:
    return downloads.export_file(policy.rights_person_or_404(person_id), "json", locale())


@bp.get("/people/<int:person_id>/data.pdf")
@rights_request("person.export")
def data_pdf(person_id: int) -> Response:
    return downloads.export_file(policy.rights_person_or_404(person_id), "pdf", locale())


def _erasable(person_id: int) -> Any:
    person = policy.rights_person_or_404(person_id)
    if not policy.may_erase(policy.viewer(), person):
        abort(403)
    return person


def _confirm_page(person: Any, form: EraseForm, status: int = 200) -> Any:
    form.confirm.label.text = _("Yes, erase the data of %(name)s", name=person.name)
    return render_template("privacy/erase.html", person=person, form=form), status


@bp.get("/people/<int:person_id>/erase")
@rights_request("person.erase")
def confirm_erase(person_id: int) -> Any:
    """The confirmation: who will be erased, what goes and what stays."""
    return _confirm_page(_erasable(person_id), EraseForm())


@bp.post("/people/<int:person_id>/erase")
@rights_request("person.erase")
def erase(person_id: int) -> Any:
    person = _erasable(person_id)
    form = EraseForm()
    if not form.validate_on_submit():
        return _confirm_page(person, form, 422)
    name = person.name
    done = perform(lambda: erasure.erase(person, current_user.id), None)
    if done.was_erased_before:
        flash(_("This person's data was erased before."), "success")
    else:
        flash(_("The data of %(name)s is erased.", name=name), "success")
    return redirect(url_for("privacy.data", person_id=person_id))
