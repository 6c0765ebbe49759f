"""The Onderzoek pages: importing CBS figures (all lines or none, every problem named) and the
ranking a project leader starts a circle from."""

from __future__ import annotations

import io
from typing import Any

from sqlalchemy import func, select

from kring.core.accounts import Role
from kring.extensions import db
from kring.neighbourhoods.models import NeighbourhoodStatistics
from kring.people.models import Neighbourhood
from kring.signals.models import Signal
from kring.testing.factories import DEFAULT_PASSWORD
from tests.neighbourhoods.conftest import GOOD, cbs_file


def _upload(client: Any, tenant: Any, data: bytes, year: Any = 2025) -> Any:
    page = f"/t/{tenant.slug}/neighbourhoods/statistics"
    return client.form(page, {"file": (io.BytesIO(data), "kwb.csv"), "year": str(year)})


def test_leader_imports_figures_and_sees_the_ranking_with_why(
    signed_in: Any, tenant: Any, plusvijf: Any
) -> None:
    db.session.add(Neighbourhood(name="Nieuwland", postcodes=["3281"]))
    db.session.commit()
    response = _upload(signed_in, tenant, GOOD)
    assert response.status_code == 302, response.get_data(as_text=True)
    names = db.session.scalars(select(Neighbourhood.name).order_by(Neighbourhood.name)).all()
    assert names == ["Nieuwland", "Oud-Zuid"]  # matched by name, the other one added
    assert db.session.scalar(select(func.count()).select_from(NeighbourhoodStatistics)) == 2
    html = signed_in.get(f"/t/{tenant.slug}/neighbourhoods/").get_data(as_text=True)
    assert html.index("Oud-Zuid") < html.index("Nieuwland")
    assert "35% of residents are 65 or older" in html
    assert '<svg role="img"' in html and "Highest: Oud-Zuid with" in html
    assert "Start a Neighbourhood Circle here" in html and "methodology=buurtcirkel_nl" in html


def test_a_bad_file_is_explained_line_by_line_and_nothing_is_kept(
    signed_in: Any, tenant: Any, plusvijf: Any
) -> None:
    bad = cbs_file(
        '1;"Goed";"Dijkstad";"Wijk";"WK990101";4000;1400;2000;900;28.0',
        '2;"Fout";"Dijkstad";"Wijk";"WK990102";drie;400;1300;300;36.0',
    )
    response = _upload(signed_in, tenant, bad)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nothing was imported: the file has 1 problems" in html
    assert "&#39;drie&#39; in AantalInwoners is no number." in html
    assert db.session.scalar(select(func.count()).select_from(Neighbourhood)) == 0


def test_a_year_in_the_future_is_refused_when_importing(
    signed_in: Any, tenant: Any, plusvijf: Any
) -> None:
    response = _upload(signed_in, tenant, GOOD, year=2999)
    assert response.status_code == 422
    assert "Choose a year from 2000 to" in response.get_data(as_text=True)
    missing = signed_in.form(
        f"/t/{tenant.slug}/neighbourhoods/statistics",
        {"year": "2025"},
    )
    assert missing.status_code == 422
    assert "Choose the file to import." in missing.get_data(as_text=True)


def test_signals_count_in_their_neighbourhood_without_any_detail(
    signed_in: Any, tenant: Any, plusvijf: Any
) -> None:
    _upload(signed_in, tenant, GOOD)
    nieuwland = db.session.scalars(select(Neighbourhood).filter_by(name="Nieuwland")).one()
    nieuwland.postcodes = ["3281"]
    for i in range(3):
        db.session.add(
            Signal(
                organisation_id=plusvijf.id,
                methodology_key="buurtcirkel_nl",
                resident_name=f"Geheime Naam {i}",
                postcode="3281 AB",
                reason="Zit veel alleen",
            )
        )
    db.session.commit()
    html = signed_in.get(f"/t/{tenant.slug}/neighbourhoods/").get_data(as_text=True)
    assert "3 loneliness signals in the last year" in html
    assert "Geheime Naam" not in html and "Zit veel alleen" not in html


def test_the_start_link_prefills_the_new_circle_when_a_leader_chooses(
    signed_in: Any, tenant: Any, plusvijf: Any
) -> None:
    _upload(signed_in, tenant, GOOD)
    oud = db.session.scalars(select(Neighbourhood).filter_by(name="Oud-Zuid")).one()
    html = signed_in.get(
        f"/t/{tenant.slug}/circles/new?neighbourhood={oud.id}&methodology=buurtcirkel_nl"
    ).get_data(as_text=True)
    assert f'<option selected value="{oud.id}">Oud-Zuid</option>' in html
    assert f'<option selected value="{plusvijf.id}:buurtcirkel_nl">' in html


def test_tenant_admin_ranks_but_starts_no_circle(
    client: Any, tenant: Any, plusvijf: Any, admin: Any
) -> None:
    client.login(tenant, admin.email, DEFAULT_PASSWORD)
    assert _upload(client, tenant, GOOD).status_code == 302
    html = client.get(f"/t/{tenant.slug}/neighbourhoods/").get_data(as_text=True)
    assert "Oud-Zuid" in html and "Start a Neighbourhood Circle here" not in html


def test_roles_without_research_are_refused(
    client: Any, tenant: Any, plusvijf: Any, make_user: Any
) -> None:
    for role in (Role.coach, Role.volunteer, Role.signaler, Role.participant):
        user = make_user(tenant, role)
        client.login(tenant, user.email, DEFAULT_PASSWORD)
        assert client.get(f"/t/{tenant.slug}/neighbourhoods/").status_code == 403
        assert client.get(f"/t/{tenant.slug}/neighbourhoods/statistics").status_code == 403
        client.post(f"/t/{tenant.slug}/logout")


def test_an_unknown_methodology_is_not_found_when_asked_for(
    signed_in: Any, tenant: Any, plusvijf: Any
) -> None:
    page = f"/t/{tenant.slug}/neighbourhoods/?methodology=verbonden_nl"
    assert signed_in.get(page).status_code == 404


def test_ranking_query_count_does_not_grow_with_neighbourhoods(
    signed_in: Any, tenant: Any, plusvijf: Any, count_queries: Any
) -> None:
    page = f"/t/{tenant.slug}/neighbourhoods/"
    _upload(signed_in, tenant, GOOD)
    with count_queries() as few:
        assert signed_in.get(page).status_code == 200
    lines = [
        f'{i};"Wijk {i}";"Dijkstad";"Wijk";"WK9902{i:02d}";{1000 + i};{100 + i};500;200;30.0'
        for i in range(10)
    ]
    assert _upload(signed_in, tenant, cbs_file(*lines), year=2024).status_code == 302
    with count_queries() as many:
        signed_in.get(page)
    assert many.count == few.count
