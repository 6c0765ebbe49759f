"""Need-to-know: who may see which resident, decided in one place (``docs/access.md``).

Tenancy keeps tenants apart; this module keeps people apart inside a tenant. What someone may
see of a circle or a person follows from their relationship to it, never from their role alone:

- a project leader reaches the circles of the organisations they are granted for (a grant
  without an organisation covers the whole tenant), their members, and people in no circle yet
  (whom they recruit);
- a coach and a volunteer reach the circles their own person takes part in: the coach fully,
  with intakes and measurements; the volunteer the names and the contact details needed to
  reach the members;
- a participant reaches their own record, and the first names of the people in their circle;
- the safety net: whoever reaches a circle's contact details (volunteer, coach, project
  leader) keeps and reads its contact log; a circle's coach and project leader see and handle
  its escalations, a volunteer those they raised; a note marked sensitive is read only by its
  writer and the members in the roles the methodology names;
- a participant reads and changes their own development plan; a coach or volunteer of their
  circle changes it with them (recorded as on their behalf) and comments; their project leader
  reads it;
- messages: everyone reads their own messages in the app and sets how they are reached; a
  coach or project leader who reaches a person fully sets that person's preferences for them
  (a participant's copies to a contact person); a tenant admin sees the outbox's failures
  with addresses masked, and tries them again;
- a tenant admin reaches circles as counts, never residents' names, unless they also hold one
  of the relationships above; signalers reach the signals they sent; platform admins and
  central trainers reach no resident at all.

Views and API resources get residents' records only through the functions here (a structural
test holds them to it), and every record handed out is written to the access log.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import abort, g
from flask_login import current_user
from sqlalchemy import ColumnElement, false, or_, select, true

from kring.access import log
from kring.circles.models import ENDED, Circle, CircleMember
from kring.core.access import Reach, Viewer
from kring.core.accounts import Role, grants_in_current_tenant
from kring.core.memo import once_per_page
from kring.extensions import db
from kring.http.tenancy import get_or_none
from kring.meetings.models import Meeting
from kring.people.models import Person

NOBODY = Viewer(None, frozenset(), frozenset(), frozenset(), frozenset())


def viewer() -> Viewer:
    """The signed-in user of this request as a ``Viewer`` (two queries, once per request; the
    grants are the permission check's own)."""
    if "viewer" not in g:
        g.viewer = _read_viewer(current_user.id) if current_user.is_authenticated else NOBODY
    found: Viewer = g.viewer
    return found


def _read_viewer(user_id: int) -> Viewer:
    grants = grants_in_current_tenant(user_id)
    persons = db.session.execute(select(Person.id).where(Person.user_id == user_id)).scalars()
    return Viewer(
        user_id=user_id,
        roles=frozenset(role for role, _org in grants),
        person_ids=frozenset(persons),
        organisation_ids=_covered(grants, {Role.project_leader}),
        team_organisation_ids=_covered(grants, {Role.project_leader, Role.coach}),
    )


def _covered(grants: Sequence[Any], roles: set[Role]) -> frozenset[int] | None:
    """The organisations grants of ``roles`` cover; ``None`` when one covers the tenant."""
    found = [org for role, org in grants if role in roles]
    return None if None in found else frozenset(found)


# --- circles --------------------------------------------------------------------------------

_CIRCLE_ROLE_REACH = (
    (Role.coach, Reach.full),
    (Role.volunteer, Reach.contact),
    (Role.participant, Reach.first_names),
)


def _takes_part(who: Viewer) -> ColumnElement[bool]:
    """Circles the viewer's own person currently takes part in."""
    if not who.person_ids:
        return false()
    return Circle.id.in_(
        select(CircleMember.circle_id).where(
            CircleMember.person_id.in_(who.person_ids), CircleMember.status.not_in(ENDED)
        )
    )


def _leads(who: Viewer) -> ColumnElement[bool]:
    """Circles of the organisations the viewer leads projects for."""
    if not who.has(Role.project_leader):
        return false()
    if who.organisation_ids is None:
        return true()
    return Circle.organisation_id.in_(who.organisation_ids)


def visible_circles(who: Viewer) -> ColumnElement[bool]:
    """A condition on ``Circle`` for the circles ``who`` may see at all (counts included)."""
    if who.has(Role.tenant_admin):
        return true()
    return or_(_leads(who), _takes_part(who))


def led_circles(who: Viewer) -> ColumnElement[bool]:
    """A condition on ``Circle`` for the circles ``who`` leads as a project leader (none for
    any other role): the teams whose trainings and screenings they watch over."""
    return _leads(who)


def circle_reach(who: Viewer, circle: Circle) -> Reach:
    """How much of this circle's members ``who`` may see."""
    found = Reach.counts if who.has(Role.tenant_admin) else Reach.none
    if leads(who, circle.organisation_id):
        return Reach.full
    if who.person_ids and _is_member(who, circle):
        for role, reach in _CIRCLE_ROLE_REACH:
            if who.has(role):
                found = max(found, reach)
    return found


def _is_member(who: Viewer, circle: Circle) -> bool:
    return circle.id in _circles_taken_part_in(who)


def _circles_taken_part_in(who: Viewer) -> frozenset[int]:
    """The circles the viewer's own person takes part in now: one query, once a page, however
    many circles a page judges (a coach's home shows several)."""

    def read() -> frozenset[int]:
        return frozenset(
            db.session.execute(
                select(CircleMember.circle_id).where(
                    CircleMember.person_id.in_(who.person_ids),
                    CircleMember.status.not_in(ENDED),
                )
            ).scalars()
        )

    return once_per_page(("policy.taking_part", tuple(sorted(who.person_ids))), read)


def leads(who: Viewer, organisation_id: int) -> bool:
    """Whether ``who`` leads projects for this organisation (and so may start its circles)."""
    return who.has(Role.project_leader) and (
        who.organisation_ids is None or organisation_id in who.organisation_ids
    )


def may_edit_circle(who: Viewer, circle: Circle) -> bool:
    """Members, phases and recorded facts are changed by the circle's project leader."""
    return leads(who, circle.organisation_id)


def may_hold_intake(who: Viewer, circle: Circle) -> bool:
    """An intake is held in the circle one coaches (or leads): intake only in their own circle."""
    if may_edit_circle(who, circle):
        return True
    return who.has(Role.coach) and bool(who.person_ids) and _is_member(who, circle)


def circle_or_404(circle_id: object, need: Reach = Reach.counts) -> tuple[Circle, Reach]:
    """The circle with this id, when ``who`` reaches it at least ``need``; any other id is 404,
    whether it belongs to another tenant or lies outside the viewer's reach."""
    circle = get_or_none(Circle, circle_id)
    reach = circle_reach(viewer(), circle) if circle is not None else Reach.none
    if circle is None or reach < need:
        abort(404)
    return circle, reach


# --- meetings -------------------------------------------------------------------------------


def may_plan_meetings(who: Viewer, circle: Circle) -> bool:
    """Meetings are planned and cancelled by the circle's project leader or its own coach."""
    return may_hold_intake(who, circle)


def may_take_attendance(who: Viewer, circle: Circle) -> bool:
    """Attendance is taken by whoever plans the meetings, and by the circle's own volunteer."""
    if may_plan_meetings(who, circle):
        return True
    return who.has(Role.volunteer) and bool(who.person_ids) and _is_member(who, circle)


def absences_heard_in(who: Viewer) -> ColumnElement[bool]:
    """A condition on ``Circle`` for the circles whose absences ``who`` hears of: those they
    lead, and those they take part in as coach or volunteer (never as a participant)."""
    conditions = [_leads(who)]
    if who.has(Role.coach) or who.has(Role.volunteer):
        conditions.append(_takes_part(who))
    return or_(*conditions)


def meeting_or_404(meeting_id: object, need: Reach = Reach.first_names) -> tuple[Meeting, Circle]:
    """A meeting of a circle the viewer reaches at least ``need`` (its own people see their
    circle's meetings); any other id is 404, whatever tenant or circle it belongs to."""
    meeting = get_or_none(Meeting, meeting_id)
    if meeting is None:
        abort(404)
    circle, _reach = circle_or_404(meeting.circle_id, need)
    return meeting, circle


# --- people ---------------------------------------------------------------------------------


def _members_of(condition: ColumnElement[bool]) -> ColumnElement[bool]:
    """People who currently take part in a circle meeting ``condition``."""
    return Person.id.in_(
        select(CircleMember.person_id)
        .join(Circle, Circle.id == CircleMember.circle_id)
        .where(condition, CircleMember.status.not_in(ENDED))
    )


def _in_no_circle() -> ColumnElement[bool]:
    return ~Person.id.in_(select(CircleMember.person_id).where(CircleMember.status.not_in(ENDED)))


def visible_people(who: Viewer, at_least: Reach = Reach.first_names) -> ColumnElement[bool]:
    """A condition on ``Person`` for the people ``who`` reaches at least ``at_least``."""
    conditions: list[ColumnElement[bool]] = []
    if who.person_ids:
        conditions.append(Person.id.in_(who.person_ids))
    if who.has(Role.project_leader):
        conditions += [_members_of(_leads(who)), _in_no_circle()]
    for role, reach in _CIRCLE_ROLE_REACH:
        if who.has(role) and reach >= at_least:
            conditions.append(_members_of(_takes_part(who)))
    return or_(*conditions) if conditions else false()


def person_reach(who: Viewer, person: Person) -> Reach:
    """How much of this person's record ``who`` may see (one query)."""
    if person.id in who.person_ids:
        return Reach.full
    levels = (Reach.full, Reach.contact, Reach.first_names)
    found = db.session.execute(
        select(*[visible_people(who, level) for level in levels]).where(Person.id == person.id)
    ).one()
    return next((level for level, yes in zip(levels, found, strict=True) if yes), Reach.none)


def person_or_404(person_id: object, need: Reach = Reach.contact) -> tuple[Person, Reach]:
    """The person with this id, when ``who`` reaches them at least ``need``; logged as read.
    Any other id is 404, and a refused attempt on a real record is logged as refused."""
    person = get_or_none(Person, person_id)
    if person is None:
        abort(404)
    reach = person_reach(viewer(), person)
    if reach < need:
        log.refused(viewer(), [person.id])
        abort(404)
    log.shown(viewer(), [person.id])
    return person, reach


def get_in_reach(person_id: object) -> Person | None:
    """A person the viewer reaches, for commands that name one (joining a circle), by a number
    or its text: None otherwise, exactly as if they did not exist."""
    person = get_or_none(Person, person_id)
    if person is None or person_reach(viewer(), person) < Reach.contact:
        return None
    return person


# The policy's other parts, each about one kind of record, answer as part of this module:
# callers ask ``policy.plan_or_404``, ``policy.own_message_or_404``, never the part.
from kring.access.policy.activities import (
    activity_or_404,
    feed_or_404,
    may_publish_for,
    publishable_organisations,
    publishing_organisations,
    suggesting_circle_or_404,
    suggestion_or_404,
)
from kring.access.policy.audits import (
    AuditAccess,
    action_or_404,
    audit_or_404,
    audit_standing,
    audits_circle_or_404,
)
from kring.access.policy.exchange import (
    Owned,
    acting_member,
    encounter_or_404,
    help_request_or_404,
    may_change_own,
    own_person_id,
    owned_or_404,
)
from kring.access.policy.messages import (
    failed_message_or_404,
    may_set_preferences_for,
    own_message_or_404,
    preferences_person_or_404,
    sent_message_or_404,
    visible_sent_messages,
)
from kring.access.policy.neighbourhoods import (
    may_research,
    research_methodology_or_404,
    research_settings,
    signal_counts,
    starting_settings,
)
from kring.access.policy.plans import PlanAccess, PlanNeed, plan_access, plan_or_404, plan_people
from kring.access.policy.reports import audit_report_or_404, named_circles, reported_circles
from kring.access.policy.rights import (
    handles_rights_of,
    may_erase,
    rights_people,
    rights_person_or_404,
)
from kring.access.policy.safetynet import (
    contact_log_or_404,
    escalation_or_404,
    handled_escalations,
    may_handle_escalations,
    reading_sensitive,
    visible_escalations,
    volunteering_circles,
)
from kring.access.policy.signals import (
    dashboard_signals,
    leads_signal,
    signal_or_404,
    visible_signals,
)
from kring.access.policy.surveys import (
    outcome_circles,
    outcomes_circle_or_404,
    questionnaire_person_or_404,
)

__all__ = [  # what callers use of the parts; the names defined above are the policy's own
    "AuditAccess",
    "Owned",
    "PlanAccess",
    "PlanNeed",
    "acting_member",
    "action_or_404",
    "activity_or_404",
    "audit_or_404",
    "audit_report_or_404",
    "audit_standing",
    "audits_circle_or_404",
    "contact_log_or_404",
    "dashboard_signals",
    "encounter_or_404",
    "escalation_or_404",
    "failed_message_or_404",
    "feed_or_404",
    "handled_escalations",
    "handles_rights_of",
    "help_request_or_404",
    "leads_signal",
    "may_change_own",
    "may_erase",
    "may_handle_escalations",
    "may_publish_for",
    "may_research",
    "may_set_preferences_for",
    "named_circles",
    "outcome_circles",
    "outcomes_circle_or_404",
    "own_message_or_404",
    "own_person_id",
    "owned_or_404",
    "plan_access",
    "plan_or_404",
    "plan_people",
    "preferences_person_or_404",
    "publishable_organisations",
    "publishing_organisations",
    "questionnaire_person_or_404",
    "reading_sensitive",
    "reported_circles",
    "research_methodology_or_404",
    "research_settings",
    "rights_people",
    "rights_person_or_404",
    "sent_message_or_404",
    "signal_counts",
    "signal_or_404",
    "starting_settings",
    "suggesting_circle_or_404",
    "suggestion_or_404",
    "visible_escalations",
    "visible_sent_messages",
    "visible_signals",
    "volunteering_circles",
]
