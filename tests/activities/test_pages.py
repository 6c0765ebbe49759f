"""The calendar's pages: public without signing in, filtered, in large print and as iCal;
hidden for a suspended tenant; organisers publish only for their own organisation."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from icalendar import Calendar

from kring.core.accounts import Role
from kring.core.tenancy import Tenant, TenantStatus
from kring.extensions import db
from kring.people import service as people
from kring.testing.factories import DEFAULT_PASSWORD, OrganisationFactory, RoleGrantFactory
from tests.activities.conftest import an_activity

MONDAY = date(2026, 3, 2)


def test_anyone_reads_the_calendar_without_signing_in_when_it_is_public(
    client: Any, tenant: Tenant
) -> None:
    an_activity(rrule="FREQ=WEEKLY", cost="gratis", contact="0343 000 000")
    page = client.get(f"/t/{tenant.slug}/activities/?from={MONDAY}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert html.count("Wandelen op dinsdag") == 2  # two Tuesdays in two weeks
    assert "gratis" in html and "0343 000 000" in html
    assert "Tuesday, March 3, 2026" in html


def test_the_calendar_speaks_dutch_when_the_browser_asks_for_it(
    client: Any, tenant: Tenant
) -> None:
    an_activity(audiences=("seniors_75",), access=("hearing_loop",))
    page = client.get(
        f"/t/{tenant.slug}/activities/?from={MONDAY}", headers={"Accept-Language": "nl"}
    ).get_data(as_text=True)
    assert "Activiteitenagenda" in page and "Dinsdag 3 maart 2026" in page
    assert "Ringleiding" in page


def test_filters_narrow_the_page_and_an_unknown_neighbourhood_is_not_found(
    client: Any, tenant: Tenant, other_tenant: Tenant
) -> None:
    north = people.create_neighbourhood("Noord", ["1111"], None, None)
    south = people.create_neighbourhood("Zuid", ["2222"], None, None)
    walk = an_activity(neighbourhood_id=north.id)
    an_activity(walk.organisation_id, title="Jeu de boules", neighbourhood_id=south.id)
    base = f"/t/{tenant.slug}/activities/?from={MONDAY}"
    html = client.get(f"{base}&neighbourhood={south.id}").get_data(as_text=True)
    assert "Jeu de boules" in html and "Wandelen op dinsdag" not in html
    assert client.get(f"{base}&neighbourhood=999999").status_code == 404
    assert client.get(f"{base}&audience=martians&weekday=9").status_code == 200


def test_the_large_print_view_lists_the_same_activities_when_printed(
    client: Any, tenant: Tenant
) -> None:
    an_activity(rrule="FREQ=WEEKLY", address="Kerkstraat 1")
    html = client.get(f"/t/{tenant.slug}/activities/print?from={MONDAY}").get_data(as_text=True)
    assert 'class="large-print"' in html and html.count("Kerkstraat 1") == 2


def test_the_feed_carries_the_recurrence_and_narrows_by_neighbourhood_and_audience(
    client: Any, tenant: Tenant
) -> None:
    north = people.create_neighbourhood("Noord", ["1111"], None, None)
    walk = an_activity(rrule="FREQ=WEEKLY", exdates=(date(2026, 3, 10),), neighbourhood_id=north.id)
    south = people.create_neighbourhood("Zuid", ["2222"], None, None)
    an_activity(
        walk.organisation_id, title="Jeugdclub", audiences=("youth",), neighbourhood_id=south.id
    )
    feed = f"/t/{tenant.slug}/activities/calendar.ics"
    everything = Calendar.from_ical(client.get(feed).data)
    assert sorted(str(e["summary"]) for e in everything.walk("VEVENT")) == [
        "Jeugdclub",
        "Wandelen op dinsdag",
    ]
    assert everything.walk("VTIMEZONE"), "a recurring feed names its time zone"
    (north_only,) = Calendar.from_ical(client.get(f"{feed}?neighbourhood={north.id}").data).walk(
        "VEVENT"
    )
    assert north_only["rrule"]["FREQ"] == ["WEEKLY"] and "EXDATE" in north_only
    seniors = Calendar.from_ical(client.get(f"{feed}?audience=seniors_75").data)
    assert [str(e["summary"]) for e in seniors.walk("VEVENT")] == ["Wandelen op dinsdag"]


def test_a_suspended_tenant_shows_no_calendar(client: Any, tenant: Tenant) -> None:
    an_activity()
    tenant.status = TenantStatus.suspended
    db.session.flush()
    for path in ("/activities/", "/activities/print", "/activities/calendar.ics"):
        response = client.get(f"/t/{tenant.slug}{path}")
        assert response.status_code == 403
        assert b"Wandelen" not in response.data


def test_a_contributor_publishes_for_their_own_organisation_only(
    client: Any, tenant: Tenant, make_user: Any
) -> None:
    church = OrganisationFactory(name="Kerk")
    club = OrganisationFactory(name="Club")
    theirs = an_activity(club.id, title="Voetbal")
    user = make_user(tenant, email="kerk@example.org")
    RoleGrantFactory(user=user, role=Role.contributor, organisation_id=church.id)
    signed = client.login(tenant, user.email, DEFAULT_PASSWORD)
    assert signed.status_code == 302, signed.get_data(as_text=True)[-3000:]
    new = f"/t/{tenant.slug}/activities/manage/new"
    form = client.get(new).get_data(as_text=True)
    assert "Kerk" in form and "Club" not in form
    saved = client.form(
        new,
        {
            "organisation_id": church.id,
            "title": "Open kerk",
            "starts_on": "2026-03-04",
            "starts_time": "12:00",
            "minutes": "90",
            "repeat": "weekly",
            "exdates": "11-03-2026",
            "neighbourhood_id": "",
            "audiences": ["everyone", "seniors_75"],
            "access": ["wheelchair"],
        },
    )
    assert saved.status_code == 302, saved.get_data(as_text=True)
    html = client.get(f"/t/{tenant.slug}/activities/?from={MONDAY}").get_data(as_text=True)
    assert html.count("</span> Open kerk") == 1  # 4 March; 11 March is off
    assert client.get(f"/t/{tenant.slug}/activities/manage/{theirs.id}").status_code == 404
    posted = client.form(
        new,
        {
            "organisation_id": club.id,
            "title": "X",
            "starts_on": "2026-03-04",
            "starts_time": "12:00",
            "minutes": "60",
            "audiences": ["everyone"],
        },
    )
    assert posted.status_code == 422  # not a choice they have
    assert client.get(f"/t/{tenant.slug}/circles/").status_code == 403


def test_a_wrong_exception_date_is_a_form_error_naming_the_line(
    client: Any, tenant: Tenant, make_user: Any
) -> None:
    leader = make_user(tenant, Role.project_leader, email="pl@example.org")
    church = OrganisationFactory(name="Kerk")
    client.login(tenant, leader.email, DEFAULT_PASSWORD)
    new = f"/t/{tenant.slug}/activities/manage/new"
    answer = client.form(
        new,
        {
            "organisation_id": church.id,
            "title": "Soep",
            "starts_on": "2026-03-04",
            "starts_time": "12:00",
            "minutes": "60",
            "audiences": ["everyone"],
            "exdates": "kerstmis",
        },
    )
    assert answer.status_code == 422 and "kerstmis is not a date" in answer.get_data(as_text=True)


def test_an_organiser_changes_and_removes_an_activity_from_the_manage_page(
    client: Any, tenant: Tenant, make_user: Any
) -> None:
    leader = make_user(tenant, Role.project_leader, email="pl@example.org")
    walk = an_activity(rrule="FREQ=WEEKLY;INTERVAL=2")
    client.login(tenant, leader.email, DEFAULT_PASSWORD)
    listing = client.get(f"/t/{tenant.slug}/activities/manage").get_data(as_text=True)
    assert "Wandelen op dinsdag" in listing and "Every two weeks" in listing
    edit = f"/t/{tenant.slug}/activities/manage/{walk.id}"
    form = client.get(edit).get_data(as_text=True)
    assert '<option selected value="fortnightly">' in form
    changed = client.form(
        edit,
        {
            "organisation_id": walk.organisation_id,
            "title": "Wandelen",
            "starts_on": "2026-03-03",
            "starts_time": "15:00",
            "minutes": "60",
            "repeat": "",
            "audiences": ["everyone"],
        },
    )
    assert changed.status_code == 302
    db.session.refresh(walk)
    assert walk.rrule is None and walk.starts_local == datetime(2026, 3, 3, 15, 0)
    gone = client.form(f"{edit}/delete", {}, page=edit)
    assert gone.status_code == 302
    assert client.get(edit).status_code == 404


def test_the_public_page_costs_the_same_queries_with_more_activities(
    client: Any, tenant: Tenant, count_queries: Any
) -> None:
    walk = an_activity(rrule="FREQ=DAILY")
    path = f"/t/{tenant.slug}/activities/?from={MONDAY}"
    with count_queries() as few:
        client.get(path)
    for i in range(10):
        an_activity(walk.organisation_id, title=f"Activiteit {i}", rrule="FREQ=WEEKLY")
    with count_queries() as many:
        client.get(path)
    assert many.count == few.count
