"""A signal goes to the neighbourhood team of its postcode, a trained volunteer is asked to make
contact, the conversation is written down with the loneliness scale, and it ends with an
outcome; what waits too long is brought to the team's attention; the dashboard counts it all
per neighbourhood. The signaller sees only that it was picked up."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from kring.core.accounts import Role, User
from kring.core.db import today, utcnow
from kring.extensions import db
from kring.notify.models import OutboxMessage
from kring.signals.models import Signal, SignalOutcome, SignalStatus
from tests.signals.conftest import Team, sign_in

ALL_LONELY = {
    "emptiness": "yes",
    "rely_on": "no",
    "trust": "no",
    "miss_people": "yes",
    "close_to": "no",
    "rejected": "yes",
}


def _report(client: Any, tenant: Any, make_user: Any, **fields: Any) -> Any:
    """Sign in as the district nurse (made the first time) and report a resident."""
    found = db.session.execute(
        select(User).where(User.email == "wijkverpleging@example.org")
    ).scalar_one_or_none()
    nurse = found or make_user(tenant, Role.signaler, email="wijkverpleging@example.org")
    client.post(f"/t/{tenant.slug}/logout", headers={"X-CSRFToken": client.csrf_token()})
    sign_in(client, tenant, nurse)
    body = {
        "postcode": "3962 BK",
        "has_consent": True,
        "resident_name": "Riet Rozendaal",
        "address": "Lindelaan 3",
        "birth_date": "1944-04-04",
        "reason": "Komt de deur niet meer uit",
        **fields,
    }
    return client.send("POST", f"/t/{tenant.slug}/api/v1/signals", body)


def _switch(client: Any, tenant: Any, user: Any) -> Any:
    client.post(f"/t/{tenant.slug}/logout", headers={"X-CSRFToken": client.csrf_token()})
    return sign_in(client, tenant, user)


def test_the_postcode_finds_the_neighbourhood_team(
    client: Any, tenant: Any, make_user: Any, neighbourhood_team: Team
) -> None:
    created = _report(client, tenant, make_user)
    assert created.status_code == 201, created.get_json()
    assert set(created.get_json()) == {
        "id",
        "postcode",
        "created_at",
        "is_picked_up",
        "picked_up_on",
    }  # the signaller gets nothing of the team's work back
    signal = db.session.get(Signal, created.get_json()["id"])
    assert signal is not None
    assert signal.circle_id == neighbourhood_team.circle.id
    assert signal.organisation_id == neighbourhood_team.organisation.id


def test_the_whole_follow_up_through_the_api(
    client: Any, tenant: Any, make_user: Any, neighbourhood_team: Team
) -> None:
    signal_id = _report(client, tenant, make_user).get_json()["id"]
    mine = client.get(f"/t/{tenant.slug}/api/v1/signals/mine").get_json()
    assert [(s["id"], s["is_picked_up"]) for s in mine] == [(signal_id, False)]
    api = f"/t/{tenant.slug}/api/v1/signals/{signal_id}"
    assert client.get(api).status_code == 403  # a signaller never reads the signal itself

    _switch(client, tenant, neighbourhood_team.coach_user)
    [volunteer] = client.get(f"{api}/volunteers").get_json()
    assert volunteer["name"] == "Vera Vrijwilliger"
    assigned = client.send("POST", f"{api}/assign", {"volunteer_id": volunteer["person_id"]})
    assert assigned.status_code == 200, assigned.get_json()
    assert assigned.get_json()["status"] == "assigned"
    told = db.session.execute(
        select(OutboxMessage.user_id).where(OutboxMessage.kind == "signal_assigned")
    ).scalars()
    assert neighbourhood_team.volunteer_user.id in set(told)

    _switch(client, tenant, neighbourhood_team.volunteer_user)
    spoken = client.send(
        "POST",
        f"{api}/conversation",
        {"contacted_on": today().isoformat(), "note": "Koffie gedronken", "answers": ALL_LONELY},
    )
    assert spoken.status_code == 200, spoken.get_json()
    assert spoken.get_json()["loneliness"]["scores"]["total"] == 6
    ended = client.send(
        "POST", f"{api}/close", {"outcome": "joined_activity", "note": "Wandelt mee"}
    )
    assert ended.get_json()["outcome"] == "joined_activity"
    assert ended.get_json()["status"] == "closed"
    again = client.send("POST", f"{api}/close", {"outcome": "referred"})
    assert again.status_code == 409

    _switch(client, tenant, make_user(tenant, Role.signaler, email="wijkverpleging2@example.org"))
    signaller = db.session.get(Signal, signal_id)
    assert signaller is not None and signaller.signaled_by_id is not None


def test_bad_follow_up_input_names_the_field(
    client: Any, tenant: Any, make_user: Any, neighbourhood_team: Team
) -> None:
    signal_id = _report(client, tenant, make_user).get_json()["id"]
    api = f"/t/{tenant.slug}/api/v1/signals/{signal_id}"
    _switch(client, tenant, neighbourhood_team.coach_user)
    stranger = make_user(tenant, Role.volunteer, email="niet-getraind@example.org")
    wrong = client.send("POST", f"{api}/assign", {"volunteer_id": stranger.id})
    assert wrong.status_code == 422
    assert {u["rule"] for u in wrong.get_json()["unmet"]} == {"signal.volunteer"}
    half = client.send(
        "POST",
        f"{api}/conversation",
        {"contacted_on": today().isoformat(), "answers": {"emptiness": "yes"}},
    )
    assert half.status_code == 422 and "answers" in half.get_json()["errors"]["json"]
    future = client.send(
        "POST", f"{api}/conversation", {"contacted_on": (today() + timedelta(days=3)).isoformat()}
    )
    assert future.status_code == 422
    assert client.send("POST", f"{api}/close", {"outcome": "moon"}).status_code == 422


def test_a_volunteer_reads_only_the_signals_they_were_asked_to_follow_up(
    client: Any, tenant: Any, make_user: Any, neighbourhood_team: Team
) -> None:
    signal_id = _report(client, tenant, make_user).get_json()["id"]
    _switch(client, tenant, neighbourhood_team.volunteer_user)
    api = f"/t/{tenant.slug}/api/v1/signals"
    assert client.get(f"{api}/{signal_id}").status_code == 404
    assert client.get(api).get_json() == []
    signal = db.session.get(Signal, signal_id)
    assert signal is not None
    signal.assigned_to_id = neighbourhood_team.volunteer.id
    signal.status = SignalStatus.assigned
    db.session.commit()
    assert client.get(f"{api}/{signal_id}").status_code == 200
    assert client.send("POST", f"{api}/{signal_id}/assign", {"volunteer_id": 1}).status_code == 403


def test_the_pages_follow_a_signal_to_its_end(
    client: Any, tenant: Any, make_user: Any, neighbourhood_team: Team
) -> None:
    signal_id = _report(client, tenant, make_user).get_json()["id"]
    _switch(client, tenant, neighbourhood_team.coach_user)
    page = f"/t/{tenant.slug}/signals/{signal_id}"
    shown = client.get(page)
    html = shown.get_data(as_text=True)
    assert shown.status_code == 200, html
    assert "Riet Rozendaal" in html and "Vera Vrijwilliger" in html
    assert "I experience a general sense of emptiness" in html
    volunteer = str(neighbourhood_team.volunteer.id)
    assert client.form(f"{page}/assign", {"volunteer": volunteer}, page=page).status_code == 302
    answers = {f"item_{k}": v for k, v in ALL_LONELY.items()}
    spoken = client.form(
        f"{page}/conversation",
        {"contacted_on": today().isoformat(), "note": "Goed gesprek", **answers},
        page=page,
    )
    assert spoken.status_code == 302
    html = client.get(page).get_data(as_text=True)
    assert "severely lonely" in html and "Goed gesprek" in html
    ended = client.form(f"{page}/close", {"outcome": "joined_circle"}, page=page)
    assert ended.status_code == 302
    signal = db.session.get(Signal, signal_id)
    assert signal is not None and signal.outcome is SignalOutcome.joined_circle


def test_a_signal_waiting_too_long_reminds_the_team_once(
    app: Any, client: Any, tenant: Any, make_user: Any, neighbourhood_team: Team
) -> None:
    from kring.notify.rules import plan

    signal_id = _report(client, tenant, make_user).get_json()["id"]
    signal = db.session.get(Signal, signal_id)
    assert signal is not None
    signal.created_at = utcnow() - timedelta(days=8)  # Verbonden allows a week
    db.session.commit()
    plan(utcnow())
    plan(utcnow())
    waiting = db.session.execute(
        select(OutboxMessage.user_id).where(OutboxMessage.kind == "signal_waiting")
    ).scalars()
    assert neighbourhood_team.coach_user.id in set(waiting)
    count = db.session.execute(
        select(OutboxMessage.id).where(
            OutboxMessage.kind == "signal_waiting",
            OutboxMessage.user_id == neighbourhood_team.coach_user.id,
        )
    ).all()
    assert len(count) == 1


def _direct(team: Team, postcode: str) -> Signal:
    """A signal reported straight through the service (no sign-in per signal)."""
    from kring.http.methodology import methodologies
    from kring.signals import service as signals

    found = signals.destinations(methodologies())
    told = signals.Report(postcode=postcode, reason="Alleen", has_consent=True, address="Weg 1")
    signal = signals.report(found, found[0], told, None, today())
    db.session.commit()
    return signal


def test_the_dashboard_counts_per_neighbourhood_without_residents(
    app: Any, client: Any, tenant: Any, make_user: Any, neighbourhood_team: Team, count_queries: Any
) -> None:
    with app.test_request_context(f"/t/{tenant.slug}/"):
        from flask import g

        g.tenant = tenant
        first = _direct(neighbourhood_team, "3962BK")
        _direct(neighbourhood_team, "9999ZZ")
    first.picked_up_at = first.created_at + timedelta(days=2)
    first.outcome, first.status = SignalOutcome.joined_activity, SignalStatus.closed
    db.session.commit()
    sign_in(client, tenant, make_user(tenant, Role.tenant_admin, email="beheer@example.org"))
    figures = client.get(f"/t/{tenant.slug}/api/v1/signals/dashboard").get_json()
    assert figures == [
        {
            "neighbourhood": "Noord",
            "received": 1,
            "picked_up": 1,
            "waiting": 0,
            "median_days_to_pick_up": 2.0,
            "outcomes": {"joined_activity": 1},
        },
        {
            "neighbourhood": None,
            "received": 1,
            "picked_up": 0,
            "waiting": 1,
            "median_days_to_pick_up": None,
            "outcomes": {},
        },
    ]
    page = f"/t/{tenant.slug}/signals/dashboard"
    with count_queries() as few:
        html = client.get(page).get_data(as_text=True)
    assert "Noord" in html and "<svg" in html and "Weg 1" not in html
    with app.test_request_context(f"/t/{tenant.slug}/"):
        from flask import g

        g.tenant = tenant
        for _ in range(3):
            _direct(neighbourhood_team, "3961AA")
    with count_queries() as many:
        client.get(page)
    assert many.count == few.count


def test_the_home_pages_show_whom_to_visit_and_what_waits(
    client: Any, tenant: Any, make_user: Any, neighbourhood_team: Team
) -> None:
    signal_id = _report(client, tenant, make_user).get_json()["id"]
    _switch(client, tenant, neighbourhood_team.coach_user)
    home = client.get(f"/t/{tenant.slug}/").get_data(as_text=True)
    assert "1 signal waits to be picked up" in home
    client.send(
        "POST",
        f"/t/{tenant.slug}/api/v1/signals/{signal_id}/assign",
        {"volunteer_id": neighbourhood_team.volunteer.id},
    )
    _switch(client, tenant, neighbourhood_team.volunteer_user)
    home = client.get(f"/t/{tenant.slug}/").get_data(as_text=True)
    assert "Residents to visit" in home and "Riet Rozendaal" in home


def test_without_consent_the_team_decides_on_a_follow_up_without_a_name(
    client: Any, tenant: Any, make_user: Any, neighbourhood_team: Team
) -> None:
    created = _report(client, tenant, make_user, has_consent=False)
    signal_id = created.get_json()["id"]
    _switch(client, tenant, neighbourhood_team.coach_user)
    api = f"/t/{tenant.slug}/api/v1/signals/{signal_id}"
    seen = client.get(api).get_json()
    assert (seen["resident_name"], seen["birth_date"], seen["address"]) == (
        None,
        None,
        "Lindelaan 3",
    )
    page = f"/t/{tenant.slug}/signals/{signal_id}"
    assert "Follow-up without a name" in client.get(page).get_data(as_text=True)
    assert client.form(f"{page}/anonymous", {}, page=page).status_code == 422
    decided = client.form(f"{page}/anonymous", {"follow_up": "ask_again"}, page=page)
    assert decided.status_code == 302
    asked = db.session.execute(
        select(OutboxMessage.user_id).where(OutboxMessage.kind == "signal_ask_again")
    ).scalars()
    signal = db.session.get(Signal, signal_id)
    assert signal is not None and signal.signaled_by_id in set(asked)
    assert client.get(api).get_json()["anonymous_follow_up"] == "ask_again"
    assert client.get(api).get_json()["picked_up_at"] is not None


def test_a_signal_with_consent_gets_no_anonymous_follow_up(
    client: Any, tenant: Any, make_user: Any, neighbourhood_team: Team
) -> None:
    signal_id = _report(client, tenant, make_user).get_json()["id"]
    _switch(client, tenant, neighbourhood_team.coach_user)
    refused = client.send(
        "POST", f"/t/{tenant.slug}/api/v1/signals/{signal_id}/anonymous", {"follow_up": "card"}
    )
    assert refused.status_code == 409
    assert {u["rule"] for u in refused.get_json()["unmet"]} == {"signal.anonymous_follow_up"}


def test_half_a_scale_on_the_page_is_refused_and_kept(
    client: Any, tenant: Any, make_user: Any, neighbourhood_team: Team
) -> None:
    signal_id = _report(client, tenant, make_user).get_json()["id"]
    _switch(client, tenant, neighbourhood_team.coach_user)
    page = f"/t/{tenant.slug}/signals/{signal_id}"
    half = client.form(
        f"{page}/conversation",
        {"contacted_on": today().isoformat(), "note": "Kort gesprek", "item_emptiness": "yes"},
        page=page,
    )
    html = half.get_data(as_text=True)
    assert half.status_code == 422 and "Answer this question too, or none." in html
    assert "Kort gesprek" in html
    signal = db.session.get(Signal, signal_id)
    assert signal is not None and signal.contacted_on is None
