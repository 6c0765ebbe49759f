"""The demo's invented measurements: a circle shows its average, and a second run adds none."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import func, select

from kring.core.db import today
from kring.extensions import db
from kring.surveys import demo, outcomes
from kring.surveys.models import SurveyResponse
from kring.testing.builders import hooks_for
from tests.conftest import World


def test_demo_gives_marks_around_the_published_average_once(app: Flask, world: World) -> None:
    demo.measure(today())
    count = db.session.execute(select(func.count(SurveyResponse.id))).scalar_one()
    m = hooks_for(app, "proefkring").methodology
    mark = outcomes.circle_measures(world.a, m, today())[0]
    assert count > 0 and mark.average is not None and 7 <= mark.average <= 10
    demo.measure(today())
    assert db.session.execute(select(func.count(SurveyResponse.id))).scalar_one() == count


def test_demo_repeats_a_survey_each_time_it_came_round(app: Flask, world: World) -> None:
    member = world.members["participant"]
    member.joined_on = today() - timedelta(days=400)
    db.session.flush()
    demo.measure(today())
    scale = [
        r
        for r in db.session.execute(select(SurveyResponse)).scalars()
        if r.person_id == member.person_id and r.survey_key == "self_reliance_5"
    ]
    assert [r.occasion.value for r in scale if r.occasion] == ["intake", "periodic", "periodic"]
