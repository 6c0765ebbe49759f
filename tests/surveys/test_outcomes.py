"""Outcomes: a circle's averages of each member's latest answer, the trend per month, network
size from circle life; few answers are left out beyond the circle."""

from __future__ import annotations

from typing import Any

from flask import Flask

from kring.core.db import today
from kring.exchange import service as exchange
from kring.surveys import outcomes
from kring.surveys import service as surveys
from kring.testing.builders import hooks_for
from tests.conftest import World


def _marks(app: Flask, world: World, **marks: str) -> Any:
    hooks = hooks_for(app, "proefkring")
    for who, mark in marks.items():
        surveys.record(world.people[who], hooks, "cijfer", {"mark": mark}, today(), None, today())
    return hooks.methodology


def test_a_circles_average_counts_each_members_latest_answer_when_shown_inside(
    app: Flask, world: World
) -> None:
    m = _marks(app, world, participant="9", other="6")
    (mark, scale) = outcomes.circle_measures(world.a, m, today())
    assert (mark.survey.key, mark.answers, mark.average, mark.last_on) == (
        "cijfer",
        2,
        7.5,
        today(),
    )
    assert mark.band is not None and mark.band.words.en == "enough"
    assert mark.benchmark is not None and mark.benchmark.value == 8.7
    assert mark.trend[-1].average == 7.5 and len(mark.trend) == outcomes.TREND_MONTHS
    assert (scale.answers, scale.average) == (0, None)


def test_an_average_of_fewer_than_five_is_left_out_beyond_the_circle(
    app: Flask, world: World
) -> None:
    m = _marks(app, world, participant="9", other="6")
    (mark, _scale) = outcomes.circle_measures(world.a, m, today(), beyond_circle=True)
    assert (mark.answers, mark.average) == (2, None)
    assert mark.trend[-1].average is None and mark.trend[-1].answers == 2


def test_network_size_counts_members_met_and_contacts_outside(app: Flask, world: World) -> None:
    members = exchange.current_members(world.a)
    sizes = {
        s.person.name: (s.inside, s.outside)
        for s in outcomes.network_sizes(world.a, members, today())
    }
    assert sizes["Piet Deelnemer"] == (0, 0) and len(sizes) == len(members)
