"""The plan pages: the participant works on their own plan at /my-plan; the coach works on it
with them and comments; the project leader reads; nobody else finds it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from kring.core.db import today
from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.plans import service as plans
from kring.plans.models import Domain, NoteKind, PlanEvent, Step
from tests.conftest import World


def plan_url(tenant: Tenant, world: World, who: str = "participant", api: bool = False) -> str:
    prefix = f"/t/{tenant.slug}/api/v1" if api else f"/t/{tenant.slug}"
    return f"{prefix}/people/{world.people[who].id}/plan"


def switch(client: Any, tenant: Tenant, world: World, who: str) -> None:
    """Sign out, and in again as ``who``."""
    token = client.csrf_token(f"/t/{tenant.slug}/")
    client.post(f"/t/{tenant.slug}/logout", data={"csrf_token": token})
    world.login(client, tenant, who)


def test_participant_adds_a_goal_and_a_step_and_marks_it_done_on_their_own_plan(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "participant")
    mine = f"/t/{tenant.slug}/my-plan"
    page = client.get(mine).get_data(as_text=True)
    assert "There are no goals yet." in page and "Add a goal" in page
    base = plan_url(tenant, world)

    added = client.form(f"{base}/goals", {"domain": "health", "title": "Elke week wandelen"}, mine)
    assert added.status_code == 302 and added.location.startswith(mine)
    goal = (
        plans.read(world.people["participant"], today(), plans.NoteReader(None, True))
        .goals[Domain.health][0]
        .goal
    )
    client.form(
        f"{base}/goals/{goal.id}/steps",
        {"title": "Een route kiezen", "supporter": str(world.people["volunteer"].id)},
        mine,
    )
    step = db.session.execute(select(Step)).scalar_one()
    client.form(f"{base}/steps/{step.id}", {"is_done": "1"}, mine)

    page = client.get(mine).get_data(as_text=True)
    assert "Elke week wandelen" in page and "Een route kiezen" in page
    assert "Helps: Vera Vrijwilliger" in page and "1 of 1 steps done" in page
    events = db.session.execute(select(PlanEvent)).scalars().all()
    assert {e.on_behalf_of_id for e in events} == {None}
    history = client.get(f"{base}/history").get_data(as_text=True)
    assert "finished a step: Een route kiezen" in history


def test_a_blank_goal_is_refused_with_the_field_named(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "participant")
    response = client.form(
        f"{plan_url(tenant, world)}/goals",
        {"domain": "health", "title": ""},
        f"/t/{tenant.slug}/my-plan",
    )
    assert response.status_code == 422
    assert "Write your goal in a few words." in response.get_data(as_text=True)


def test_coach_works_on_the_plan_with_the_participant_and_comments(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "coach")
    url = plan_url(tenant, world)
    page = client.get(url).get_data(as_text=True)
    assert "recorded as on their behalf" in page and "Your comment" in page
    client.form(f"{url}/goals", {"domain": "social", "title": "Koffie bij de buren"}, url)
    client.form(f"{url}/comments", {"text": "Mooi begin"}, url)
    event = db.session.execute(
        select(PlanEvent).where(PlanEvent.action == "goal.added")
    ).scalar_one()
    assert event.on_behalf_of_id == world.people["participant"].id
    history = client.get(f"{url}/history").get_data(as_text=True)
    assert "(on behalf of Piet Deelnemer)" in history
    assert "Mooi begin" in client.get(url).get_data(as_text=True)


def test_participant_may_not_comment_and_leader_may_only_read(
    client: Any, tenant: Tenant, world: World
) -> None:
    url = plan_url(tenant, world)
    world.login(client, tenant, "participant")
    assert (
        client.form(f"{url}/comments", {"text": "x"}, f"/t/{tenant.slug}/my-plan").status_code
        == 403
    )
    switch(client, tenant, world, "leader")
    page = client.get(url)
    assert page.status_code == 200 and "Add a goal" not in page.get_data(as_text=True)
    assert client.form(f"{url}/goals", {"domain": "social", "title": "x"}, url).status_code == 403


def test_a_fellow_participants_plan_is_not_found(client: Any, tenant: Tenant, world: World) -> None:
    world.login(client, tenant, "participant")
    assert client.get(plan_url(tenant, world, "other")).status_code == 404


def test_the_person_page_links_to_the_plan_for_the_coach(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "coach")
    page = client.get(f"/t/{tenant.slug}/people/{world.people['participant'].id}")
    assert plan_url(tenant, world) in page.get_data(as_text=True)


def test_home_shows_my_plan_to_the_participant_and_due_reviews_to_the_coach(
    client: Any, tenant: Tenant, world: World
) -> None:
    person = world.people["participant"]
    plans.add_goal(person, Domain.learning, "Leren videobellen", plans.Editor(None))
    plans.set_review(person, today() + timedelta(days=3), plans.Editor(None), today())
    db.session.flush()
    world.login(client, tenant, "participant")
    home = client.get(f"/t/{tenant.slug}/").get_data(as_text=True)
    assert "My plan" in home and "Leren videobellen" in home
    switch(client, tenant, world, "coach")
    home = client.get(f"/t/{tenant.slug}/").get_data(as_text=True)
    assert "Plans due for review" in home
    assert "Piet Deelnemer" in home


def test_the_plan_page_costs_the_same_however_long_the_plan(
    client: Any, tenant: Tenant, world: World, count_queries: Any
) -> None:
    person = world.people["participant"]
    by = plans.Editor(None)
    world.login(client, tenant, "participant")
    url = f"/t/{tenant.slug}/my-plan"

    def grow(n: int) -> None:
        for i in range(n):
            goal = plans.add_goal(person, Domain.social, f"Doel {i}", by)
            plan = plans.plan_of(person)
            assert plan is not None
            plans.add_step(plan, goal, f"Stap {i}", None, [], by)
            plans.add_note(person, NoteKind.progress, f"Notitie {i}", None, by)

    grow(1)
    with count_queries() as few:
        client.get(url)
    grow(5)
    with count_queries() as many:
        client.get(url)
    assert many.count == few.count


def test_the_printed_week_lists_the_participants_open_steps(
    client: Any, tenant: Tenant, world: World
) -> None:
    person = world.people["participant"]
    by = plans.Editor(None)
    goal = plans.add_goal(person, Domain.health, "Wandelen", by)
    plan = plans.plan_of(person)
    assert plan is not None
    open_step = plans.add_step(plan, goal, "Schoenen kopen", None, [], by)
    done = plans.add_step(plan, goal, "Route kiezen", None, [], by)
    plans.set_step_done(plan, done, True, by, today())
    db.session.flush()
    world.login(client, tenant, "participant")
    week = client.get(f"/t/{tenant.slug}/week").get_data(as_text=True)
    assert open_step.title in week and "Route kiezen" not in week


def test_my_plan_is_the_participants_while_the_volunteer_acts_on_their_behalf(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "volunteer")
    person = world.people["participant"]
    acting = client.form(
        f"/t/{tenant.slug}/people/{person.id}/on-behalf", {}, f"/t/{tenant.slug}/people/{person.id}"
    )
    assert acting.status_code == 302
    mine = f"/t/{tenant.slug}/my-plan"
    page = client.get(mine).get_data(as_text=True)
    assert "of Piet Deelnemer" in page and "recorded as on their behalf" in page
    client.form(f"{plan_url(tenant, world)}/goals", {"domain": "living", "title": "Opruimen"}, mine)
    event = db.session.execute(
        select(PlanEvent).where(PlanEvent.action == "goal.added")
    ).scalar_one()
    assert (event.actor_id, event.on_behalf_of_id) == (world.users["volunteer"].id, person.id)


def test_participant_changes_the_words_and_status_of_a_goal(
    client: Any, tenant: Tenant, world: World
) -> None:
    goal = plans.add_goal(world.people["participant"], Domain.living, "Tuin", plans.Editor(None))
    world.login(client, tenant, "participant")
    mine = f"/t/{tenant.slug}/my-plan"
    client.form(
        f"{plan_url(tenant, world)}/goals/{goal.id}",
        {"status": "reached", "title": "Mijn tuin netjes"},
        mine,
    )
    page = client.get(mine).get_data(as_text=True)
    assert "Mijn tuin netjes" in page and "Reached" in page
    actions = db.session.execute(select(PlanEvent.action)).scalars().all()
    assert {"goal.renamed", "goal.status"} <= set(actions)
