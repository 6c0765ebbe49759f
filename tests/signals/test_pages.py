from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from kring.core.accounts import Role
from kring.extensions import db
from kring.organisations import service as organisations
from kring.signals.models import Signal, SignalStatus
from kring.testing.factories import DEFAULT_PASSWORD, OrganisationFactory


@pytest.fixture
def team(app: Flask, tenant: Any) -> Any:
    organisation = OrganisationFactory(name="Welzijn Duurveld")
    methodologies = app.extensions["kring.plugins"].methodologies()
    organisations.enable(organisation, "verbonden_nl", methodologies, None)
    return organisation


def _as(client: Any, tenant: Any, make_user: Any, role: Role) -> Any:
    user = make_user(tenant, role)
    assert client.login(tenant, user.email, DEFAULT_PASSWORD).status_code == 302
    return client


def test_signaler_reports_a_resident(client: Any, tenant: Any, team: Any, make_user: Any) -> None:
    _as(client, tenant, make_user, Role.signaler)
    page = f"/t/{tenant.slug}/signals/new"
    response = client.form(
        f"/t/{tenant.slug}/signals/",
        {
            "destination": f"{team.id}:verbonden_nl",
            "has_consent": "yes",
            "resident_name": "Cor van Rooij",
            "address": "Markt 1",
            "postcode": "3961 AX",
            "birth_date": "1941-05-12",
            "reason": "Komt de deur niet uit",
        },
        page=page,
    )
    assert response.status_code == 302
    signal = db.session.execute(select(Signal)).scalar_one()
    assert (signal.resident_name, signal.status) == ("Cor van Rooij", SignalStatus.new)
    own = client.get(page).get_data(as_text=True)
    assert "Cor van Rooij" in own and "waiting for the team" in own  # under "Your signals"
    assert client.get(f"/t/{tenant.slug}/signals/").status_code == 403


def test_bad_signal_input_names_each_field(
    client: Any, tenant: Any, team: Any, make_user: Any
) -> None:
    _as(client, tenant, make_user, Role.signaler)
    response = client.form(
        f"/t/{tenant.slug}/signals/",
        {"destination": "999:verbonden_nl", "resident_name": "", "postcode": "!!", "reason": ""},
        page=f"/t/{tenant.slug}/signals/new",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Say whether the resident agreed." in html and "Not a valid choice" in html
    assert "Say what you saw." in html and "Enter a Dutch or UK postcode, such as" in html
    assert db.session.execute(select(Signal)).first() is None


def test_coach_sees_the_target_group_first_and_follows_up(
    client: Any, tenant: Any, team: Any, make_user: Any
) -> None:
    from datetime import date

    for name, born in (("Jong", date(1990, 1, 1)), ("Oud", date(1940, 1, 1))):
        db.session.add(
            Signal(
                organisation_id=team.id,
                methodology_key="verbonden_nl",
                resident_name=name,
                birth_date=born,
                reason="Alleen",
            )
        )
    db.session.commit()
    _as(client, tenant, make_user, Role.coach)
    page = f"/t/{tenant.slug}/signals/"
    html = client.get(page).get_data(as_text=True)
    assert html.index("Oud") < html.index("Jong")
    signal = db.session.execute(select(Signal).where(Signal.resident_name == "Oud")).scalar_one()
    response = client.form(
        f"/t/{tenant.slug}/signals/{signal.id}/conversation",
        {"contacted_on": signal.created_at.date().isoformat(), "note": "Langs geweest"},
        page=f"/t/{tenant.slug}/signals/{signal.id}",
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Signal, signal.id).status is SignalStatus.contacted


def test_signal_list_query_count_does_not_grow(
    signed_in: Any, tenant: Any, team: Any, count_queries: Any
) -> None:
    page = f"/t/{tenant.slug}/signals/"
    db.session.add(
        Signal(
            organisation_id=team.id, methodology_key="verbonden_nl", resident_name="Een", reason="x"
        )
    )
    db.session.commit()
    with count_queries() as few:
        signed_in.get(page)
    for i in range(5):
        db.session.add(
            Signal(
                organisation_id=team.id,
                methodology_key="verbonden_nl",
                resident_name=f"R{i}",
                reason="x",
            )
        )
    db.session.commit()
    with count_queries() as many:
        signed_in.get(page)
    assert many.count == few.count
