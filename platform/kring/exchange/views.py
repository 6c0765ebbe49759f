"""Exchange pages: a circle's help board, its network picture, and my talents and wishes.

Phone first: one column, big buttons, every form with a visible label. Changes go through the
exchange service via ``perform``, so a refusal re-renders the page with every reason."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from kring.access import log, policy
from kring.circles.models import Circle
from kring.core.access import Reach
from kring.core.db import today
from kring.core.methodology import Methodology
from kring.exchange import network, picture, service
from kring.exchange.board import board, namer
from kring.exchange.forms import (
    CATEGORY_LABELS,
    CONTACT_LABELS,
    STATUS_LABELS,
    AskForm,
    CloseForm,
    ContactForm,
    EncounterForm,
    ThanksForm,
    WordsForm,
    category_choices,
)
from kring.exchange.models import ContactKind, OutsideContact, Talent, Wish
from kring.extensions import db
from kring.http.access import requires
from kring.http.commands import perform
from kring.http.methodology import hooks_for, locale
from kring.people.models import Person

bp = Blueprint("exchange", __name__, url_prefix="/t/<tenant>", template_folder="templates")

PERIODS = (3, 6, 12)
CLOSED_SHOWN = 10
"""Closed requests the board shows, latest first; the network page counts them all."""


def _m(circle: Circle) -> Methodology:
    return hooks_for(circle.methodology_key).methodology


def _words(m: Methodology) -> dict[str, Any]:
    return {"term": lambda key: m.terms.term(key, locale()), "m": m}


# --- the help board ------------------------------------------------------------------------


def _ask_form() -> AskForm:
    form = AskForm(prefix="ask")
    form.category.choices = category_choices()
    return form


def _encounter_form(members: dict[int, str], me: int | None) -> EncounterForm:
    form = EncounterForm(prefix="met")
    form.other.choices = [SelectChoice(str(pid), n) for pid, n in members.items() if pid != me]
    if not form.met_on.data and request.method == "GET":
        form.met_on.data = today()
    return form


def _board_page(
    circle: Circle,
    reach: Reach,
    status: int = 200,
    refusals: list[str] | None = None,
    **forms: Any,
) -> Any:
    me = policy.acting_member(circle)
    shown = board(circle, reach, me, closed=CLOSED_SHOWN)
    log.shown(policy.viewer(), shown.person_ids)
    context: dict[str, Any] = {
        "ask_form": _ask_form(),
        "close_form": CloseForm(prefix="close"),
        "thanks_form": ThanksForm(prefix="thanks"),
        "met_form": _encounter_form(shown.members, me),
        "my_encounters": service.encounters_by(circle, me),
    }
    context.update(forms)
    return render_template(
        "exchange/board.html",
        circle=circle,
        board=shown,
        categories=CATEGORY_LABELS,
        statuses=STATUS_LABELS,
        refusals=refusals or [],
        **_words(_m(circle)),
        **context,
    ), status


def _refused(circle: Circle, reach: Reach, **forms: Any) -> Any:
    return lambda refusals, status: _board_page(circle, reach, status, refusals, **forms)


def _back(circle: Circle, anchor: str = "") -> Any:
    return redirect(url_for("exchange.board", circle_id=circle.id) + anchor, 303)


@bp.get("/circles/<int:circle_id>/help", endpoint="board")
@requires("exchange.view")
def help_board(circle_id: int) -> Any:
    circle, reach = policy.circle_or_404(circle_id, Reach.first_names)
    return _board_page(circle, reach)


@bp.post("/circles/<int:circle_id>/help")
@requires("exchange.take_part")
def ask(circle_id: int) -> Any:
    circle, reach = policy.circle_or_404(circle_id, Reach.first_names)
    form = _ask_form()
    if not form.validate_on_submit():
        return _board_page(circle, reach, 422, ask_form=form)
    perform(
        lambda: service.ask(
            circle,
            policy.acting_member(circle),
            form.what.data or "",
            form.category.data or None,
            current_user.id,
        ),
        _m(circle),
        _refused(circle, reach, ask_form=form),
    )
    flash(_("Your request is on the board."), "success")
    return _back(circle)


@bp.post("/circles/<int:circle_id>/help/<int:help_id>/offer")
@requires("exchange.take_part")
def offer(circle_id: int, help_id: int) -> Any:
    circle, reach = policy.circle_or_404(circle_id, Reach.first_names)
    found = policy.help_request_or_404(circle, help_id)
    perform(
        lambda: service.offer(found, circle, policy.acting_member(circle), current_user.id),
        _m(circle),
        _refused(circle, reach),
    )
    flash(_("Thank you for offering to help."), "success")
    return _back(circle, f"#help-{found.id}")


@bp.post("/circles/<int:circle_id>/help/<int:help_id>/close")
@requires("exchange.take_part")
def close(circle_id: int, help_id: int) -> Any:
    circle, reach = policy.circle_or_404(circle_id, Reach.first_names)
    found = policy.help_request_or_404(circle, help_id)
    form = CloseForm(prefix="close")
    if not form.validate_on_submit():
        return _board_page(circle, reach, 422, close_form=form)
    perform(
        lambda: service.close(
            found, policy.acting_member(circle), form.outcome.data == "done", current_user.id
        ),
        _m(circle),
        _refused(circle, reach),
    )
    flash(_("The request is closed."), "success")
    return _back(circle, f"#help-{found.id}")


@bp.post("/circles/<int:circle_id>/help/<int:help_id>/thanks")
@requires("exchange.take_part")
def thank(circle_id: int, help_id: int) -> Any:
    circle, reach = policy.circle_or_404(circle_id, Reach.first_names)
    found = policy.help_request_or_404(circle, help_id)
    form = ThanksForm(prefix="thanks")
    if not form.validate_on_submit():
        return _board_page(circle, reach, 422, thanks_form=form)
    perform(
        lambda: service.thank(
            found, policy.acting_member(circle), form.thanks.data or "", current_user.id
        ),
        _m(circle),
        _refused(circle, reach, thanks_form=form),
    )
    flash(_("Your thanks are passed on."), "success")
    return _back(circle, f"#help-{found.id}")


@bp.post("/circles/<int:circle_id>/met")
@requires("exchange.take_part")
def met(circle_id: int) -> Any:
    circle, reach = policy.circle_or_404(circle_id, Reach.first_names)
    me = policy.acting_member(circle)
    members = {pid: namer(reach)(p) for pid, p in service.current_members(circle).items()}
    form = _encounter_form(members, me)
    if not form.validate_on_submit():
        return _board_page(circle, reach, 422, met_form=form)
    perform(
        lambda: service.record_encounter(
            circle, me, int(form.other.data or 0), form.met_on.data or today(), today()
        ),
        _m(circle),
        _refused(circle, reach, met_form=form),
    )
    flash(_("The meeting is recorded."), "success")
    return _back(circle, "#met-heading")


@bp.post("/circles/<int:circle_id>/met/<int:encounter_id>/delete")
@requires("exchange.take_part")
def remove_met(circle_id: int, encounter_id: int) -> Any:
    circle, _reach = policy.circle_or_404(circle_id, Reach.first_names)
    db.session.delete(policy.encounter_or_404(circle, encounter_id))
    db.session.commit()
    flash(_("Removed."), "success")
    return _back(circle, "#met-heading")


# --- the network picture -------------------------------------------------------------------


def period() -> int:
    """The months the picture covers: 3, 6 or 12 (the default), from ``?months=``."""
    asked = request.args.get("months", type=int)
    return asked if asked in PERIODS else 12


@bp.get("/circles/<int:circle_id>/network", endpoint="network")
@requires("exchange.view")
def network_page(circle_id: int) -> Any:
    circle, reach = policy.circle_or_404(circle_id)
    months = period()
    day = today()
    members = service.current_members(circle) if reach >= Reach.first_names else {}
    start = network.month_start(day, months - 1)
    net = network.network(circle, members, start, network.month_start(day, -1), namer(reach))
    log.shown(policy.viewer(), list(members))
    trend = network.trend(circle, day, months)
    return render_template(
        "exchange/network.html",
        circle=circle,
        reach=reach,
        net=net,
        drawing=picture.draw(net),
        trend=trend,
        bars=picture.bars(trend),
        chart_height=picture.CHART_HEIGHT,
        bar_step=picture.BAR_STEP,
        months=months,
        periods=PERIODS,
        until=day,
        contact_labels=CONTACT_LABELS,
        **_words(_m(circle)),
    )


# --- my talents, wishes and contacts outside -----------------------------------------------


def _own_person() -> Person:
    person_id = policy.own_person_id()
    if person_id is None:
        abort(404)
    person, _reach = policy.person_or_404(person_id, Reach.first_names)
    return person


def _words_form(prefix: str) -> WordsForm:
    form = WordsForm(prefix=prefix)
    form.category.choices = category_choices()
    return form


def _contact_form() -> ContactForm:
    form = ContactForm(prefix="contact")
    form.kind.choices = [SelectChoice(k.value, label) for k, label in CONTACT_LABELS.items()]
    return form


def _mine_page(person: Person, status: int = 200, **forms: Any) -> Any:
    talents, wishes = service.words_of(person)
    context: dict[str, Any] = {
        "talent_form": _words_form("talent"),
        "wish_form": _words_form("wish"),
        "contact_form": _contact_form(),
    }
    context.update(forms)
    return render_template(
        "exchange/mine.html",
        person=person,
        talents=talents,
        wishes=wishes,
        contacts=service.contacts_of([person.id]),
        categories=CATEGORY_LABELS,
        contact_labels=CONTACT_LABELS,
        **context,
    ), status


@bp.get("/exchange/mine")
@requires("exchange.talents")
def mine() -> Any:
    return _mine_page(_own_person())


def _add_words(kind: type[Talent] | type[Wish], prefix: str) -> Any:
    person = _own_person()
    form = _words_form(prefix)
    if not form.validate_on_submit():
        return _mine_page(person, 422, **{f"{prefix}_form": form})
    service.add_words(kind, person, form.words.data or "", form.category.data or None)
    db.session.commit()
    flash(_("Added."), "success")
    return redirect(url_for("exchange.mine") + f"#{prefix}s-heading", 303)


@bp.post("/exchange/mine/talents")
@requires("exchange.talents")
def add_talent() -> Any:
    return _add_words(Talent, "talent")


@bp.post("/exchange/mine/wishes")
@requires("exchange.talents")
def add_wish() -> Any:
    return _add_words(Wish, "wish")


@bp.post("/exchange/mine/contacts")
@requires("exchange.talents")
def add_contact() -> Any:
    person = _own_person()
    form = _contact_form()
    if not form.validate_on_submit():
        return _mine_page(person, 422, contact_form=form)
    service.add_contact(person, ContactKind(form.kind.data), form.description.data or "")
    db.session.commit()
    flash(_("Added."), "success")
    return redirect(url_for("exchange.mine") + "#contacts-heading", 303)


def _remove(model: type[Talent] | type[Wish] | type[OutsideContact], item_id: int) -> Any:
    item = policy.owned_or_404(model, item_id)
    db.session.delete(item)
    db.session.commit()
    flash(_("Removed."), "success")
    return redirect(url_for("exchange.mine"), 303)


@bp.post("/exchange/mine/talents/<int:talent_id>/delete")
@requires("exchange.talents")
def remove_talent(talent_id: int) -> Any:
    return _remove(Talent, talent_id)


@bp.post("/exchange/mine/wishes/<int:wish_id>/delete")
@requires("exchange.talents")
def remove_wish(wish_id: int) -> Any:
    return _remove(Wish, wish_id)


@bp.post("/exchange/mine/contacts/<int:contact_id>/delete")
@requires("exchange.talents")
def remove_contact(contact_id: int) -> Any:
    return _remove(OutsideContact, contact_id)
