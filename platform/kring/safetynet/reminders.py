"""What the safety net brings to people's attention: an escalation that comes to a step of the
ladder (written when it is raised or passed up), one that is not answered in time (to the step
it sits with and the next one up), and members whose contact with the volunteer is overdue.

The question itself never travels: it may be sensitive, and stays in Kring. A message says whom
it is about, in which circle, and by when.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from babel.dates import format_datetime
from flask import current_app
from sqlalchemy import select

from kring.circles.models import Circle
from kring.core.accounts import Role
from kring.core.db import utcnow
from kring.core.methodology import EscalationLadder, Methodology, Params, Phrase, ReminderIntent
from kring.extensions import db
from kring.notify import service as notify
from kring.notify import team
from kring.notify.words import LOCALES, day_in_both, local_zone, morning, term_in_both
from kring.people.models import Person
from kring.safetynet import service as safetynet
from kring.safetynet.models import Escalation

RAISED = (
    Phrase(
        en="A question about {name} ({severity_en}) waits for you",
        nl="Een vraag over {name} ({severity_nl}) wacht op je",
    ),
    Phrase(
        en="A question about {name} in {circle} came to you as {step_en}. Please answer by "
        "{due_en}; you find it under Escalations in Kring.",
        nl="Een vraag over {name} in {circle} is bij jou als {step_nl} gekomen. Antwoord graag "
        "uiterlijk {due_nl}; je vindt haar onder Escalaties in Kring.",
    ),
)
OVERDUE = (
    Phrase(
        en="Not answered yet: a question about {name} ({severity_en})",
        nl="Nog niet beantwoord: een vraag over {name} ({severity_nl})",
    ),
    Phrase(
        en="A question about {name} in {circle} waits with the {step_en}; it should have been "
        "answered by {due_en}. You find it under Escalations in Kring.",
        nl="Een vraag over {name} in {circle} wacht bij de {step_nl}; die had uiterlijk "
        "{due_nl} beantwoord moeten zijn. Je vindt haar onder Escalaties in Kring.",
    ),
)
CONTACT_DUE = (
    Phrase(en="Time to get in touch with {name}", nl="Tijd om contact op te nemen met {name}"),
    Phrase(
        en="{last_en} Drop by or give them a call, and note the contact in Kring.",
        nl="{last_nl} Ga even langs of bel, en schrijf het contact op in Kring.",
    ),
)
LAST_CONTACT = Phrase(
    en="Your last contact with {name} ({circle}) was on {day_en}.",
    nl="Je laatste contact met {name} ({circle}) was op {day_nl}.",
)
NO_CONTACT = Phrase(
    en="No contact with {name} ({circle}) has been noted yet.",
    nl="Er is nog geen contact met {name} ({circle}) opgeschreven.",
)


def _escalation_params(
    escalation: Escalation, name: str, circle: Circle, m: Methodology, step: str
) -> Params:
    tz = local_zone()
    due = {
        f"due_{locale}": format_datetime(
            escalation.due_by, "d MMMM, HH:mm", tzinfo=tz, locale=locale
        )
        for locale in LOCALES
    }
    return {
        "name": name,
        "circle": circle.name,
        **term_in_both("severity", m, escalation.severity),
        **term_in_both("step", m, step),
        **due,
    }


def escalation_intents(
    why: str,
    escalation: Escalation,
    name: str,
    circle: Circle,
    m: Methodology,
    user_ids: Iterable[int],
    now: datetime,
) -> Iterator[ReminderIntent]:
    """A message about ``escalation`` to each of ``user_ids``, once per step it sits at:
    ``why`` is ``raised`` (it came to them) or ``overdue`` (it was not answered in time)."""
    assert m.escalation is not None
    step = m.escalation.step_key(escalation.step)
    title, body = RAISED if why == "raised" else OVERDUE
    params = _escalation_params(escalation, name, circle, m, step)
    for user_id in sorted(set(user_ids)):
        yield ReminderIntent(
            key=f"escalation-{why}:{escalation.id}:{escalation.step}:{user_id}",
            kind=f"escalation_{why}",
            title=title,
            body=body,
            params=params,
            due_at=now,
            user_id=user_id,
            circle_id=circle.id,
            link=f"/escalations/{escalation.id}",
        )


def tell(
    why: str,
    escalation: Escalation,
    circle: Circle,
    m: Methodology,
    user_ids: Iterable[int],
) -> None:
    """Write the messages about ``escalation`` now, in the transaction of what happened."""
    person = db.session.get(Person, escalation.person_id)
    name = person.name if person is not None else ""
    for intent in escalation_intents(why, escalation, name, circle, m, user_ids, utcnow()):
        notify.remind(intent)


def _up_the_ladder(
    ladder: EscalationLadder, m: Methodology, escalation: Escalation
) -> tuple[str, str | None]:
    """The role the escalation sits with, and the next role up when that is a role of the
    circle (help outside the circle, and the top, have no login: the project leaders stand in)."""
    roles = {r.key for r in m.roles}
    here = ladder.step_key(escalation.step)
    above = None if ladder.is_last(escalation.step) else ladder.step_key(escalation.step + 1)
    return here, above if above in roles else None


def overdue_escalations(now: datetime) -> Iterator[ReminderIntent]:
    """For every open escalation past its due time and not answered: a reminder to the step
    it sits with and to the next person up the ladder (the project leaders where the next
    step is help outside the circle, or there is none), once per step. Three queries."""
    methodologies: dict[str, Methodology] = current_app.extensions["kring.plugins"].methodologies()
    laddered = [k for k, m in methodologies.items() if m.escalation is not None]
    rows = db.session.execute(
        select(Escalation, Circle, Person.name)
        .join(Circle, Circle.id == Escalation.circle_id)
        .join(Person, Person.id == Escalation.person_id)
        .where(
            Escalation.resolved_at.is_(None),
            Escalation.answered_at.is_(None),
            Escalation.due_by < now,
            Circle.methodology_key.in_(laddered),
        )
        .order_by(Escalation.due_by, Escalation.id)
    ).all()
    if not rows:
        return
    circle_ids = {circle.id for _e, circle, _n in rows}
    in_role, leaders = team.by_member_role(circle_ids), team.project_leaders(circle_ids)
    for escalation, circle, name in rows:
        m = methodologies[circle.methodology_key]
        assert m.escalation is not None
        here, above = _up_the_ladder(m.escalation, m, escalation)
        told = set(in_role.get((circle.id, here), set()))
        told |= in_role.get((circle.id, above), set()) if above else leaders.get(circle.id, set())
        yield from escalation_intents("overdue", escalation, name, circle, m, told, now)


def contacts_due(now: datetime) -> Iterator[ReminderIntent]:
    """For every member whose contact is due (the methodology's ``contact_every_days`` after
    the last one, or after joining), a reminder to the circle's volunteers on the morning of
    the day it falls due; a contact logged moves the day, and the next reminder with it.
    Two queries whatever the number of circles and members."""
    methodologies: dict[str, Methodology] = current_app.extensions["kring.plugins"].methodologies()
    laddered = [k for k, m in methodologies.items() if m.escalation is not None]
    tz = local_zone()
    today = now.astimezone(tz).date()
    due = [
        d
        for d in safetynet.contacts_due(Circle.methodology_key.in_(laddered), methodologies, today)
        if d.due_on <= today
    ]
    volunteers = team.holding(Role.volunteer, {d.circle_id for d in due})
    for d in due:
        about: Params = {"name": d.person_name, "circle": d.circle_name}
        if d.last_contact_on is not None:
            sentence, about = LAST_CONTACT, {**about, **day_in_both("day", d.last_contact_on)}
        else:
            sentence = NO_CONTACT
        last = {f"last_{locale}": sentence.render(locale, about) for locale in LOCALES}
        for user_id in sorted(volunteers.get(d.circle_id, set())):
            yield ReminderIntent(
                key=f"contact-due:{d.circle_id}:{d.person_id}:{d.due_on.isoformat()}:{user_id}",
                kind="contact_due",
                title=CONTACT_DUE[0],
                body=CONTACT_DUE[1],
                params={**about, **last},
                due_at=max(morning(d.due_on, tz), now),
                user_id=user_id,
                circle_id=d.circle_id,
                link=f"/circles/{d.circle_id}/contacts",
            )
