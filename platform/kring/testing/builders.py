"""Short ways to the state a test needs: a methodology's hooks, an organisation that works with
it, a circle in a neighbourhood. They go through the core services, so the rules apply."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, cast

from flask import Flask

from kring.circles import membership, phases
from kring.circles.models import Circle, CircleMember
from kring.organisations import service as organisations
from kring.organisations.models import Organisation
from kring.people import service as people
from kring.people.models import Person
from kring.plugins import MethodologyHooks
from kring.testing.factories import OrganisationFactory
from kring.trainings import service as training_service

TODAY = date(2026, 3, 2)
TRAINED_ON = date(2025, 11, 1)
"""When people a builder adds completed their courses: valid on ``TODAY`` for a yearly course."""


def hooks_for(app: Flask, key: str) -> MethodologyHooks:
    """The hooks of methodology ``key`` as the application loaded them."""
    hooks: MethodologyHooks = app.extensions["kring.plugins"].for_methodology(key)
    return hooks


def organisation_with(key: str, name: str | None = None) -> Organisation:
    """A partner organisation of the tenant in scope that has methodology ``key`` enabled."""
    fields = {"name": name} if name else {}
    organisation = cast(Organisation, OrganisationFactory(**fields))
    organisations.enable(organisation, key, {key}, None)
    return organisation


def start_circle(
    hooks: MethodologyHooks,
    name: str | None = "Proefkring",
    neighbourhood: str = "De Kemp",
    postcodes: Sequence[str] = ("1234",),
    organisation: Organisation | None = None,
    today: date = TODAY,
) -> Circle:
    """A new circle in its first phase, with a neighbourhood of its own."""
    organisation = organisation or organisation_with(hooks.methodology.key)
    area = people.create_neighbourhood(neighbourhood, list(postcodes), None, None)
    return phases.create_circle(hooks, organisation, area, name, None, today)


def trained(person: Person, hooks: MethodologyHooks, *keys: str, on: date = TRAINED_ON) -> Person:
    """``person``, having completed the courses ``keys`` of the methodology on ``on``: ready
    for a role that needs them (``RoleSpec.needs_training``)."""
    for key in keys:
        course = hooks.methodology.training(key)
        assert course is not None, f"{hooks.methodology.key} has no training {key!r}"
        training_service.record_training(person, course, on, None, max(on, TODAY))
    return person


def join(
    circle: Circle,
    hooks: MethodologyHooks,
    role: str,
    name: str,
    *,
    postcode: str | None = None,
    trainings: Sequence[str] = (),
    excused: Sequence[str] = (),
    attributes: Mapping[str, Any] | None = None,
    today: date = TODAY,
) -> CircleMember:
    """A new person, with the ``trainings`` completed, joins ``circle`` in ``role`` (as a
    candidate where the role has an intake). ``excused`` courses are covered by an exception
    that ends on ``today``: the role is given, and a later phase finds the course missing."""
    person = people.create_person(None, name=name, postcode=postcode)
    trained(person, hooks, *trainings)
    for key in excused:  # an exception that ends on the day they join
        course = hooks.methodology.training(key)
        assert course is not None, f"{hooks.methodology.key} has no training {key!r}"
        training_service.grant_exception(person, course, "Booked", None, today, until=today)
    return membership.add_member(circle, person, role, hooks, None, today, attributes)


def give_goal(
    member: CircleMember, title: str = "Vaker naar buiten", domain: str = "social"
) -> Any:
    """A goal in the development plan of this member's person (a plan is started for it)."""
    from kring.extensions import db
    from kring.people.models import Person
    from kring.plans import service as plans
    from kring.plans.models import Domain

    person = db.session.get(Person, member.person_id)
    assert person is not None
    return plans.add_goal(person, Domain(domain), title, plans.Editor(None))
