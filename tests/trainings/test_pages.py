"""The trainings pages: the project leader's overview of the teams they lead, the flags on the
person's page, the home panel and the circle page, recording a check and an exception."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from kring.access.models import AccessLogEntry
from kring.core.db import today
from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.testing.builders import hooks_for
from kring.trainings import service as trainings
from kring.trainings.models import ScreeningRecord, TrainingException
from kring.trainings.picture import bar
from tests.conftest import World


def _url(tenant: Tenant, path: str) -> str:
    return f"/t/{tenant.slug}{path}"


def test_the_bar_splits_its_width_by_status_in_order() -> None:
    segments = bar({"lapsed": 1, "valid": 3})
    assert [(s.status, s.count, s.x, s.width) for s in segments] == [
        ("valid", 3, 0.0, 225.0),
        ("lapsed", 1, 225.0, 75.0),
    ]
    assert bar({}) == []


def test_the_project_leader_sees_every_team_member_of_the_circles_they_lead(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "leader")
    response = client.get(_url(tenant, "/trainings"))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Kring A" in page and "Kring B" not in page  # another organisation's circle
    assert "Cora Coach" in page and "Vera Vrijwilliger" in page
    assert "Piet Deelnemer" not in page  # participants are not the team
    assert 'The basic course: <span class="standing standing-valid">' in page
    assert 'The yearly refresher day: <span class="standing standing-missing">' in page
    assert "Nothing asked of this role." in page  # the regisseur
    assert 'Valid: 1</span>, <span class="standing-key standing-missing">Missing: 1' in page
    logged = db.session.execute(select(AccessLogEntry.subject_id)).scalars()
    assert set(logged) == {world.people["coach"].id, world.people["volunteer"].id}


def test_the_overview_is_dutch_for_a_dutch_reader(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "leader")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "nl"
    page = client.get(_url(tenant, "/trainings")).get_data(as_text=True)
    assert "Trainingen en screenings" in page and "Ontbreekt" in page and "Geldig" in page


def test_only_project_leaders_open_the_overview(client: Any, tenant: Tenant, world: World) -> None:
    for who in ("coach", "volunteer", "participant", "admin"):
        world.login(client, tenant, who)
        assert client.get(_url(tenant, "/trainings")).status_code == 403, who
        client.post(_url(tenant, "/logout"), data={"csrf_token": client.csrf_token()})


def test_a_recorded_refresher_day_takes_the_flag_off_the_persons_page(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "leader")
    cora = _url(tenant, f"/people/{world.people['coach'].id}")
    page = client.get(cora).get_data(as_text=True)
    assert "Needs attention" in page and "the yearly refresher day (missing)" in page
    done = client.form(
        f"{cora}/trainings",
        {"training": "opfrisdag", "completed_on": today().isoformat()},
        cora,
    )
    assert done.status_code == 302
    page = client.get(cora).get_data(as_text=True)
    assert "Needs attention" not in page
    assert 'The yearly refresher day: <span class="standing standing-valid">' in page
    assert "(valid until " in page  # a year on, in the list of completions


def test_the_home_panel_and_the_circle_page_flag_what_lapsed(
    client: Any, tenant: Tenant, world: World, app: Any
) -> None:
    course = hooks_for(app, "proefkring").methodology.training("opfrisdag")
    long_ago = today() - timedelta(days=400)
    trainings.record_training(world.people["coach"], course, long_ago, None, long_ago)
    db.session.commit()
    world.login(client, tenant, "leader")
    home = client.get(_url(tenant, "/")).get_data(as_text=True)
    assert "Trainings and screenings lapsed or lapsing soon" in home
    assert "Cora Coach</a> — the yearly refresher day" in home and "Lapsed" in home
    circle = client.get(_url(tenant, f"/circles/{world.a.id}")).get_data(as_text=True)
    assert "Trainings and screenings that need attention" in circle
    assert "standing-lapsed" in circle


def test_a_coach_records_a_check_and_a_future_day_is_refused(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "coach")
    piet = world.people["participant"]
    form = _url(tenant, f"/people/{piet.id}/screenings/new")
    assert client.get(form).status_code == 200
    later = (today() + timedelta(days=3)).isoformat()
    refused = client.form(form, {"screening": "verklaring", "issued_on": later})
    assert refused.status_code == 422
    assert "Enter a date that is not in the future." in refused.get_data(as_text=True)
    done = client.form(form, {"screening": "verklaring", "issued_on": "2026-01-05"})
    assert done.status_code == 303
    record = db.session.execute(select(ScreeningRecord)).scalar_one()
    assert (record.person_id, record.expires_on) == (piet.id, date(2028, 1, 5))
    assert record.recorded_by_id == world.users["coach"].id


def test_only_a_project_leader_records_an_exception_with_a_reason(
    client: Any, tenant: Tenant, world: World
) -> None:
    uma = world.people["uma"]
    form = _url(tenant, f"/people/{uma.id}/training-exceptions/new")
    world.login(client, tenant, "coach")
    assert client.get(form).status_code == 403
    client.post(_url(tenant, "/logout"), data={"csrf_token": client.csrf_token()})
    world.login(client, tenant, "leader")
    blank = client.form(form, {"training": "basis", "reason": ""})
    assert blank.status_code == 422
    assert "Say why the exception is made." in blank.get_data(as_text=True)
    done = client.form(form, {"training": "basis", "reason": "Elders opgeleid", "until": ""})
    assert done.status_code == 303
    exception = db.session.execute(select(TrainingException)).scalar_one()
    assert (exception.person_id, exception.reason, exception.until) == (
        uma.id,
        "Elders opgeleid",
        None,
    )
    assert exception.granted_by_id == world.users["leader"].id


def test_a_person_outside_reach_is_not_found(client: Any, tenant: Tenant, world: World) -> None:
    world.login(client, tenant, "leader")
    bob = world.people["b"]  # in a circle of an organisation the leader does not lead
    assert client.get(_url(tenant, f"/people/{bob.id}/screenings/new")).status_code == 404
    assert client.get(_url(tenant, f"/people/{bob.id}/training-exceptions/new")).status_code == 404
