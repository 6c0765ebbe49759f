"""The access log's pages: a tenant admin searches it by resident, user and period; a resident
(or whoever reaches their whole record) sees who looked at their data. Reading the log is
itself logged."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from kring.access import log, policy, service
from kring.core.access import Reach
from kring.http.access import SIGNED_IN, requires
from kring.http.paging import page_number

bp = Blueprint("access", __name__, url_prefix="/t/<tenant>", template_folder="templates")


def _day(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


def _number(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


@bp.get("/access-log")
@requires("accesslog.view")
def index() -> Any:
    search = service.Search(
        person_id=_number("person"),
        user_id=_number("user"),
        start=_day("from"),
        end=_day("to"),
        exports_only=request.args.get("exports") == "1",
    )
    found = service.search(search, page_number())
    log.shown(policy.viewer(), service.subjects(found.items))
    return render_template("access/index.html", page=found, search=search)


@bp.get("/people/<int:person_id>/access")
@requires("person.view")
def person_report(person_id: int) -> Any:
    person, _reach = policy.person_or_404(person_id, need=Reach.full)
    found = service.search(service.Search(person_id=person.id), page_number())
    return render_template("access/person.html", person=person, page=found)


@bp.post("/people/<int:person_id>/on-behalf")
@requires("person.view")
def act_for(person_id: int) -> Any:
    """Start acting on behalf of a participant one reaches: from now on every change and
    every read records both the actor and the participant."""
    person, _reach = policy.person_or_404(person_id)
    session[log.ACTING_FOR] = person.id
    flash(_("You now act on behalf of %(name)s.", name=person.name), "info")
    return redirect(url_for("people.show", person_id=person.id))


@bp.post("/on-behalf/stop")
@requires(SIGNED_IN)
def stop_acting() -> Any:
    session.pop(log.ACTING_FOR, None)
    flash(_("You act for yourself again."), "info")
    return redirect(url_for("home.index"))
