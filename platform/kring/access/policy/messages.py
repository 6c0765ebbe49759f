"""Need-to-know for messages: one's own messages in the app, who sets how a person is reached,
the admin's failed messages, and what the development mail log shows whom. Part of the one
policy: ``kring.access.policy`` re-exports every name here."""

from __future__ import annotations

from flask import abort
from sqlalchemy import ColumnElement, false, or_, select

from kring.access import log
from kring.access.policy import person_reach, viewer, visible_people
from kring.core.access import Reach, Viewer, acting_for
from kring.core.accounts import Role
from kring.extensions import db
from kring.http.tenancy import get_or_none
from kring.notify.models import Channel, OutboxMessage
from kring.people.models import Person


def own_message_or_404(message_id: object) -> OutboxMessage:
    """A message in the viewer's own inbox in the app (one the delivery job has shown); any
    other id, someone else's message or one still waiting, is 404."""
    message = get_or_none(OutboxMessage, message_id)
    who = viewer()
    if (
        message is None
        or who.user_id is None
        or message.user_id != who.user_id
        or message.channel != Channel.app
        or message.sent_at is None
    ):
        abort(404)
    return message


def may_set_preferences_for(who: Viewer, person: Person) -> bool:
    """How a person is reached is chosen by themself, or for them by a coach or project
    leader who reaches them fully (the same relationship that prints their sign-in card), or
    by the volunteer or coach acting on their behalf (who reached them to start acting)."""
    if person.id in who.person_ids or person.id == acting_for():
        return True
    if not (who.has(Role.coach) or who.has(Role.project_leader)):
        return False
    return person_reach(who, person) >= Reach.full


def preferences_person_or_404(person_id: object) -> Person:
    """The person whose message preferences the viewer sets; logged as read. Any other id is
    404, and a refused attempt on a real record is logged as refused."""
    person = get_or_none(Person, person_id)
    if person is None:
        abort(404)
    if not may_set_preferences_for(viewer(), person):
        log.refused(viewer(), [person.id])
        abort(404)
    log.shown(viewer(), [person.id])
    return person


def failed_message_or_404(message_id: object) -> OutboxMessage:
    """A message of this tenant that failed for good, for the admin who tries it again (the
    ``outbox.manage`` permission says who may); any other id is 404."""
    message = get_or_none(OutboxMessage, message_id)
    if (
        message is None
        or message.failed_at is None
        or message.sent_at is not None
        or message.cancelled_at is not None
    ):
        abort(404)
    return message


# --- messages sent (the development mail log) -------------------------------------------------


def visible_sent_messages(who: Viewer) -> ColumnElement[bool]:
    """A condition on ``OutboxMessage`` for the messages ``who`` may read in the development mail
    log: those to their own person, those to (or copied about) people they reach with contact
    details (a project leader: their organisations' members and recruits), and for a tenant
    admin those to no resident (staff e-mails, messages to a plain address)."""
    conditions: list[ColumnElement[bool]] = []
    if who.person_ids:
        conditions.append(OutboxMessage.person_id.in_(who.person_ids))
    if who.has(Role.project_leader):
        conditions.append(
            OutboxMessage.person_id.in_(select(Person.id).where(visible_people(who, Reach.contact)))
        )
    if who.has(Role.tenant_admin):
        conditions.append(OutboxMessage.person_id.is_(None))
    return or_(*conditions) if conditions else false()


def sent_message_or_404(message_id: object) -> OutboxMessage:
    """A sent message ``who`` may read (above); any other id is 404. A message to a resident
    is logged as a read of that person."""
    message = get_or_none(OutboxMessage, message_id)
    if message is None or message.sent_at is None:
        abort(404)
    who = viewer()
    readable = db.session.execute(
        select(visible_sent_messages(who)).where(OutboxMessage.id == message.id)
    ).scalar_one()
    if not readable:
        if message.person_id is not None:
            log.refused(who, [message.person_id])
        abort(404)
    if message.person_id is not None:
        log.shown(who, [message.person_id])
    return message
