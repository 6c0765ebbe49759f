"""The meeting pages: planning and cancelling, the door list, history, the home panel."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.meetings.models import Attendance, AttendanceStatus, Meeting
from tests.conftest import World


def test_the_circle_page_links_to_its_meetings(client: Any, tenant: Tenant, world: World) -> None:
    world.login(client, tenant, "participant")
    body = client.get(f"/t/{tenant.slug}/circles/{world.a.id}").get_data(as_text=True)
    assert f'href="/t/{tenant.slug}/circles/{world.a.id}/meetings"' in body


def test_the_project_leader_plans_a_weekly_series_from_a_form(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "leader")
    page = f"/t/{tenant.slug}/circles/{world.a.id}/meetings"
    response = client.form(
        page,
        {
            "plan-kind": "besloten_avond",
            "plan-day": "2099-01-05",
            "plan-time": "19:30",
            "plan-minutes": "150",
            "plan-place": "Buurthuis De Kring",
            "plan-count": "4",
        },
    )
    assert response.status_code == 302
    found = db.session.execute(select(Meeting).order_by(Meeting.starts_at)).scalars().all()
    assert len(found) == 4 and found[0].place == "Buurthuis De Kring"
    body = client.get(page).get_data(as_text=True)
    assert "circle evening" in body  # the methodology's word, not the key
    assert "19:30" in body and ">besloten_avond<" not in body


def test_a_plan_outside_the_pattern_is_explained_on_the_page(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "coach")
    page = f"/t/{tenant.slug}/circles/{world.a.id}/meetings"
    response = client.form(
        page,
        {
            "plan-kind": "open_avond",
            "plan-day": "2099-01-05",
            "plan-time": "19:30",
            "plan-minutes": "20",
            "plan-count": "1",
        },
    )
    assert response.status_code == 422
    assert "A meeting lasts 60 to 180 minutes" in response.get_data(as_text=True)
    bad = client.form(page, {"plan-kind": "", "plan-day": "", "plan-time": "", "plan-count": "x"})
    assert bad.status_code == 422
    assert "Enter the date." in bad.get_data(as_text=True)


def test_a_volunteer_takes_attendance_without_javascript_but_may_not_plan(
    client: Any, tenant: Tenant, world: World, plan: Any
) -> None:
    (meeting,) = plan(world.a, days=-0.01)
    world.login(client, tenant, "volunteer")
    door = f"/t/{tenant.slug}/meetings/{meeting.id}"
    body = client.get(door).get_data(as_text=True)
    participant = world.people["participant"].id
    assert "<legend>Piet Deelnemer" in body
    assert body.count(f'name="person-{participant}"') == 3
    response = client.form(
        f"{door}/attendance",
        {f"person-{participant}": "present", f"person-{world.people['other'].id}": "absent"},
        page=door,
    )
    assert response.status_code == 302
    rows = dict(db.session.execute(select(Attendance.person_id, Attendance.status)).all())
    assert rows[participant] == AttendanceStatus.present
    checked = re.findall(r'name="person-(\d+)" value="(\w+)"[^>]*checked', client.get(door).text)
    assert (str(participant), "present") in checked
    plan_page = f"/t/{tenant.slug}/circles/{world.a.id}/meetings"
    assert client.form(plan_page, {"plan-kind": "open_avond"}, page=plan_page).status_code == 403


def test_the_door_list_refuses_a_stranger_and_a_guest_at_a_closed_evening(
    client: Any, tenant: Tenant, world: World, plan: Any
) -> None:
    (closed,) = plan(world.a, days=-0.01, kind="besloten_avond")
    world.login(client, tenant, "coach")
    door = f"/t/{tenant.slug}/meetings/{closed.id}"
    stranger = client.form(
        f"{door}/attendance", {f"person-{world.people['b'].id}": "present"}, door
    )
    assert stranger.status_code == 422
    assert "only for the people of this trial circle" in stranger.get_data(as_text=True)
    assert "no guests" in client.get(door).get_data(as_text=True)
    guest = client.form(f"{door}/guests", {"guest-first_name": "Ans"}, page=door)
    assert guest.status_code == 409
    assert "guests are not welcome" in guest.get_data(as_text=True)


def test_a_participant_sees_the_meetings_but_not_the_door_list(
    client: Any, tenant: Tenant, world: World, plan: Any
) -> None:
    (meeting,) = plan(world.a, days=2)
    world.login(client, tenant, "participant")
    assert client.get(f"/t/{tenant.slug}/circles/{world.a.id}/meetings").status_code == 200
    assert client.get(f"/t/{tenant.slug}/meetings/{meeting.id}").status_code == 403
    home = client.get(f"/t/{tenant.slug}/").get_data(as_text=True)
    assert 'id="panel-next_meeting"' in home and "drop-in evening" in home


def test_the_coach_cancels_a_meeting_with_a_reason(
    client: Any, tenant: Tenant, world: World, plan: Any
) -> None:
    (meeting,) = plan(world.a, days=3)
    world.login(client, tenant, "coach")
    page = f"/t/{tenant.slug}/circles/{world.a.id}/meetings"
    response = client.form(
        f"/t/{tenant.slug}/meetings/{meeting.id}/cancel", {"cancel-reason": "Storm"}, page=page
    )
    assert response.status_code == 302
    db.session.refresh(meeting)
    assert meeting.cancel_reason == "Storm" and meeting.is_cancelled
    assert "Storm" in client.get(page).get_data(as_text=True)


def test_a_members_history_shows_each_meeting_and_whether_they_came(
    client: Any, tenant: Tenant, world: World, plan: Any, trial: Any
) -> None:
    from datetime import UTC, datetime

    from kring.meetings import service as meetings

    (meeting,) = plan(world.a, days=-1)
    person = world.people["other"]
    meetings.record_attendance(
        meeting,
        world.a,
        trial,
        {person.id: AttendanceStatus.absent_with_notice},
        None,
        datetime.now(UTC),
    )
    world.login(client, tenant, "volunteer")
    body = client.get(f"/t/{tenant.slug}/meetings/people/{person.id}").get_data(as_text=True)
    assert "Away with notice" in body and "Kring A" in body


def test_the_coachs_home_lists_who_missed_meetings_and_a_participants_does_not(
    client: Any, tenant: Tenant, world: World, plan: Any, trial: Any
) -> None:
    from datetime import UTC, datetime

    from kring.meetings import service as meetings

    person = world.people["participant"].id
    for meeting in plan(world.a, days=-30, count=3):
        meetings.record_attendance(
            meeting, world.a, trial, {person: AttendanceStatus.absent}, None, datetime.now(UTC)
        )
    world.login(client, tenant, "coach")
    home = client.get(f"/t/{tenant.slug}/").get_data(as_text=True)
    assert 'id="panel-missing_meetings"' in home and "3 meetings missed" in home
    world.login(client, tenant, "participant")
    assert "panel-missing_meetings" not in client.get(f"/t/{tenant.slug}/").get_data(as_text=True)


def test_the_meeting_pages_cost_the_same_with_more_meetings_and_attendance(
    client: Any, tenant: Tenant, world: World, plan: Any, trial: Any, count_queries: Any
) -> None:
    from datetime import UTC, datetime

    from kring.meetings import service as meetings

    (tonight,) = plan(world.a, days=-0.01)
    plan(world.a, days=1)
    world.login(client, tenant, "coach")
    pages = [
        f"/t/{tenant.slug}/circles/{world.a.id}/meetings",
        f"/t/{tenant.slug}/meetings/{tonight.id}",
        f"/t/{tenant.slug}/meetings/people/{world.people['participant'].id}",
        f"/t/{tenant.slug}/",
    ]
    few = []
    for page in pages:
        with count_queries() as counted:
            assert client.get(page).status_code == 200
        few.append(counted.count)
    marks = {world.people["participant"].id: AttendanceStatus.absent}
    for meeting in plan(world.a, days=-60, count=8) + plan(world.a, days=2, count=4):
        if meeting.starts_at < datetime.now(UTC):
            meetings.record_attendance(meeting, world.a, trial, marks, None, datetime.now(UTC))
            meetings.add_guest(meeting, trial, "Ans", datetime.now(UTC))
    db.session.commit()
    many = []
    for page in pages:
        with count_queries() as counted:
            assert client.get(page).status_code == 200
        many.append(counted.count)
    assert many[:3] == few[:3], (few, many)
    assert max(many[:3]) <= 20


def test_the_door_list_of_next_weeks_meeting_says_it_opens_on_the_day(
    client: Any, tenant: Tenant, world: World, plan: Any
) -> None:
    (later,) = plan(world.a, days=7)
    world.login(client, tenant, "volunteer")
    body = client.get(f"/t/{tenant.slug}/meetings/{later.id}").get_data(as_text=True)
    assert "Attendance is taken on the day of the meeting." in body
    assert 'type="radio"' not in body
