from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from kring.circles import membership, phases
from kring.circles.models import (
    Circle,
    CircleMember,
    MemberStatus,
)
from kring.core.db import today
from kring.extensions import db
from kring.people import service as people
from kring.testing.builders import hooks_for, organisation_with, start_circle, trained


@pytest.fixture
def hooks(app: Flask) -> Any:
    return hooks_for(app, "proefkring")


@pytest.fixture
def organisation(tenant: Any) -> Any:
    return organisation_with("proefkring", "Welzijn Centrum")


@pytest.fixture
def circle(tenant: Any, organisation: Any, hooks: Any) -> Circle:
    return start_circle(hooks, "Kring De Kemp", "De Kemp", ["6041"], organisation, today())


def _url(tenant: Any, path: str = "") -> str:
    return f"/t/{tenant.slug}/circles{path}"


def test_project_leader_starts_a_circle_from_the_form(
    signed_in: Any, tenant: Any, organisation: Any
) -> None:
    nbh = people.create_neighbourhood("Hoogveld", ["6042"], None, None)
    response = signed_in.form(
        _url(tenant, "/"),
        {
            "setting": f"{organisation.id}:proefkring",
            "neighbourhood": str(nbh.id),
            "name": "Kring Hoogveld",
        },
        page=_url(tenant, "/new"),
    )
    assert response.status_code == 302
    created = db.session.execute(select(Circle)).scalar_one()
    assert (created.name, created.phase) == ("Kring Hoogveld", "verkennen")
    page = signed_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "Kring Hoogveld" in page and "Exploring" in page


def test_new_circle_form_names_missing_choices(
    signed_in: Any, tenant: Any, organisation: Any
) -> None:
    response = signed_in.form(
        _url(tenant, "/"), {"setting": "", "neighbourhood": ""}, page=_url(tenant, "/new")
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert (
        "Choose an organisation and its methodology." in html and "Choose a neighbourhood." in html
    )


def test_circle_page_shows_the_checklist_in_the_methodologys_words(
    signed_in: Any, tenant: Any, circle: Circle
) -> None:
    html = signed_in.get(_url(tenant, f"/{circle.id}")).get_data(as_text=True)
    assert "Before Running" in html
    assert "Running needs at least 3 participants (now 0)" in html
    dutch = signed_in.get(_url(tenant, f"/{circle.id}"), headers={"Accept-Language": "nl"})
    assert "Draaien vraagt minstens 3 deelnemers (nu 0)" in dutch.get_data(as_text=True)


def test_refused_phase_move_explains_every_reason_on_the_page(
    signed_in: Any, tenant: Any, circle: Circle
) -> None:
    page = _url(tenant, f"/{circle.id}")
    response = signed_in.form(
        _url(tenant, f"/{circle.id}/phase"), {"phase-target": "draaien"}, page=page
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert 'role="alert"' in html
    assert "Running needs at least 3 participants (now 0)" in html
    assert "Running needs at least 1 buddy (now 0)" in html
    db.session.expire_all()
    assert db.session.get(Circle, circle.id).phase == "verkennen"


def test_skipped_phase_is_refused_with_the_next_step_named(
    signed_in: Any, tenant: Any, circle: Circle
) -> None:
    page = _url(tenant, f"/{circle.id}")
    response = signed_in.form(
        _url(tenant, f"/{circle.id}/phase"), {"phase-target": "afronden"}, page=page
    )
    assert response.status_code == 409
    assert "the next step is Running" in response.get_data(as_text=True)


def test_adding_members_and_the_refusal_of_a_second_guide(
    signed_in: Any, tenant: Any, circle: Circle, hooks: Any
) -> None:
    page = _url(tenant, f"/{circle.id}")
    first = trained(
        people.create_person(None, name="Gerda Gids", postcode="6041AA"), hooks, "basis"
    )
    second = trained(
        people.create_person(None, name="Gijs Gids", postcode="6041AB"), hooks, "basis"
    )
    ok = signed_in.form(
        _url(tenant, f"/{circle.id}/members"),
        {"member-person": str(first.id), "member-role": "begeleider"},
        page=page,
    )
    assert ok.status_code == 302
    refused = signed_in.form(
        _url(tenant, f"/{circle.id}/members"),
        {"member-person": str(second.id), "member-role": "begeleider"},
        page=page,
    )
    assert refused.status_code == 409
    assert "At most 1 guide per trial circle (now 1)" in refused.get_data(as_text=True)
    assert len(db.session.execute(select(CircleMember)).all()) == 1


def test_member_attributes_come_from_the_form_and_are_checked(
    signed_in: Any, tenant: Any, circle: Circle
) -> None:
    page = _url(tenant, f"/{circle.id}")
    buddy = people.create_person(None, name="Mo Maatje", postcode="6041AA")
    missing = signed_in.form(
        _url(tenant, f"/{circle.id}/members"),
        {"member-person": str(buddy.id), "member-role": "maatje", "attr-uren": "veel"},
        page=page,
    )
    html = missing.get_data(as_text=True)
    assert missing.status_code == 422  # every reason is about the form's input
    assert "A buddy needs settled home" in html and "hours per week must be a int" in html
    ok = signed_in.form(
        _url(tenant, f"/{circle.id}/members"),
        {
            "member-person": str(buddy.id),
            "member-role": "maatje",
            "attr-woont_vast": "yes",
            "attr-uren": "12",
            "attr-plan_op": "2026-01-01",
        },
        page=page,
    )
    assert ok.status_code == 302
    member = db.session.execute(select(CircleMember)).scalar_one()
    assert member.attributes == {"woont_vast": True, "uren": 12}


def test_intake_and_leaving_through_the_page(
    signed_in: Any, tenant: Any, circle: Circle, hooks: Any
) -> None:
    page = _url(tenant, f"/{circle.id}")
    gerda = trained(people.create_person(None, name="Gerda"), hooks, "basis")
    guide = membership.add_member(circle, gerda, "begeleider", hooks, None, today())
    newcomer = membership.add_member(
        circle, people.create_person(None, name="Nina"), "deelnemer", hooks, None, today()
    )
    db.session.commit()
    assert "waiting for intake" in signed_in.get(page).get_data(as_text=True)
    response = signed_in.form(
        _url(tenant, f"/{circle.id}/members/{newcomer.id}/intake"),
        {"intake-interviewer": str(guide.id), "intake-fits": "yes"},
        page=page,
    )
    assert response.status_code == 302
    response = signed_in.form(
        _url(tenant, f"/{circle.id}/members/{newcomer.id}/end"),
        {"end-reason": "support_no_longer_needed"},
        page=page,
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(CircleMember, newcomer.id).status is MemberStatus.alumni
    assert "no longer needs support" in signed_in.get(page).get_data(as_text=True)


def test_member_of_another_circle_answers_404(
    signed_in: Any, tenant: Any, circle: Circle, hooks: Any, organisation: Any
) -> None:
    nbh = people.create_neighbourhood("Elders", [], None, None)
    other = phases.create_circle(hooks, organisation, nbh, "Elders", None, today())
    member = membership.add_member(
        other, people.create_person(None, name="Elders Lid"), "regisseur", hooks, None, today()
    )
    db.session.commit()
    response = signed_in.form(
        _url(tenant, f"/{circle.id}/members/{member.id}/end"),
        {"end-reason": "moved_away"},
        page=_url(tenant, f"/{circle.id}"),
    )
    assert response.status_code == 404


def test_volunteer_sees_circles_but_may_not_change_them(
    client: Any, tenant: Any, circle: Circle, make_user: Any, hooks: Any
) -> None:
    from kring.core.accounts import Role
    from kring.testing.factories import DEFAULT_PASSWORD

    volunteer = make_user(tenant, Role.volunteer)
    buddy = people.create_person(None, name="Vera Vrijwilliger", postcode="6041AA")
    buddy.user_id = volunteer.id
    membership.add_member(circle, buddy, "regisseur", hooks, None, today())
    client.login(tenant, volunteer.email, DEFAULT_PASSWORD)
    assert client.get(_url(tenant, f"/{circle.id}")).status_code == 200
    response = client.form(
        _url(tenant, f"/{circle.id}/phase"),
        {"phase-target": "draaien"},
        page=_url(tenant, f"/{circle.id}"),
    )
    assert response.status_code == 403


def test_circle_page_query_count_does_not_grow_with_members(
    signed_in: Any, tenant: Any, circle: Circle, hooks: Any, count_queries: Any
) -> None:
    page = _url(tenant, f"/{circle.id}")
    membership.add_member(
        circle, people.create_person(None, name="Een"), "regisseur", hooks, None, today()
    )
    db.session.commit()
    with count_queries() as few:
        assert signed_in.get(page).status_code == 200
    for i in range(4):
        membership.add_member(
            circle, people.create_person(None, name=f"D{i}"), "deelnemer", hooks, None, today()
        )
    db.session.commit()
    with count_queries() as many:
        assert signed_in.get(page).status_code == 200
    # the page, the three months of its network picture (and the activities gone to), where
    # the members stand with their courses and checks (completions, exceptions, checks: one
    # query each), twice: for the rules, and for the team's flags (its members, then one query
    # per table), and when the last audit was opened (the next one's due date); the fidelity
    # panel: the latest audit and the fidelity history; the outcomes panel: its averages and
    # the due list's earlier answers. The members and the network are the page's own reads.
    assert many.count == few.count <= 29
    # Every panel takes the circle's members and its network facts from one read a page.
    members_with_people = (
        r"FROM (circle_member (LEFT OUTER )?JOIN person|person JOIN circle_member)"
    )
    assert _reads(many.statements, members_with_people) == 1
    for table in ("help_request", "encounter", "outside_contact", "activity_suggestion"):
        assert _reads(many.statements, f"^SELECT {table}\\.") == 1, table
    assert _reads(many.statements, "^SELECT role_grant\\.") == 1


def _reads(statements: list[str], pattern: str) -> int:
    """How many statements match ``pattern``."""
    return sum(1 for s in statements if re.search(pattern, s))


def test_circles_overview_query_count_does_not_grow(
    signed_in: Any, tenant: Any, circle: Circle, hooks: Any, organisation: Any, count_queries: Any
) -> None:
    overview = _url(tenant, "/")
    with count_queries() as few:
        assert signed_in.get(overview).status_code == 200
    nbh = people.create_neighbourhood("Meer", [], None, None)
    for i in range(5):
        phases.create_circle(hooks, organisation, nbh, f"Kring {i}", None, date(2026, 1, 1))
    db.session.commit()
    with count_queries() as many:
        html = signed_in.get(overview).get_data(as_text=True)
    assert "Kring 4" in html
    assert many.count == few.count


def test_circle_page_shows_the_meeting_rhythm_when_the_methodology_has_one(
    app: Flask, signed_in: Any, tenant: Any
) -> None:
    circle = start_circle(hooks_for(app, "buurtcirkel_nl"), None, "Oud-Beierdijk", today=today())
    db.session.commit()
    html = signed_in.get(_url(tenant, f"/{circle.id}")).get_data(as_text=True)
    assert "weekly, 120 to 180 minutes: open evening, closed evening" in html


def test_person_of_another_tenant_cannot_join_through_the_page(
    signed_in: Any, tenant: Any, circle: Circle, other_tenant: Any
) -> None:
    from kring.core.tenancy import tenant_scope

    with tenant_scope(other_tenant):
        stranger_id = people.create_person(None, name="Vreemde", postcode="6041AA").id
    db.session.commit()
    page = _url(tenant, f"/{circle.id}")
    token = signed_in.csrf_token(page)
    response = signed_in.post(
        _url(tenant, f"/{circle.id}/members"),
        data={"member-person": str(stranger_id), "member-role": "regisseur", "csrf_token": token},
    )
    assert response.status_code == 422  # not among the tenant's people: a form error
    assert db.session.execute(select(CircleMember)).first() is None


def test_choosing_a_person_searches_on_the_server_without_javascript(
    signed_in: Any, tenant: Any, circle: Circle, hooks: Any
) -> None:
    gerda = people.create_person(None, name="Gerda Gids", postcode="6041AA")
    people.create_person(None, name="Gerrit Gids", postcode="6041AB")
    membership.add_member(
        circle, trained(gerda, hooks, "basis"), "begeleider", hooks, None, today()
    )
    page = signed_in.get(_url(tenant, f"/{circle.id}?person=ger")).get_data(as_text=True)
    assert "Gerrit Gids (6041AB)</option>" in page
    assert "Gerda Gids (6041AA)</option>" not in page  # already a member
    assert "1 found; choose in the list below." in page


def test_circle_page_lists_nobody_until_searched_and_costs_the_same_in_a_larger_tenant(
    signed_in: Any, tenant: Any, circle: Circle, count_queries: Any
) -> None:
    path = _url(tenant, f"/{circle.id}")
    with count_queries() as small:
        signed_in.get(path)
    for n in range(150):
        people.create_person(None, name=f"Bewoner {n:03d}", postcode="6041AB")
    with count_queries() as large:
        page = signed_in.get(path).get_data(as_text=True)
    assert large.count == small.count
    assert "Bewoner 000" not in page


def test_circles_overview_is_paged_and_costs_the_same_with_more_circles(
    signed_in: Any, tenant: Any, organisation: Any, hooks: Any, count_queries: Any
) -> None:
    area = people.create_neighbourhood("Overal", ["1234"], None, None)
    for n in range(3):
        phases.create_circle(hooks, organisation, area, f"Kring {n:03d}", None, today())
    with count_queries() as few:
        signed_in.get(_url(tenant, "/"))
    for n in range(3, 55):
        phases.create_circle(hooks, organisation, area, f"Kring {n:03d}", None, today())
    with count_queries() as many:
        first = signed_in.get(_url(tenant, "/")).get_data(as_text=True)
    assert many.count == few.count
    assert "Kring 049" in first and "Kring 050" not in first and 'rel="next"' in first
    second = signed_in.get(_url(tenant, "/?page=2")).get_data(as_text=True)
    assert "Kring 054" in second and 'rel="prev"' in second


def test_the_checklist_lists_what_is_missing_and_folds_away_what_is_met(
    signed_in: Any, tenant: Any, circle: Circle, hooks: Any
) -> None:
    membership.add_member(
        circle,
        people.create_person(None, name="Mo Maatje", postcode="6041AA"),
        "maatje",
        hooks,
        None,
        today(),
        {"woont_vast": "yes", "uren": "4"},
    )
    db.session.commit()
    html = signed_in.get(_url(tenant, f"/{circle.id}")).get_data(as_text=True)
    assert "Still missing in" not in html  # Exploring asks nothing it lacks
    missing, _, folded = html.partition('class="met-checks"')
    assert "Running needs at least 3 participants (now 0)" in missing
    assert "Running needs at least 1 buddy (now 1)" in folded
    assert "1 requirement already met" in folded
