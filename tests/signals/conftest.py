"""A Verbonden in de buurt neighbourhood team (invented people) that takes signals for the
postcodes 3961 and 3962, with a trained volunteer who may be asked to make contact."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from flask import Flask

from kring.core.accounts import Role
from kring.testing.factories import DEFAULT_PASSWORD


@dataclass
class Team:
    organisation: Any
    circle: Any
    volunteer: Any  # the volunteer's person
    volunteer_user: Any
    coach_user: Any


@pytest.fixture
def neighbourhood_team(app: Flask, tenant: Any, make_user: Any) -> Team:
    from kring.circles import membership
    from kring.core.db import today
    from kring.extensions import db
    from kring.people import service as people
    from kring.testing.builders import hooks_for, organisation_with, start_circle
    from kring.trainings import service as trainings

    hooks = hooks_for(app, "verbonden_nl")
    organisation = organisation_with("verbonden_nl", "Welzijn Duurveld")
    circle = start_circle(
        hooks, "Buurtteam Noord", "Noord", ["3961", "3962"], organisation, today()
    )
    volunteer_user = make_user(tenant, Role.volunteer, email="vera@duurveld.example.org")
    coach_user = make_user(tenant, Role.coach, email="cas@duurveld.example.org")
    volunteer = people.create_person(None, name="Vera Vrijwilliger", postcode="3961AA")
    volunteer.user_id = volunteer_user.id
    course = hooks.methodology.training("vrijwilligerstraining")
    assert course is not None
    trainings.record_training(volunteer, course, date(2026, 1, 5), None, today())
    membership.add_member(circle, volunteer, "vrijwilliger", hooks, None, today())
    db.session.commit()
    return Team(organisation, circle, volunteer, volunteer_user, coach_user)


def sign_in(client: Any, tenant: Any, user: Any) -> Any:
    assert client.login(tenant, user.email, DEFAULT_PASSWORD).status_code == 302
    return client
