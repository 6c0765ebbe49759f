"""Invented life for the demo tenants: talents and wishes, months of help between members,
meetings outside the meeting and contacts outside the circle, so the help board and the
network picture show something real. A second run adds nothing."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from kring.circles.models import Circle
from kring.core.tenancy import Tenant, current_tenant_id
from kring.exchange import network, service
from kring.exchange.models import (
    ContactKind,
    Encounter,
    HelpRequest,
    HelpStatus,
    OutsideContact,
    Talent,
    Wish,
)
from kring.extensions import db

_HELP = {
    "nl": [
        ("het gras maaien", "garden", "tuinieren en gras maaien"),
        ("een maaltijd koken", "cooking", "koken voor anderen"),
        ("boodschappen doen", "shopping", "boodschappen doen met de auto"),
        ("een lift naar de huisarts", "transport", "autorijden"),
        ("een brief van de gemeente lezen", "paperwork", "brieven en formulieren"),
        ("de telefoon instellen", "technology", "telefoon en computer"),
        ("een lamp ophangen", "odd_jobs", "klussen in huis"),
        ("samen een wandeling maken", "company", "wandelen en een praatje"),
    ],
    "en": [
        ("mow the lawn", "garden", "gardening and mowing"),
        ("cook a meal", "cooking", "cooking for others"),
        ("do the shopping", "shopping", "shopping by car"),
        ("a lift to the doctor", "transport", "driving"),
        ("read a letter from the council", "paperwork", "letters and forms"),
        ("set up the phone", "technology", "phones and computers"),
        ("put up a lamp", "odd_jobs", "odd jobs around the house"),
        ("go for a walk together", "company", "walking and a chat"),
    ],
}
_THANKS = {"nl": "Dank je wel, wat fijn!", "en": "Thank you, that was lovely!"}
_CONTACTS = {
    "nl": [
        (ContactKind.family, "dochter Anja"),
        (ContactKind.neighbour, "buurvrouw Ria"),
        (ContactKind.church, "koor van de kerk"),
        (ContactKind.club, "biljartclub"),
    ],
    "en": [
        (ContactKind.family, "daughter Ann"),
        (ContactKind.neighbour, "neighbour Rita"),
        (ContactKind.church, "church choir"),
        (ContactKind.club, "bowls club"),
    ],
}
MONTHS = 9


def _at(day: date) -> datetime:
    return datetime.combine(day, time(14), tzinfo=UTC)


def bring_to_life(today: date) -> None:
    """Give every circle of the tenant in scope with two or more members months of help, once:
    a circle that has any request already is left alone."""
    tenant = db.session.get(Tenant, current_tenant_id())
    words = _HELP["en" if tenant is not None and tenant.locale == "en" else "nl"]
    lang = "en" if tenant is not None and tenant.locale == "en" else "nl"
    for circle in db.session.execute(select(Circle).order_by(Circle.id)).scalars():
        members = list(service.current_members(circle))
        has_help = db.session.execute(
            select(HelpRequest.id).where(HelpRequest.circle_id == circle.id)
        ).first()
        if len(members) < 2 or has_help is not None:
            continue
        _give_life(circle, members, words, lang, today, random.Random(circle.id))
    db.session.flush()


def _give_life(
    circle: Circle,
    members: list[int],
    words: list[tuple[str, str, str]],
    lang: str,
    today: date,
    rng: random.Random,
) -> None:
    for i, person_id in enumerate(members):
        what, category, talent = words[i % len(words)]
        if db.session.execute(select(Talent.id).where(Talent.person_id == person_id)).first():
            continue
        db.session.add(Talent(person_id=person_id, words=talent, category=category))
        wish = words[(i + 3) % len(words)]
        db.session.add(Wish(person_id=person_id, words=wish[0], category=wish[1]))
        kind, description = _CONTACTS[lang][i % len(_CONTACTS[lang])]
        db.session.add(OutsideContact(person_id=person_id, kind=kind, description=description))
    first = network.month_start(today, MONTHS - 1)
    for back in range(MONTHS - 1, -1, -1):
        month = network.month_start(today, back)
        for _ in range(rng.randint(1, 3) + (MONTHS - back) // 3):
            day = month + timedelta(days=rng.randint(0, 27))
            if day >= today or day < first:
                continue
            asker, helper = rng.sample(members, 2)
            what, category, _talent = rng.choice(words)
            done = rng.random() > 0.15
            thanks = _THANKS[lang] if done and rng.random() > 0.4 else None
            db.session.add(
                HelpRequest(
                    circle_id=circle.id,
                    asked_by_id=asker,
                    what=what,
                    category=category,
                    status=HelpStatus.done if done else HelpStatus.not_done,
                    offered_by_id=helper if done else None,
                    asked_at=_at(day - timedelta(days=3)),
                    offered_at=_at(day - timedelta(days=2)) if done else None,
                    done_at=_at(day),
                    thanks=thanks,
                    thanked_at=_at(day) if thanks else None,
                )
            )
            one, other = rng.sample(members, 2)
            db.session.add(
                Encounter(circle_id=circle.id, person_id=one, other_id=other, met_on=day)
            )
    for asker in members[:2]:
        what, category, _talent = words[(members.index(asker) + 5) % len(words)]
        db.session.add(
            HelpRequest(
                circle_id=circle.id,
                asked_by_id=asker,
                what=what,
                category=category,
                asked_at=_at(today - timedelta(days=1)),
            )
        )
