"""Domain events: an area announces what happened, and other areas subscribe.

Events are blinker signals (Flask's own signal library), sent by a service *after* the change
and inside its transaction, so that a subscriber's rows (a journal entry today; reminders and
audits later) commit or roll back together with the change that caused them. The sender is the
changed record; keyword arguments are small JSON-able facts (ids, keys, ISO dates), never
personal data. An area imports another area's services only to ask, never to notify: it sends
an event instead. Every event is documented in ``docs/hooks.md``, beside the plugin hooks.
"""

from __future__ import annotations

from blinker import NamedSignal, Namespace

_events = Namespace()

circle_created: NamedSignal = _events.signal(
    "circle.created", doc="sender: the Circle; actor_id, methodology"
)
circle_phase_moved: NamedSignal = _events.signal(
    "circle.phase_moved", doc="sender: the Circle; actor_id, source, target, on (ISO date)"
)
member_joined: NamedSignal = _events.signal(
    "member.joined", doc="sender: the CircleMember; actor_id, circle_id, role, status"
)
member_admitted: NamedSignal = _events.signal(
    "member.admitted", doc="sender: the CircleMember after a fitting intake; actor_id, circle_id"
)
member_left: NamedSignal = _events.signal(
    "member.left",
    doc="sender: the CircleMember; actor_id, circle_id, status (left or alumni), reason",
)

meeting_held: NamedSignal = _events.signal(
    "meeting.held",
    doc="sender: the Meeting, when its attendance is first recorded; actor_id, circle_id",
)
meeting_cancelled: NamedSignal = _events.signal(
    "meeting.cancelled", doc="sender: the Meeting; actor_id, circle_id"
)
member_missing_meetings: NamedSignal = _events.signal(
    "member.missing_meetings",
    doc="sender: the Meeting that made the streak as long as the methodology signals; "
    "actor_id, circle_id, person_id, missed",
)

contact_logged: NamedSignal = _events.signal(
    "contact.logged", doc="sender: the Contact; actor_id, circle_id, person_id, kind"
)
escalation_raised: NamedSignal = _events.signal(
    "escalation.raised",
    doc="sender: the Escalation; actor_id, circle_id, person_id, severity, step (a term key)",
)
escalation_answered: NamedSignal = _events.signal(
    "escalation.answered", doc="sender: the Escalation; actor_id, circle_id"
)
escalation_passed_up: NamedSignal = _events.signal(
    "escalation.passed_up", doc="sender: the Escalation; actor_id, circle_id, step (a term key)"
)
escalation_resolved: NamedSignal = _events.signal(
    "escalation.resolved", doc="sender: the Escalation; actor_id, circle_id"
)

ALL: tuple[NamedSignal, ...] = (
    circle_created,
    circle_phase_moved,
    member_joined,
    member_admitted,
    member_left,
    meeting_held,
    meeting_cancelled,
    member_missing_meetings,
    contact_logged,
    escalation_raised,
    escalation_answered,
    escalation_passed_up,
    escalation_resolved,
)
"""Every domain event; the journal records each one."""
