"""Circle names are unique in a tenant: a blank form never makes a second circle of the same
name, and a methodology that names circles after the neighbourhood tells a second one apart."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from kring.circles import phases
from kring.circles.models import Circle
from kring.core.db import today
from kring.core.rules import Refused
from kring.extensions import db
from kring.people import service as people
from kring.testing.builders import hooks_for, organisation_with


def _count() -> int:
    return db.session.execute(select(func.count(Circle.id))).scalar_one()


def test_a_name_in_use_is_refused_whatever_its_case(app: Flask, tenant: Any) -> None:
    hooks = hooks_for(app, "proefkring")
    organisation = organisation_with("proefkring")
    area = people.create_neighbourhood("De Kemp", ["6041"], None, None)
    phases.create_circle(hooks, organisation, area, "Kring De Kemp", None, today())
    with pytest.raises(Refused) as refused:
        phases.create_circle(hooks, organisation, area, "kring  de KEMP", None, today())
    assert [u.rule for u in refused.value.unmet] == ["circle.name_taken"]
    assert refused.value.unmet[0].is_input
    assert _count() == 1


def test_a_second_circle_named_after_its_neighbourhood_is_told_apart_or_refused(
    app: Flask, tenant: Any
) -> None:
    hooks = hooks_for(app, "buurtkring_nl")
    organisation = organisation_with("buurtkring_nl")
    area = people.create_neighbourhood("De Kemp", ["6041"], None, None)
    first = phases.create_circle(hooks, organisation, area, "", None, today())
    assert first.name == "Buurtkring De Kemp"
    with pytest.raises(Refused) as refused:
        phases.create_circle(hooks, organisation, area, None, None, today())
    assert "tells it apart" in refused.value.unmet[0].explain("en")
    second = phases.create_circle(hooks, organisation, area, "Noord", None, today())
    assert second.name == "Buurtkring De Kemp Noord"
    assert _count() == 2


def test_the_form_and_the_api_refuse_a_name_in_use(signed_in: Any, tenant: Any, api: str) -> None:
    organisation = organisation_with("buurtkring_nl")
    area = people.create_neighbourhood("De Kemp", ["6041"], None, None)
    page = f"/t/{tenant.slug}/circles/new"
    form = {"setting": f"{organisation.id}:buurtkring_nl", "neighbourhood": str(area.id)}
    assert signed_in.form(f"/t/{tenant.slug}/circles/", form, page=page).status_code == 302
    again = signed_in.form(f"/t/{tenant.slug}/circles/", form, page=page)
    assert again.status_code == 422
    assert "There is already a Buurtkring named Buurtkring De Kemp" in again.get_data(as_text=True)
    body = {"organisation_id": organisation.id, "methodology": "buurtkring_nl"}
    refused = signed_in.send(
        "POST", f"{api}/circles", {**body, "neighbourhood_id": area.id, "name": ""}
    )
    assert refused.status_code == 422
    assert refused.get_json()["unmet"][0]["rule"] == "circle.name_taken"
    assert _count() == 1
