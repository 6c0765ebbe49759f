"""Exchange: talents and help between the members of a circle ("you mow my lawn, I cook for
you"). No points, no currency: a member asks, another offers, it is done or not, the asker
thanks; the circle sees who helped whom.

The commands take the person who acts (the member the policy found for the request, or the
participant someone acts on behalf of) and refuse, naming every reason, what the rules do not
allow: only current members ask and offer, nobody offers on their own request, only the two of
them close it, and only the asker thanks, once it is done.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from kring.circles import queries as circle_queries
from kring.circles.models import ENDED, Circle, CircleMember
from kring.core import journal
from kring.core.db import utcnow
from kring.core.methodology import Unmet
from kring.core.rules import Refused, refusal
from kring.exchange.models import (
    CATEGORIES,
    ContactKind,
    Encounter,
    HelpRequest,
    HelpStatus,
    OutsideContact,
    Talent,
    Wish,
)
from kring.extensions import db
from kring.people.models import Person

MAX_WORDS = 200
MAX_WHAT = 500
MAX_DESCRIPTION = 100


def current_members(circle: Circle) -> dict[int, Person]:
    """The people who take part in ``circle`` now (candidates included), by id."""
    return {p.id: p for p in circle_queries.people_in(circle)}


def is_member(circle: Circle, person_id: int | None) -> bool:
    """Whether this person takes part in the circle now."""
    if person_id is None:
        return False
    return (
        db.session.execute(
            select(CircleMember.id).where(
                CircleMember.circle_id == circle.id,
                CircleMember.person_id == person_id,
                CircleMember.status.not_in(ENDED),
            )
        ).first()
        is not None
    )


def _category(category: str | None, unmet: list[Unmet]) -> str | None:
    if not category:
        return None
    if category not in CATEGORIES:
        unmet.append(
            refusal(
                "exchange.category",
                "Choose one of the listed kinds of help",
                "Kies een van de genoemde soorten hulp",
                is_input=True,
            )
        )
    return category


def _text(value: str, limit: int, rule: str, unmet: list[Unmet]) -> str:
    text = " ".join((value or "").split())
    if not text:
        unmet.append(
            refusal(rule, "Say it in a few words", "Zeg het in een paar woorden", is_input=True)
        )
    elif len(text) > limit:
        unmet.append(
            refusal(
                rule,
                "Say it in at most {limit} characters",
                "Zeg het in hoogstens {limit} tekens",
                is_input=True,
                limit=limit,
            )
        )
    return text


def _not_a_member(action_en: str, action_nl: str) -> Unmet:
    return refusal(
        "exchange.member",
        f"Only people in the {{circle_term}} {action_en}",
        f"Alleen wie in de {{circle_term}} zit, {action_nl}",
        circle_term="circle",
    )


# --- help ----------------------------------------------------------------------------------


def ask(
    circle: Circle, person_id: int | None, what: str, category: str | None, actor_id: int | None
) -> HelpRequest:
    """A member asks the circle for help, in their own words."""
    unmet: list[Unmet] = []
    text = _text(what, MAX_WHAT, "help.what", unmet)
    chosen = _category(category, unmet)
    if not is_member(circle, person_id):
        unmet.append(_not_a_member("ask for help", "vraagt om hulp"))
    if unmet:
        raise Refused(unmet)
    assert person_id is not None
    request = HelpRequest(circle_id=circle.id, asked_by_id=person_id, what=text, category=chosen)
    db.session.add(request)
    db.session.flush()
    journal.record("help.asked", request, actor_id)
    return request


def offer(
    request: HelpRequest, circle: Circle, person_id: int | None, actor_id: int | None
) -> HelpRequest:
    """Another member offers to help with an open request."""
    unmet: list[Unmet] = []
    if not is_member(circle, person_id):
        unmet.append(_not_a_member("offer help", "biedt hulp aan"))
    if person_id == request.asked_by_id:
        unmet.append(
            refusal(
                "help.self",
                "You cannot offer help with your own request",
                "Je kunt geen hulp aanbieden bij je eigen vraag",
            )
        )
    if request.status is not HelpStatus.open:
        unmet.append(
            refusal(
                "help.not_open",
                "Someone already offered, or the request is closed",
                "Iemand bood al hulp aan, of de vraag is afgesloten",
            )
        )
    if unmet:
        raise Refused(unmet)
    request.status = HelpStatus.offered
    request.offered_by_id = person_id
    request.offered_at = utcnow()
    journal.record("help.offered", request, actor_id)
    return request


def close(
    request: HelpRequest, person_id: int | None, is_done: bool, actor_id: int | None
) -> HelpRequest:
    """The asker or the helper says the help was given (done) or will not happen (not done).
    Done needs someone who offered; an open request may be closed as not done by its asker."""
    unmet: list[Unmet] = []
    if person_id is None or person_id not in (request.asked_by_id, request.offered_by_id):
        unmet.append(
            refusal(
                "help.party",
                "Only the one who asked or the one who helps closes a request",
                "Alleen wie vroeg of wie helpt, sluit een vraag af",
            )
        )
    allowed = (HelpStatus.offered,) if is_done else (HelpStatus.open, HelpStatus.offered)
    if request.status not in allowed:
        unmet.append(
            refusal(
                "help.state",
                "This request cannot be closed that way now",
                "Deze vraag kan nu niet zo worden afgesloten",
            )
        )
    if unmet:
        raise Refused(unmet)
    request.status = HelpStatus.done if is_done else HelpStatus.not_done
    request.done_at = utcnow()
    journal.record("help.closed", request, actor_id, status=request.status.value)
    return request


def thank(
    request: HelpRequest, person_id: int | None, text: str, actor_id: int | None
) -> HelpRequest:
    """The asker thanks the helper, once the help is done."""
    unmet: list[Unmet] = []
    words = _text(text, MAX_WHAT, "help.thanks", unmet)
    if person_id is None or person_id != request.asked_by_id:
        unmet.append(
            refusal(
                "help.thanks_by",
                "Only the one who asked says thank you",
                "Alleen wie vroeg, zegt dankjewel",
            )
        )
    if request.status is not HelpStatus.done:
        unmet.append(
            refusal(
                "help.thanks_done",
                "Thanks follow once the help is done",
                "Bedanken kan als de hulp gegeven is",
            )
        )
    elif request.thanks:
        unmet.append(refusal("help.thanked", "You already said thank you", "Je zei al dankjewel"))
    if unmet:
        raise Refused(unmet)
    request.thanks = words
    request.thanked_at = utcnow()
    journal.record("help.thanked", request, actor_id)
    return request


def open_requests(circle_ids: list[int]) -> list[HelpRequest]:
    """Open requests (nobody offered yet) of these circles, oldest first."""
    return running_requests(circle_ids, (HelpStatus.open,))


def running_requests(
    circle_ids: list[int], statuses: tuple[HelpStatus, ...] = (HelpStatus.open, HelpStatus.offered)
) -> list[HelpRequest]:
    """Requests of these circles that are still open or being helped with, oldest first."""
    if not circle_ids:
        return []
    return list(
        db.session.execute(
            select(HelpRequest)
            .where(HelpRequest.circle_id.in_(circle_ids), HelpRequest.status.in_(statuses))
            .order_by(HelpRequest.asked_at, HelpRequest.id)
        ).scalars()
    )


def requests_of(circle: Circle, limit: int = 50) -> list[HelpRequest]:
    """A circle's requests: open and offered first (oldest first), then the latest closed."""
    running = db.session.execute(
        select(HelpRequest)
        .where(
            HelpRequest.circle_id == circle.id,
            HelpRequest.status.in_((HelpStatus.open, HelpStatus.offered)),
        )
        .order_by(HelpRequest.asked_at, HelpRequest.id)
    ).scalars()
    closed = db.session.execute(
        select(HelpRequest)
        .where(
            HelpRequest.circle_id == circle.id,
            HelpRequest.status.in_((HelpStatus.done, HelpStatus.not_done)),
        )
        .order_by(HelpRequest.done_at.desc(), HelpRequest.id.desc())
        .limit(limit)
    ).scalars()
    return [*running, *closed]


def request_in(circle: Circle, request_id: int) -> HelpRequest | None:
    """A request of this very circle; any other id is None."""
    return db.session.execute(
        select(HelpRequest).where(HelpRequest.id == request_id, HelpRequest.circle_id == circle.id)
    ).scalar_one_or_none()


# --- talents, wishes, contacts outside, meeting outside -------------------------------------

Words = Talent | Wish


def words_of(person: Person) -> tuple[list[Talent], list[Wish]]:
    """A person's talents and wishes, oldest first."""
    talents = db.session.execute(
        select(Talent).where(Talent.person_id == person.id).order_by(Talent.id)
    ).scalars()
    wishes = db.session.execute(
        select(Wish).where(Wish.person_id == person.id).order_by(Wish.id)
    ).scalars()
    return list(talents), list(wishes)


def add_words(
    kind: type[Talent] | type[Wish], person: Person, words: str, category: str | None
) -> Talent | Wish:
    """Add a talent or a wish to a person's list, in their own words."""
    unmet: list[Unmet] = []
    text = _text(words, MAX_WORDS, "exchange.words", unmet)
    chosen = _category(category, unmet)
    if unmet:
        raise Refused(unmet)
    row = kind(person_id=person.id, words=text, category=chosen)
    db.session.add(row)
    db.session.flush()
    return row


def contacts_of(person_ids: list[int]) -> list[OutsideContact]:
    """The contacts outside the circle of these people, by person and kind."""
    if not person_ids:
        return []
    return list(
        db.session.execute(
            select(OutsideContact)
            .where(OutsideContact.person_id.in_(person_ids))
            .order_by(OutsideContact.person_id, OutsideContact.kind, OutsideContact.id)
        ).scalars()
    )


def add_contact(person: Person, kind: ContactKind, description: str) -> OutsideContact:
    """Someone the person knows outside the circle: a first name or a description only."""
    unmet: list[Unmet] = []
    text = _text(description, MAX_DESCRIPTION, "exchange.description", unmet)
    if unmet:
        raise Refused(unmet)
    contact = OutsideContact(person_id=person.id, kind=kind, description=text)
    db.session.add(contact)
    db.session.flush()
    return contact


def record_encounter(
    circle: Circle, person_id: int | None, other_id: int, met_on: date, today: date
) -> Encounter:
    """A member records that they met another member outside the meeting, on a day."""
    unmet: list[Unmet] = []
    if met_on > today:
        unmet.append(
            refusal(
                "exchange.met_on",
                "A meeting that happened lies in the past",
                "Een ontmoeting die plaatsvond ligt in het verleden",
                is_input=True,
            )
        )
    if other_id == person_id or not is_member(circle, other_id):
        unmet.append(
            refusal(
                "exchange.other",
                "Choose someone else in the {circle_term}",
                "Kies iemand anders uit de {circle_term}",
                is_input=True,
                circle_term="circle",
            )
        )
    if not is_member(circle, person_id):
        unmet.append(_not_a_member("record meetings", "legt ontmoetingen vast"))
    if unmet:
        raise Refused(unmet)
    assert person_id is not None
    encounter = Encounter(
        circle_id=circle.id, person_id=person_id, other_id=other_id, met_on=met_on
    )
    db.session.add(encounter)
    db.session.flush()
    return encounter


def encounters_by(circle: Circle, person_id: int | None, limit: int = 5) -> list[Encounter]:
    """The latest meetings outside this person recorded in the circle, newest first."""
    if person_id is None:
        return []
    return list(
        db.session.execute(
            select(Encounter)
            .where(Encounter.circle_id == circle.id, Encounter.person_id == person_id)
            .order_by(Encounter.met_on.desc(), Encounter.id.desc())
            .limit(limit)
        ).scalars()
    )
