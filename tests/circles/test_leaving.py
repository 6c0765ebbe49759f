"""Stopping asks first and offers the reasons that fit the role; a person's page offers only
the trainings of the methodologies the tenant works with."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from kring.circles import membership
from kring.circles.models import Circle, CircleMember, MemberStatus
from kring.core.db import today
from kring.core.rules import Refused, explain
from kring.extensions import db
from kring.people import service as people
from kring.testing.builders import hooks_for, organisation_with, start_circle, trained


@pytest.fixture
def hooks(app: Flask) -> Any:
    return hooks_for(app, "proefkring")


@pytest.fixture
def circle(tenant: Any, hooks: Any) -> Circle:
    return start_circle(hooks, "Kring De Kemp", "De Kemp", ["6041"], today=today())


@pytest.fixture
def guide(circle: Circle, hooks: Any) -> CircleMember:
    person = trained(people.create_person(None, name="Gerda Gids"), hooks, "basis")
    member = membership.add_member(circle, person, "begeleider", hooks, None, today())
    db.session.commit()
    return member


def _end(tenant: Any, circle: Circle, member: CircleMember) -> str:
    return f"/t/{tenant.slug}/circles/{circle.id}/members/{member.id}/end"


def test_reasons_fit_the_role(hooks: Any) -> None:
    m = hooks.methodology
    assert [r.key for r in m.leave_reasons_for("deelnemer")] == [
        "support_no_longer_needed",
        "moved_away",
        "own_choice",
        "deceased",
    ]
    assert [r.key for r in m.leave_reasons_for("begeleider")] == ["moved_away", "own_choice"]


@pytest.mark.parametrize("key", ["buurtcirkel_nl", "buurtkring_nl", "keyring_uk", "verbonden_nl"])
def test_no_methodology_offers_a_volunteer_the_reason_deceased(app: Flask, key: str) -> None:
    m = hooks_for(app, key).methodology
    helpers = set(r.key for r in m.roles) - m.supported_roles()
    assert helpers, "every methodology has roles that give support"
    for role in helpers:
        assert "deceased" not in {r.key for r in m.leave_reasons_for(role)}


def test_a_reason_that_does_not_fit_the_role_is_refused_in_its_words(
    guide: CircleMember, hooks: Any
) -> None:
    with pytest.raises(Refused) as refused:
        membership.end_membership(guide, "deceased", hooks, None, today())
    (unmet,) = refused.value.unmet
    assert unmet.is_input
    assert explain(unmet, hooks.methodology, "en") == (
        "Choose why Gerda Gids stops, one of: moved away, own choice"
    )


def test_stopping_asks_first_with_the_fitting_reasons_and_none_chosen(
    signed_in: Any, tenant: Any, circle: Circle, guide: CircleMember
) -> None:
    page = signed_in.get(f"/t/{tenant.slug}/circles/{circle.id}").get_data(as_text=True)
    assert f'href="{_end(tenant, circle, guide)}"' in page
    confirm = signed_in.get(_end(tenant, circle, guide))
    html = confirm.get_data(as_text=True)
    assert confirm.status_code == 200
    assert "Why does Gerda Gids stop?" in html and "Yes, Gerda Gids stops" in html
    assert 'value="own_choice"' in html and 'value="deceased"' not in html
    assert "checked" not in html


def test_stopping_without_a_reason_or_with_one_that_does_not_fit_is_refused(
    signed_in: Any, tenant: Any, circle: Circle, guide: CircleMember
) -> None:
    url = _end(tenant, circle, guide)
    blank = signed_in.form(url, {}, page=url)
    assert blank.status_code == 422 and "Choose a reason." in blank.get_data(as_text=True)
    wrong = signed_in.form(url, {"end-reason": "deceased"}, page=url)
    assert wrong.status_code == 422
    db.session.expire_all()
    assert db.session.get(CircleMember, guide.id).status is MemberStatus.active
    done = signed_in.form(url, {"end-reason": "moved_away"}, page=url)
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(CircleMember, guide.id).status is MemberStatus.left


def test_the_api_refuses_a_reason_that_does_not_fit_the_role(
    signed_in: Any, api: str, circle: Circle, guide: CircleMember
) -> None:
    url = f"{api}/circles/{circle.id}/members/{guide.id}/end"
    refused = signed_in.send("POST", url, {"reason": "deceased"})
    assert refused.status_code == 422
    assert refused.get_json()["unmet"][0]["rule"] == "leave.unknown_reason"


def test_a_persons_page_offers_only_the_trainings_of_enabled_methodologies(
    signed_in: Any, tenant: Any, api: str
) -> None:
    organisation_with("proefkring")
    person = people.create_person(None, name="Leerling")
    db.session.commit()
    html = signed_in.get(f"/t/{tenant.slug}/people/{person.id}").get_data(as_text=True)
    assert 'value="basis"' in html
    assert "Buurtcirkel" not in html and "KeyRing" not in html
    refused = signed_in.send(
        "POST",
        f"{api}/people/{person.id}/trainings",
        {"training": "vrijwilligerstraining", "completed_on": "2026-01-01"},
    )
    assert refused.status_code == 422 and "training" in refused.get_json()["errors"]["json"]
