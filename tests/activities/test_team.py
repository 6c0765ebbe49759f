"""The team's side of the calendar: volunteers and coaches suggest activities to members of
their own circle and record that they went (which the network picture counts), and the gap
view shows neighbourhoods, days and audiences without an activity."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from kring.activities import gaps, suggestions
from kring.activities.models import ActivitySuggestion
from kring.core.db import today
from kring.core.tenancy import Tenant
from kring.exchange import network
from kring.extensions import db
from kring.people import service as people
from tests.activities.conftest import an_activity
from tests.conftest import World


def _coming(world: World) -> Any:
    """A weekly activity in circle A's neighbourhood, starting today."""
    return an_activity(
        world.a.organisation_id,
        title="Wandelen op dinsdag",
        starts_local=datetime.combine(today(), datetime.min.time()).replace(hour=14),
        rrule="FREQ=WEEKLY",
        neighbourhood_id=world.a.neighbourhood_id,
    )


def test_a_volunteer_suggests_an_activity_and_records_that_the_member_went(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    walk = _coming(world)
    world.login(client, tenant, "volunteer")
    page = f"/t/{tenant.slug}/circles/{world.a.id}/activities"
    html = client.get(page).get_data(as_text=True)
    assert "Piet Deelnemer" in html and "Wandelen op dinsdag" in html
    assert "Bob Buiten" not in html  # circle B's member
    done = client.form(page, {"person_id": world.people["participant"].id, "activity_id": walk.id})
    assert done.status_code == 302
    suggestion = db.session.execute(select(ActivitySuggestion)).scalar_one()
    went = client.form(
        f"/t/{tenant.slug}/activities/suggestions/{suggestion.id}/went",
        {"went_on": today().isoformat()},
        page=page,
    )
    assert went.status_code == 302
    db.session.refresh(suggestion)
    assert suggestion.went_on == today()
    outsider = client.form(page, {"person_id": world.people["b"].id, "activity_id": walk.id})
    assert outsider.status_code == 422
    listed = client.get(f"{api}/circles/{world.a.id}/activity-suggestions").get_json()
    assert listed[0]["went_on"] == today().isoformat()


def test_a_coach_suggests_through_the_api_and_a_future_day_is_refused(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    walk = _coming(world)
    world.login(client, tenant, "coach")
    made = client.send(
        "POST",
        f"{api}/circles/{world.a.id}/activity-suggestions",
        {"person_id": world.people["other"].id, "activity_id": walk.id},
    )
    assert made.status_code == 201, made.get_json()
    wrong = client.send(
        "POST",
        f"{api}/circles/{world.a.id}/activity-suggestions",
        {"person_id": world.people["b"].id, "activity_id": walk.id},
    )
    assert wrong.status_code == 422 and "person_id" in wrong.get_json()["errors"]["json"]
    later = (today() + timedelta(days=3)).isoformat()
    went = client.send(
        "POST", f"{api}/activity-suggestions/{made.get_json()['id']}/went", {"went_on": later}
    )
    assert went.status_code == 422 and "went_on" in went.get_json()["errors"]["json"]


@pytest.mark.parametrize("role", ["leader", "participant", "signaler", "admin"])
def test_only_the_circles_volunteers_and_coaches_suggest(
    client: Any, tenant: Tenant, world: World, role: str
) -> None:
    world.login(client, tenant, role)
    page = f"/t/{tenant.slug}/circles/{world.a.id}/activities"
    assert client.get(page).status_code == 403


def test_a_volunteer_of_another_circle_finds_nothing(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "volunteer")
    assert client.get(f"/t/{tenant.slug}/circles/{world.b.id}/activities").status_code == 404


def test_going_to_an_activity_counts_in_the_network_picture(tenant: Tenant, world: World) -> None:
    walk = _coming(world)
    person = world.people["participant"]
    made = suggestions.suggest(world.a, person.id, walk.id, None, today())
    suggestions.record_went(made, today(), today())
    members = {p.id: p for p in suggestions.members_of(world.a)}
    net = network.network(world.a, members, today(), today() + timedelta(days=1), lambda p: p.name)
    assert {m.person_id: m.went for m in net.members}[person.id] == 1


def test_gaps_show_neighbourhoods_days_and_audiences_without_activity(tenant: Tenant) -> None:
    north = people.create_neighbourhood("Noord", ["1111"], None, None)
    people.create_neighbourhood("Zuid", ["2222"], None, None)
    walk = an_activity(neighbourhood_id=north.id, rrule="FREQ=WEEKLY", audiences=("seniors_75",))
    an_activity(walk.organisation_id, title="Stadsbreed", rrule="FREQ=WEEKLY")
    found = gaps.gaps(date(2026, 3, 2), None, {})
    rows = {r.label: r for r in found.neighbourhoods}
    assert rows["Noord"].per_day == (0, 4, 0, 0, 0, 0, 0)  # four Tuesdays
    assert rows["Zuid"].total == 0 and [r.label for r in found.empty_neighbourhoods] == ["Zuid"]
    assert found.town_wide.total == 4  # fills no neighbourhood's gap
    audience_rows = {r.key: r for r in found.audiences}
    assert audience_rows["seniors_75"].total == 4
    assert "youth" in {r.key for r in found.empty_audiences}  # "everyone" is not for youth
    youth = gaps.gaps(date(2026, 3, 2), "youth", {})
    assert {r.label: r.total for r in youth.neighbourhoods} == {"Noord": 0, "Zuid": 0}


def test_the_gap_page_draws_a_chart_with_a_text_alternative_and_tables(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    _coming(world)
    world.login(client, tenant, "leader")
    html = client.get(f"/t/{tenant.slug}/activities/gaps").get_data(as_text=True)
    assert "<svg" in html and 'id="gap-chart-desc"' in html and "Wijk B: 0" in html
    assert "No activity at all in: Wijk B." in html
    data = client.get(f"{api}/activities/gaps").get_json()
    assert data["empty_neighbourhoods"] == ["Wijk B"]
    world.login(client, tenant, "volunteer")
    assert client.get(f"/t/{tenant.slug}/activities/gaps").status_code == 403
