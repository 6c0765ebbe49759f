"""Sign-in card pages: the coach's page to print or revoke a participant's card, and the
public page the card's link opens.

Opening the link does not sign anyone in by itself: the page asks to press one large button.
Link previews in chat apps and mail scanners fetch links too, and must not sign anyone in.
"""

from __future__ import annotations

from typing import Any

import segno
from flask import (
    Blueprint,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user
from markupsafe import Markup

from kring.access import policy
from kring.core.access import Reach
from kring.extensions import db, limiter, sign_in_limit
from kring.http.access import public, requires
from kring.http.commands import perform
from kring.http.methodology import methodologies
from kring.notify.models import Channel
from kring.people.models import Person
from kring.signin import service
from kring.signin.lookup import circle_residents

bp = Blueprint("signin", __name__, url_prefix="/t/<tenant>", template_folder="templates")


def _manage(person: Person, refusals: list[str] | None = None, code: int = 200) -> Any:
    return render_template(
        "signin/manage.html",
        person=person,
        status=service.status(person),
        reachable=service.reachable_by(person),
        refusals=refusals or [],
    ), code


@bp.get("/people/<int:person_id>/sign-in-card")
@requires("signin.issue")
def manage(person_id: int) -> Any:
    person, _reach = policy.person_or_404(person_id, Reach.full)
    return _manage(person)


def qr_code(link: str) -> Markup:
    """The link as an inline SVG QR code (medium error correction: a worn card still scans)."""
    svg = segno.make(link, error="m").svg_inline(
        scale=5, border=2, title=_("QR code to sign in"), svgclass="qr-code", lineclass=None
    )
    return Markup(svg)


@bp.post("/people/<int:person_id>/sign-in-card")
@requires("signin.issue")
def issue(person_id: int) -> Any:
    """Print a new card: the link and its QR code are shown this once."""
    person, _reach = policy.person_or_404(person_id, Reach.full)
    token = perform(
        lambda: service.issue(person, current_user.id, g.tenant.locale, methodologies()),
        None,
        lambda refusals, code: _manage(person, refusals, code),
    )
    link = url_for("signin.welcome", token=token, _external=True)
    return render_template("signin/card.html", cards=[(person, link, qr_code(link))], back=None)


@bp.post("/people/<int:person_id>/sign-in-card/send")
@requires("signin.issue")
def send(person_id: int) -> Any:
    """A new card whose link goes to the participant by e-mail or SMS instead of on paper."""
    person, _reach = policy.person_or_404(person_id, Reach.full)
    try:
        channel = Channel(request.form.get("channel", ""))
    except ValueError:
        return _manage(person, [_("Choose how to send the link: by e-mail or by SMS.")], 422)
    perform(
        lambda: service.send_link(
            person, channel, current_user.id, g.tenant.locale, methodologies()
        ),
        None,
        lambda refusals, code: _manage(person, refusals, code),
    )
    if channel == Channel.sms:
        flash(_("A new sign-in link goes to %(name)s by SMS.", name=person.name), "success")
    else:
        flash(_("A new sign-in link goes to %(name)s by e-mail.", name=person.name), "success")
    return redirect(url_for("signin.manage", person_id=person.id))


@bp.post("/people/<int:person_id>/sign-in-card/revoke")
@requires("signin.issue")
def revoke(person_id: int) -> Any:
    person, _reach = policy.person_or_404(person_id, Reach.full)
    if service.revoke(person, current_user.id):
        flash(_("The card of %(name)s no longer works.", name=person.name), "success")
    db.session.commit()
    return redirect(url_for("signin.manage", person_id=person.id))


@bp.get("/in/<token>")
@public
@limiter.limit(sign_in_limit)
def welcome(token: str) -> Any:
    card = service.card_for(token)
    if card is None:
        return render_template("signin/gone.html"), 404
    return render_template("signin/welcome.html", token=token)


@bp.post("/in/<token>")
@public
@limiter.limit(sign_in_limit)
def sign_in(token: str) -> Any:
    card = service.card_for(token)
    user = service.use(card) if card is not None else None
    if user is None:
        return render_template("signin/gone.html"), 404
    session.clear()
    login_user(user, remember=True)
    db.session.commit()
    return redirect(url_for("home.index"))


@bp.get("/circles/<int:circle_id>/sign-in-cards")
@requires("signin.issue")
def circle_cards(circle_id: int) -> Any:
    """The circle's participants and their cards, to print cards for several at once."""
    circle, m, found = circle_residents(circle_id)
    return render_template("signin/circle.html", circle=circle, m=m, residents=found)


@bp.post("/circles/<int:circle_id>/sign-in-cards")
@requires("signin.issue")
def print_circle_cards(circle_id: int) -> Any:
    """New cards for the chosen participants of this circle, on one sheet; all or none."""
    circle, m, found = circle_residents(circle_id)
    chosen = set(request.form.getlist("person_id"))
    people = [r.person for r in found if str(r.person.id) in chosen]
    if not people:
        flash(_("Choose at least one participant."), "error")
        return render_template("signin/circle.html", circle=circle, m=m, residents=found), 422
    every = methodologies()
    tokens = perform(
        lambda: [service.issue(p, current_user.id, g.tenant.locale, every) for p in people], m
    )
    cards = []
    for person, token in zip(people, tokens, strict=True):
        link = url_for("signin.welcome", token=token, _external=True)
        cards.append((person, link, qr_code(link)))
    return render_template("signin/card.html", cards=cards, back=circle)
