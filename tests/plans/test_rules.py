"""Who may read, change and comment on a development plan (``policy.plan_access``), and how
a change by someone else is recorded: on behalf of the participant."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from kring.access import policy
from kring.core.rules import Refused
from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.plans import service as plans
from kring.plans.models import Domain, GoalStatus, PlanEvent
from tests.conftest import World

TODAY = date(2026, 3, 2)


def _access(app: Any, world: World, who: str, person: str) -> policy.PlanAccess:
    with app.test_request_context():
        viewer = policy._read_viewer(world.users[who].id)
        return policy.plan_access(viewer, world.people[person])


def test_the_participant_edits_their_own_plan_but_does_not_comment_on_it(
    app: Any, world: World
) -> None:
    access = _access(app, world, "participant", "participant")
    assert (access.is_owner, access.may_edit, access.may_comment) == (True, True, False)
    assert access.editor.on_behalf_of_id is None


def test_coach_and_volunteer_of_the_circle_edit_on_behalf_and_comment(
    app: Any, world: World
) -> None:
    for who in ("coach", "volunteer"):
        access = _access(app, world, who, "participant")
        assert (access.may_read, access.may_edit, access.may_comment) == (True, True, True)
        assert access.editor.on_behalf_of_id == world.people["participant"].id


def test_the_project_leader_reads_but_does_not_edit(app: Any, world: World) -> None:
    access = _access(app, world, "leader", "participant")
    assert (access.may_read, access.may_edit, access.may_comment) == (True, False, False)


def test_nobody_else_reaches_a_plan(app: Any, world: World) -> None:
    assert not _access(app, world, "participant", "other").may_read  # a fellow member
    assert not _access(app, world, "coach", "b").may_read  # another organisation's circle
    assert not _access(app, world, "admin", "participant").may_read
    assert not _access(app, world, "signaler", "participant").may_read


def test_a_change_with_the_participant_is_recorded_on_their_behalf(app: Any, world: World) -> None:
    access = _access(app, world, "coach", "participant")
    goal = plans.add_goal(world.people["participant"], Domain.health, "Wandelen", access.editor)
    events = db.session.execute(select(PlanEvent).order_by(PlanEvent.id)).scalars().all()
    assert [e.action for e in events] == ["plan.started", "goal.added"]
    assert {(e.actor_id, e.on_behalf_of_id) for e in events} == {
        (world.users["coach"].id, world.people["participant"].id)
    }
    history = plans.history(plans.plan_of(world.people["participant"]))
    assert history[0].on_behalf_of == "Piet Deelnemer"
    assert goal.status is GoalStatus.working


def test_a_supporter_must_be_a_member_of_the_participants_circle(world: World) -> None:
    person = world.people["participant"]
    by = plans.Editor(None)
    goal = plans.add_goal(person, Domain.social, "Koffie drinken", by)
    plan = plans.plan_of(person)
    assert plan is not None
    helpers = plans.supporters(person)
    assert {s.name for s in helpers} == {"Cora Coach", "Vera Vrijwilliger", "Olga Anders"}
    try:
        plans.add_step(plan, goal, "Samen koffie", world.people["b"].id, helpers, by)
    except Refused as refused:
        assert [u.rule for u in refused.unmet] == ["plan.supporter"]
    else:
        raise AssertionError("a supporter from another circle was accepted")
    step = plans.add_step(plan, goal, "Samen koffie", world.people["volunteer"].id, helpers, by)
    plans.set_step_done(plan, step, True, by, TODAY)
    assert (step.is_done, step.done_on) == (True, TODAY)


def test_blank_words_and_a_review_date_in_the_past_are_refused(world: World) -> None:
    person = world.people["participant"]
    by = plans.Editor(None)
    for attempt in (
        lambda: plans.add_goal(person, Domain.living, "   ", by),
        lambda: plans.set_review(person, date(2026, 3, 1), by, TODAY),
    ):
        try:
            attempt()
        except Refused as refused:
            assert refused.status == 422
        else:
            raise AssertionError("accepted")


def test_only_goals_that_were_not_stopped_count_as_a_plan(world: World) -> None:
    person = world.people["participant"]
    by = plans.Editor(None)
    assert plans.people_with_plans(frozenset({person.id})) == frozenset()
    goal = plans.add_goal(person, Domain.finances, "Post bijhouden", by)
    assert plans.people_with_plans(frozenset({person.id})) == {person.id}
    plan = plans.plan_of(person)
    assert plan is not None
    plans.set_goal(plan, goal, by, GoalStatus.stopped)
    assert plans.people_with_plans(frozenset({person.id})) == frozenset()


def test_the_demo_gives_participants_plans_once(app: Any, tenant: Tenant, world: World) -> None:
    from kring.plans.demo import give_plans

    give_plans(TODAY)
    count = db.session.execute(select(PlanEvent.id)).all()
    give_plans(TODAY)
    assert db.session.execute(select(PlanEvent.id)).all() == count
    planned = plans.people_with_plans(frozenset(p.id for p in world.people.values()))
    assert world.people["participant"].id in planned
    assert world.people["coach"].id not in planned
    view = plans.read(world.people["participant"], TODAY, plans.NoteReader(None, True))
    assert view.goal_count == 2 and view.notes and view.plan and view.plan.review_on
