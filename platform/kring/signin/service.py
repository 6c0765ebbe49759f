"""Issuing, using and revoking sign-in cards.

A card is a secret link (and its QR code) that signs one participant in without an e-mail
address or a password: many participants have neither, or no habit of them. Because a card is
easier to pass on than a password, it is only for logins that can do no more than a participant
can: a login holding any other role, in any tenant, is refused a card.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select

from kring.circles.models import ENDED, Circle, CircleMember
from kring.core import journal
from kring.core.accounts import Role, RoleGrant, TrainerGrant, User
from kring.core.db import utcnow
from kring.core.methodology import Methodology, Phrase, ReminderIntent, Unmet
from kring.core.rules import Refused, refusal
from kring.core.secrets import digest, new_secret
from kring.core.tenancy import system_scope
from kring.extensions import db
from kring.notify import recipients
from kring.notify import service as notify
from kring.notify.models import Channel
from kring.people.models import Person
from kring.signin.models import SignInLink

LINK_KEY = "sign-in-link"
LINK_CHANNELS = (Channel.email, Channel.sms)
LINK_TITLE = Phrase(en="Your link to sign in to Kring", nl="Je link om in te loggen bij Kring")
LINK_BODY = Phrase(
    en="Open the link and press the big button to sign in. Keep it to yourself: it replaces "
    "your earlier card.",
    nl="Open de link en druk op de grote knop om in te loggen. Houd hem voor jezelf: hij "
    "vervangt je eerdere kaart.",
)
"""Short: an SMS holds the title, this and the link in at most two parts."""


@dataclass(frozen=True, slots=True)
class CardStatus:
    """What the manage page shows: the card in use, if any."""

    card: SignInLink | None


def status(person: Person) -> CardStatus:
    """The person's working card, if any: a coach sees whether it is in use, never its link."""
    card = db.session.execute(
        select(SignInLink).where(SignInLink.person_id == person.id, SignInLink.revoked_at.is_(None))
    ).scalar_one_or_none()
    return CardStatus(card)


@dataclass(frozen=True, slots=True)
class Resident:
    """A participant of a circle and their working card, if any, for the circle's card list."""

    person: Person
    card: SignInLink | None


def residents(circle: Circle, m: Methodology) -> list[Resident]:
    """The circle's current participants by name, with their cards, in two queries."""
    people = list(
        db.session.execute(
            select(Person)
            .join(CircleMember, CircleMember.person_id == Person.id)
            .where(
                CircleMember.circle_id == circle.id,
                CircleMember.role == m.size_rule.role,
                CircleMember.status.not_in(ENDED),
            )
            .order_by(Person.name, Person.id)
        ).scalars()
    )
    cards = {
        card.person_id: card
        for card in db.session.execute(
            select(SignInLink).where(
                SignInLink.person_id.in_([p.id for p in people]), SignInLink.revoked_at.is_(None)
            )
        ).scalars()
    }
    return [Resident(person, cards.get(person.id)) for person in people]


def _holds_more_than_participant(user: User) -> bool:
    if user.is_platform_admin:
        return True
    with system_scope("a sign-in card is refused to a login with any staff role, in any tenant"):
        staff = db.session.execute(
            select(RoleGrant.id).where(
                RoleGrant.user_id == user.id, RoleGrant.role != Role.participant
            )
        ).first()
        trainer = db.session.execute(
            select(TrainerGrant.id).where(TrainerGrant.user_id == user.id)
        ).first()
    return staff is not None or trainer is not None


def _login_for(person: Person, locale: str) -> User:
    """The person's login, made now (without e-mail or password) when they have none, and
    holding the participant role in this tenant."""
    user = db.session.get(User, person.user_id) if person.user_id else None
    if user is None:
        user = User(email=None, name=person.name, password_hash=None, locale=locale)
        db.session.add(user)
        db.session.flush()
        person.user_id = user.id
    has_role = db.session.execute(
        select(RoleGrant.id).where(RoleGrant.user_id == user.id, RoleGrant.role == Role.participant)
    ).first()
    if has_role is None:
        db.session.add(RoleGrant(user_id=user.id, role=Role.participant))
    return user


def is_resident(person: Person, methodologies: Mapping[str, Methodology]) -> bool:
    """Whether the person takes part in a circle as one of its residents (the role its
    methodology counts: participant, member, bewoner), not as its volunteer or professional."""
    rows = db.session.execute(
        select(CircleMember.role, Circle.methodology_key)
        .join(Circle, Circle.id == CircleMember.circle_id)
        .where(CircleMember.person_id == person.id, CircleMember.status.not_in(ENDED))
    ).all()
    return any(
        key in methodologies and role == methodologies[key].size_rule.role for role, key in rows
    )


def _refusals(person: Person, methodologies: Mapping[str, Methodology]) -> list[Unmet]:
    found = []
    if not is_resident(person, methodologies):
        found.append(
            refusal(
                "signin.not_participant",
                "A sign-in card is for the participants of a circle: this person takes part "
                "in none as a participant.",
                "Een inlogkaart is voor de deelnemers van een groep: deze persoon doet nergens "
                "mee als deelnemer.",
            )
        )
    existing = db.session.get(User, person.user_id) if person.user_id else None
    if existing is not None and _holds_more_than_participant(existing):
        found.append(
            refusal(
                "signin.staff",
                "A sign-in card is only for participants: this person signs in with a "
                "password because they hold another role.",
                "Een inlogkaart is alleen voor deelnemers: deze persoon logt in met een "
                "wachtwoord omdat die ook een andere rol heeft.",
            )
        )
    return found


def issue(
    person: Person, actor_id: int | None, locale: str, methodologies: Mapping[str, Methodology]
) -> str:
    """A new card for ``person``, who must be a circle's participant with no staff role;
    earlier cards stop working. Returns the secret, which is shown once and never stored."""
    unmet = _refusals(person, methodologies)
    if unmet:
        raise Refused(unmet)
    user = _login_for(person, locale)
    _revoke_cards(person)
    token = new_secret()
    card = SignInLink(
        person_id=person.id, user_id=user.id, token_hash=digest(token), issued_by_id=actor_id
    )
    db.session.add(card)
    db.session.flush()
    journal.record("signin.issued", person, actor_id)
    return token


def _revoke_cards(person: Person) -> int:
    # A link sent earlier and not out yet would not work any more: call it off.
    notify.cancel_by_key_prefix(f"{LINK_KEY}:{person.id}:", utcnow())
    cards = db.session.execute(
        select(SignInLink).where(SignInLink.person_id == person.id, SignInLink.revoked_at.is_(None))
    ).scalars()
    count = 0
    for card in cards:
        card.revoked_at = utcnow()
        count += 1
    return count


def reachable_by(person: Person) -> list[Channel]:
    """The channels a sign-in link can be sent to the person by: e-mail and SMS, where they
    have an address."""
    found = recipients.for_person(person.id)
    if found is None:
        return []
    return [c for c, a in ((Channel.email, found.email), (Channel.sms, found.phone)) if a]


def send_link(
    person: Person,
    channel: Channel,
    actor_id: int | None,
    locale: str,
    methodologies: Mapping[str, Methodology],
) -> None:
    """A new card for ``person`` whose link goes to them by ``channel`` (e-mail or SMS), as
    one outbox row to their own address, never to a contact person; earlier cards stop
    working. Refused, like a printed card, for anyone who may not have one, and when the
    person has no address for ``channel``."""
    unmet = _refusals(person, methodologies)
    if channel not in reachable_by(person):
        unmet.append(
            refusal(
                "signin.no_address",
                "There is no address to send the link to this way: add one to the "
                "person, or print a card.",
                "Er is geen adres om de link zo naartoe te sturen: vul er een in bij de "
                "persoon, of druk een kaart af.",
                is_input=True,
            )
        )
    if unmet:
        raise Refused(unmet)
    token = issue(person, actor_id, locale, methodologies)
    card = status(person).card
    assert card is not None
    notify.remind_by(
        ReminderIntent(
            key=f"{LINK_KEY}:{person.id}:{card.id}",
            kind="sign_in_link",
            title=LINK_TITLE,
            body=LINK_BODY,
            due_at=utcnow(),
            person_id=person.id,
            link=f"/in/{token}",
        ),
        channel,
    )
    journal.record("signin.sent", person, actor_id, channel=str(channel))


def revoke(person: Person, actor_id: int | None) -> bool:
    """Stop the person's card and sign them out everywhere it signed them in. False when
    there was no card."""
    if not _revoke_cards(person):
        return False
    user = db.session.get(User, person.user_id) if person.user_id else None
    if user is not None:
        user.end_sessions()
    journal.record("signin.revoked", person, actor_id)
    return True


def card_for(token: str) -> SignInLink | None:
    """The card a link names, while it works (in the tenant in scope)."""
    card = db.session.execute(
        select(SignInLink).where(SignInLink.token_hash == digest(token))
    ).scalar_one_or_none()
    return card if card is not None and card.is_active else None


def use(card: SignInLink) -> User | None:
    """The login a working card signs in, or None when that login is switched off."""
    user = db.session.get(User, card.user_id)
    if user is None or not user.is_active:
        return None
    card.last_used_at = user.last_login_at = utcnow()
    journal.record("user.login", user, user.id, by="sign-in card")
    return user
