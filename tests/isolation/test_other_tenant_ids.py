"""Walk every route that takes a record id and ask for another tenant's record: always 404.

A route added later is covered automatically; the test fails when it meets an id argument it
does not know how to fill, so nobody can add one without deciding what isolation means for it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from flask import Flask

from kring.circles import membership, phases
from kring.core.accounts import Role
from kring.core.db import utcnow
from kring.core.tenancy import Tenant, tenant_scope
from kring.extensions import db
from kring.meetings import service as meetings
from kring.organisations import service as organisations
from kring.organisations.models import Organisation
from kring.people import service as people
from kring.plans import service as plans
from kring.plans.models import Plan
from kring.safetynet.models import Escalation
from kring.signals.models import Signal
from kring.testing.builders import give_goal
from kring.testing.factories import DEFAULT_PASSWORD, OrganisationFactory, UserFactory
from tests.notify.test_maillog import sent_message
from tests.reports.conftest import audit_of

TODAY = date(2026, 3, 2)
_EVENING = datetime(2026, 3, 2, 18, tzinfo=UTC)


def _foreign_ids(app: Flask, other: Tenant) -> dict[str, int]:
    """One record of every kind, owned by the other tenant."""
    hooks = app.extensions["kring.plugins"].for_methodology("proefkring")
    with tenant_scope(other):
        organisation: Organisation = OrganisationFactory(name="Andermans Zorg")
        organisations.enable(organisation, "proefkring", {"proefkring"}, None)
        neighbourhood = people.create_neighbourhood("Anderswijk", ["9999"], None, None)
        circle = phases.create_circle(hooks, organisation, neighbourhood, "Anders", None, TODAY)
        person = people.create_person(None, name="Andere Persoon", postcode="9999AA")
        member = membership.add_member(circle, person, "regisseur", hooks, None, TODAY)
        signal = Signal(
            organisation_id=organisation.id,
            methodology_key="verbonden_nl",
            resident_name="Andere Bewoner",
            reason="Alleen",
        )
        escalation = Escalation(
            circle_id=circle.id,
            person_id=person.id,
            severity="routine",
            question="Andermans vraag",
            due_by=utcnow(),
        )
        db.session.add_all([signal, escalation])
        db.session.flush()
        exchange = _exchange_records(circle, person)
        goal, step = plan_with_a_step(member)
        (meeting,) = meetings.plan(
            circle, hooks.methodology, _EVENING, "open_avond", 120, None, None
        )
        message = failed_app_message(None)
        sent = sent_message(person_id=person.id, subject="Andermans bericht")
        audit = audit_of(circle)
        action_id = first_action(audit)
        access = api_access_of(UserFactory(email="script@anders.example.org"))
        invitation = an_invitation()
        activity = an_activity_of(organisation.id)
        feed = a_feed_of(organisation.id)
        suggestion = a_suggestion_in(circle, person, activity)
    return {
        "suggestion_id": suggestion.id,
        "activity_id": activity.id,
        "feed_id": feed.id,
        **access,
        "invitation_id": invitation.id,
        "audit_id": audit.id,
        "action_id": action_id,
        "message_id": message.id,
        **exchange,
        "organisation_id": organisation.id,
        "circle_id": circle.id,
        "person_id": person.id,
        "member_id": member.id,
        "signal_id": signal.id,
        "escalation_id": escalation.id,
        "goal_id": goal.id,
        "step_id": step.id,
        "meeting_id": meeting.id,
        "sent_id": sent.id,
        **identity_records(),
    }


def an_activity_of(organisation_id: int) -> Any:
    """An activity of this organisation on the calendar of the tenant in scope."""
    from tests.activities.conftest import an_activity

    return an_activity(organisation_id, title="Andermans wandeling", rrule="FREQ=WEEKLY")


def a_feed_of(organisation_id: int) -> Any:
    """An iCal feed this organisation keeps, in the tenant in scope (never read in the walk)."""
    from kring.activities.models import ActivityFeed

    feed = ActivityFeed(organisation_id=organisation_id, url="https://agenda.example.org/a.ics")
    db.session.add(feed)
    db.session.flush()
    return feed


def a_suggestion_in(circle: Any, person: Any, activity: Any) -> Any:
    """An activity suggested to ``person`` in ``circle``, in the tenant in scope."""
    from kring.activities import suggestions

    return suggestions.suggest(circle, person.id, activity.id, None, TODAY)


def api_access_of(user: Any) -> dict[str, int]:
    """A personal token of ``user`` and an integration registered by them, in the tenant in
    scope: records of nobody's resident, which only their owner (or the admin) reaches."""
    from kring.apiaccess import service as apiaccess

    token = apiaccess.create_personal(user, "script", ["tenant:read"], 7).record
    client = apiaccess.register_client(user, f"Koppeling van {user.email}", ["tenant:read"]).record
    return {"token_id": token.id, "client_id": client.id}


def identity_records() -> dict[str, int]:
    """A login outside the tenant the walk signs in to (a coach elsewhere, or nobody's), and
    one of its sign-in sessions: neither may be revoked nor reset from this tenant."""
    from kring.identity import sessions
    from kring.identity.models import SignInSession
    from kring.testing.factories import UserFactory

    user = UserFactory(email="elders-coach@example.org")
    sessions.start(user, kind="staff", has_second_factor=True)
    record = db.session.query(SignInSession).filter_by(user_id=user.id).one()
    return {"user_id": user.id, "session_id": record.id}


def an_invitation() -> Any:
    """An open invitation of the tenant in scope, to a coach."""
    from kring.core.accounts import Role
    from kring.onboarding import invitations

    invitation, _secret = invitations.invite("uitgenodigd@example.org", Role.coach, None, None)
    return invitation


def first_action(audit: Any) -> int:
    """The id of one follow-up action of ``audit`` (a reviewed one has some)."""
    from sqlalchemy import select

    from kring.audits.models import FollowUpAction

    found = db.session.execute(
        select(FollowUpAction.id).where(FollowUpAction.audit_id == audit.id).limit(1)
    ).scalar_one()
    return int(found)


def _exchange_records(circle: Any, person: Any) -> dict[str, int]:
    """A help request in ``circle`` asked by ``person``, a meeting outside they recorded, and
    their talent, wish and contact."""
    from kring.exchange import service as exchange
    from kring.exchange.models import ContactKind, Encounter, Talent, Wish

    asked = exchange.ask(circle, person.id, "Gras maaien", None, None)
    met = Encounter(circle_id=circle.id, person_id=person.id, other_id=person.id, met_on=TODAY)
    db.session.add(met)
    db.session.flush()
    return {
        "encounter_id": met.id,
        "help_id": asked.id,
        "talent_id": exchange.add_words(Talent, person, "koken", None).id,
        "wish_id": exchange.add_words(Wish, person, "tuin", None).id,
        "contact_id": exchange.add_contact(person, ContactKind.family, "Ans").id,
    }


def plan_with_a_step(member: Any) -> tuple[Any, Any]:
    """A goal with one step in the development plan of this member's person."""
    goal = give_goal(member)
    plan = db.session.get(Plan, goal.plan_id)
    return goal, plans.add_step(plan, goal, "Een stap", None, [], plans.Editor(None))


def failed_app_message(user_id: int | None) -> Any:
    """An in-app message that was shown (sent) to ``user_id``, and an e-mail that failed for
    good, of the tenant in scope; returns the in-app one when there is a user, else the other."""
    from kring.notify.models import Channel, OutboxMessage

    now = utcnow()
    shown = OutboxMessage(
        idempotency_key=f"walk:app:{user_id}",
        channel=Channel.app,
        recipient="",
        user_id=user_id,
        subject="Een bericht",
        body="Voor iemand anders",
        sent_at=now,
    )
    failed = OutboxMessage(
        idempotency_key=f"walk:failed:{user_id}",
        channel=Channel.email,
        recipient="ander@example.org",
        subject="Mislukt",
        body="Mislukt",
        failed_at=now,
        attempts=6,
    )
    db.session.add_all([shown, failed])
    db.session.flush()
    return shown if user_id is not None else failed


# A valid body for each API write, so that validation passes and isolation is what answers.
VALID_JSON = {
    "api_apiaccess.Token": {},
    "api_apiaccess.Client": {},
    "api_identity.OneSession": {},
    "api_identity.StaffFactor": {},
    "api_privacy.Erasure": {"confirm": True},
    "api_organisations.OrganisationMethodologies": {"methodology": "proefkring"},
    "api_people.PersonTrainings": {"training": "basis", "completed_on": "2026-01-01"},
    "api_trainings.PersonScreenings": {"screening": "verklaring", "issued_on": "2026-01-01"},
    "api_trainings.PersonTrainingExceptions": {"training": "basis", "reason": "Elders opgeleid"},
    "api_surveys.PersonSurveys": {
        "methodology": "verbonden_nl",
        "survey": "de_jong_gierveld_6",
        "answers": {},
        "taken_on": "2026-01-01",
    },
    "api_circles.CircleMembers": {"person_id": 1, "role": "regisseur"},
    "api_circles.MemberIntake": {"interviewer_id": 1, "fits": True},
    "api_circles.MemberEnd": {"reason": "moved_away"},
    "api_circles.MemberItem": {"attributes": {}},
    "api_circles.CirclePhase": {"target": "draaien"},
    "api_signals.SignalAssign": {"volunteer_id": 1},
    "api_signals.SignalConversation": {"contacted_on": "2026-01-01"},
    "api_signals.SignalClose": {"outcome": "referred"},
    "api_signals.SignalAnonymous": {"follow_up": "card"},
    "api_signin.SignInCard": {},
    "api_signin.SignInCardSend": {"channel": "sms"},
    "api_exchange.CircleHelp": {"what": "Gras maaien"},
    "api_exchange.HelpOffer": {},
    "api_exchange.HelpClose": {"done": True},
    "api_exchange.HelpThanks": {"thanks": "Dank je"},
    "api_exchange.CircleEncounters": {"other_id": 1, "met_on": "2026-01-01"},
    "api_exchange.PersonTalents": {"kind": "talent", "words": "koken"},
    "api_exchange.PersonContacts": {"kind": "family", "description": "Ans"},
    "api_exchange.PersonTalent": {},
    "api_exchange.CircleEncounter": {},
    "api_exchange.PersonWish": {},
    "api_exchange.PersonContact": {},
    "api_signin.CircleSignInCards": {"person_ids": [1]},
    "api_safetynet.CircleContacts": {"person_id": 1, "contact_on": "2026-01-01", "kind": "call"},
    "api_safetynet.CircleEscalations": {"person_id": 1, "severity": "routine", "question": "?"},
    "api_safetynet.EscalationAnswer": {"answer": "Ja"},
    "api_safetynet.EscalationPassUp": {},
    "api_safetynet.EscalationResolve": {"resolution": "Klaar"},
    "api_plans.PersonPlan": {"review_on": "2030-01-01"},
    "api_plans.PlanGoals": {"domain": "social", "title": "Wandelen"},
    "api_plans.PlanGoal": {"status": "reached"},
    "api_plans.GoalSteps": {"title": "Een stap"},
    "api_plans.PlanStep": {"is_done": True},
    "api_plans.PlanNotes": {"text": "Het gaat goed"},
    "api_plans.PlanComments": {"text": "Goed gedaan"},
    "api_meetings.CircleMeetings": {
        "starts_at": "2026-03-02T19:00:00",
        "kind": "open_avond",
        "minutes": 120,
    },
    "api_meetings.MeetingCancel": {"reason": "ziek"},
    "api_notify.MessageRead": {},
    "api_notify.PersonPreferences": {"copy_to_contact": True, "contact_email": "a@example.org"},
    "api_notify.OutboxRetry": {},
    "api_meetings.MeetingAttendance": {"marks": [{"person_id": 1, "status": "present"}]},
    "api_meetings.MeetingGuests": {"first_name": "Ans"},
    "api_audits.AuditEvidence": {"criterion": "evaluatie", "values": {"gehouden": True}},
    "api_audits.AuditSubmit": {},
    "api_audits.ActionDone": {},
    "api_organisations.OrganisationItem": {"name": "Andere naam", "kind": "care"},
    "api_organisations.OrganisationArchive": {},
    "api_organisations.OrganisationMethodologyDisable": {"methodology": "proefkring"},
    "api_invitations.InvitationResend": {},
    "api_invitations.InvitationItem": {},
    "api_activities.ActivityFeedItem": {},
    "api_activities.ActivitiesImport": {"organisation_id": 1, "calendar": "BEGIN:VCALENDAR"},
    "api_activity_team.CircleActivitySuggestions": {"person_id": 1, "activity_id": 1},
    "api_activity_team.ActivitySuggestionWent": {},
    "api_activities.ActivityFeedRead": {},
    "api_activities.ActivityItem": {
        "organisation_id": 1,
        "title": "Wandelen",
        "starts_local": "2026-03-03T14:00:00",
    },
}


def _tenant_routes(app: Flask) -> list[Any]:
    return [
        rule
        for rule in app.url_map.iter_rules()
        if "tenant" in rule.arguments and rule.arguments - {"tenant"}
    ]


@pytest.fixture
def signed_in(client: Any, tenant: Tenant, make_user: Any) -> Any:
    """Someone who holds every role of this tenant, so only tenancy can say no."""
    make_user(tenant, *Role, email="alles@example.org")
    assert client.login(tenant, "alles@example.org", DEFAULT_PASSWORD).status_code == 302
    return client


def test_every_id_route_answers_404_for_another_tenants_record(
    app: Flask, signed_in: Any, tenant: Tenant, other_tenant: Tenant, embedded: None
) -> None:
    ids = _foreign_ids(app, other_tenant)
    token = signed_in.csrf_token()
    checked = 0
    for rule in _tenant_routes(app):
        unknown = rule.arguments - {"tenant"} - set(ids)
        if unknown == {"token"}:
            continue  # password-reset and sign-in card tokens are secrets, not records
        if unknown == {"year"}:
            continue  # a year names no record: the tenant in the path is the reader's own
        assert not unknown, f"{rule.rule}: teach this test which record {unknown} names"
        path = rule.build(
            {"tenant": tenant.slug, **{k: ids[k] for k in rule.arguments - {"tenant"}}}
        )[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            kwargs: dict[str, Any] = {"headers": {"X-CSRFToken": token}}
            if "/api/" not in path:
                kwargs["data"] = {"csrf_token": token}
            elif method != "GET":
                assert rule.endpoint in VALID_JSON, (
                    f"add a valid body for {rule.endpoint} to VALID_JSON"
                )
                kwargs["json"] = VALID_JSON[rule.endpoint]
            response = signed_in.open(path, method=method, **kwargs)
            assert response.status_code == 404, f"{method} {path} answered {response.status_code}"
            checked += 1
    assert checked >= 2
