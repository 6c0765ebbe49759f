"""Need-to-know for help between members: who asks, offers and thanks in a circle (the
member acting there), and whose talents, wishes and contacts outside someone keeps. Part of the
one policy: ``kring.access.policy`` re-exports every name here."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from kring.access.policy import viewer
from kring.circles.models import ENDED, Circle, CircleMember
from kring.core.access import acting_for
from kring.exchange.models import Encounter, HelpRequest, OutsideContact, Talent, Wish
from kring.extensions import db
from kring.http.tenancy import get_or_none


def acting_member(circle: Circle) -> int | None:
    """The person who asks, offers and thanks in this circle for the request: the participant
    acted on behalf of, when they take part in it; else the viewer's own person that does.
    ``None`` for someone who only reads (the project leader)."""
    on_behalf = acting_for()
    candidates = [on_behalf] if on_behalf is not None else sorted(viewer().person_ids)
    if not candidates:
        return None
    return db.session.execute(
        select(CircleMember.person_id)
        .where(
            CircleMember.circle_id == circle.id,
            CircleMember.person_id.in_(candidates),
            CircleMember.status.not_in(ENDED),
        )
        .order_by(CircleMember.person_id)
    ).scalar()


def help_request_or_404(circle: Circle, request_id: object) -> HelpRequest:
    """A help request of this very circle (which the viewer reached already); any other id is
    404. The asker and helper are logged as read where the page or API names them."""
    request = get_or_none(HelpRequest, request_id)
    if request is None or request.circle_id != circle.id:
        abort(404)
    return request


def encounter_or_404(circle: Circle, encounter_id: object) -> Encounter:
    """A meeting outside recorded in this circle by the member acting here (a mistake is taken
    back by whoever wrote it); any other id is 404."""
    encounter = get_or_none(Encounter, encounter_id)
    if encounter is None or encounter.circle_id != circle.id:
        abort(404)
    if encounter.person_id != acting_member(circle):
        abort(404)
    return encounter


def own_person_id() -> int | None:
    """The person whose talents, wishes and contacts the viewer keeps: the participant acted
    on behalf of, else the viewer's own person (the first, when a login has several)."""
    on_behalf = acting_for()
    if on_behalf is not None:
        return on_behalf
    return min(viewer().person_ids) if viewer().person_ids else None


def may_change_own(person_id: int) -> bool:
    """Talents, wishes and contacts outside are changed by the person themself, or by whoever
    acts on their behalf (and so reached them already)."""
    return person_id == own_person_id()


Owned = Talent | Wish | OutsideContact


def owned_or_404(model: type[Talent] | type[Wish] | type[OutsideContact], item_id: object) -> Owned:
    """A talent, wish or contact outside of the viewer's own person (or the participant they
    act for); any other id is 404."""
    item = get_or_none(model, item_id)
    if item is None or not may_change_own(item.person_id):
        abort(404)
    return item
