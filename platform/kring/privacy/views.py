"""A person's data on a page, as JSON and as PDF, and the erasure behind a confirmation that
names the person. The person is reached through ``policy.rights_person_or_404`` only. The
tenant admin's retention page (``/admin/retention``) says how long former participants' data
stays, and changes it where the tenant is not set up from a file."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from kring.access import log, policy
from kring.core.db import today
from kring.extensions import db
from kring.http.access import has_permission, requires
from kring.http.commands import perform
from kring.http.methodology import locale
from kring.http.paging import page_number
from kring.identity.web import requires_recent_sign_in
from kring.privacy import downloads, export, requests, retention
from kring.privacy import erase as erasure
from kring.privacy.forms import EraseForm, RetentionForm
from kring.privacy.guard import rights_request

bp = Blueprint("privacy", __name__, url_prefix="/t/<tenant>", template_folder="templates")


@bp.get("/rights-requests")
@rights_request("person.export")
def people() -> Any:
    """The people whose data the reader hands over or erases, searched by name or postcode and
    paged; every person listed is logged as read (``policy.rights_people``)."""
    query = request.args.get("q", "").strip()[:200]
    who = policy.viewer()
    found = requests.rights_page(
        policy.rights_people(who),
        page_number(),
        query,
        own_person_ids=who.person_ids,
        may_erase=has_permission("person.erase"),
    )
    log.shown(who, [row.id for row in found.items])
    return render_template("privacy/people.html", page=found, query=query)


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


def _retention_page(form: RetentionForm | None = None, status: int = 200) -> Any:
    found = retention.setting(g.tenant, today())
    if form is None:
        form = RetentionForm(data={"months": found.months})
    return render_template("privacy/retention.html", retention=found, form=form), status


@bp.get("/admin/retention")
@requires("tenant.retention")
def retention_page() -> Any:
    """How long the tenant keeps a former participant's data, in words, and how many people
    the next nightly run would erase."""
    return _retention_page()


@bp.post("/admin/retention")
@requires("tenant.retention")
@requires_recent_sign_in()
def change_retention() -> Any:
    form = RetentionForm()
    if not form.validate_on_submit():
        return _retention_page(form, 422)
    try:
        changed = retention.change(g.tenant, form.months.data or 0, current_user.id)
    except retention.RetentionRefused:
        # only a tenant from files gets here (the form holds the bounds): the page says why
        db.session.rollback()
        return _retention_page(form, 409)
    db.session.commit()
    if changed:
        flash(_("From now on, data is kept %(months)s months.", months=form.months.data), "success")
    return redirect(url_for("privacy.retention_page"))
