"""A resident with a life in every area: the need-to-know world, given the demo's months of
invented life, and what the demo leaves out (a contact person, a calendar feed, a course
exception, a signal about them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from flask import Flask

from kring.core.db import today
from kring.extensions import db
from kring.meetings import feeds
from kring.module import load
from kring.notify import preferences
from kring.signals.models import Signal
from kring.testing.builders import hooks_for
from kring.trainings import service as trainings
from tests.conftest import World

NAME = "Piet Deelnemer"
EMAIL = "piet.deelnemer@example.org"
LOGIN = "deelnemer-a@example.org"
PHONE = "0687654321"
POSTCODE = "1111AC"


@dataclass
class Rich:
    world: World
    person: Any

    @property
    def traces(self) -> tuple[str, ...]:
        """What must be found nowhere after the erasure."""
        return (NAME, "Piet", EMAIL, LOGIN, PHONE, POSTCODE)


@pytest.fixture
def rich(app: Flask, world: World) -> Rich:
    person = world.people["participant"]
    person.email = EMAIL
    person.birth_date = date(1948, 2, 3)
    world.users["participant"].name = NAME
    for module in app.extensions["kring.modules"]:
        for path in module.demo:
            load(path)(today())
    owner = preferences.owner_of_person(person)
    preferences.save(
        owner,
        preferences.Choices(
            copy_to_contact=True,
            contact_name="Dochter van Piet Deelnemer",
            contact_email="dochter@example.org",
            contact_phone="0600000001",
        ),
        None,
    )
    feeds.open_feed(person, None)
    course = hooks_for(app, "proefkring").methodology.training("basis")
    assert course is not None
    trainings.grant_exception(
        person, course, "Piet Deelnemer is ziek", None, today(), until=today()
    )
    db.session.add(
        Signal(
            organisation_id=world.a.organisation_id,
            methodology_key="proefkring",
            resident_name="piet deelnemer ",
            postcode=POSTCODE,
            reason="Piet Deelnemer woont alleen",
            note="Belt 0687654321 niet terug",
            signaled_by_id=world.users["signaler"].id,
        )
    )
    db.session.flush()
    return Rich(world, person)
