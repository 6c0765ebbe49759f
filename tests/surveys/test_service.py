"""Measurements: the core checks and keeps answers, the methodology scores them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask import Flask

from kring.circles import membership
from kring.core.rules import Refused, explain
from kring.people import service as people
from kring.surveys import service as surveys
from kring.testing.builders import hooks_for, start_circle

TODAY = date(2026, 3, 2)
SURVEY = "de_jong_gierveld_6"
ALL_NO = {k: "no" for k in ("emptiness", "rely_on", "trust", "miss_people", "close_to", "rejected")}


@pytest.fixture
def hooks(app: Flask) -> Any:
    return hooks_for(app, "verbonden_nl")


@pytest.fixture
def resident(tenant: Any, hooks: Any) -> people.Person:
    team = start_circle(hooks, None, "De Engk", ["3961"])
    person = people.create_person(None, name="Cor van Rooij", postcode="3961AX")
    membership.add_member(team, person, "bewoner", hooks, None, TODAY)
    return person


def test_residents_of_a_team_are_given_the_loneliness_scale(app: Flask, resident: Any) -> None:
    due = surveys.surveys_for(resident, app.extensions["kring.plugins"])
    assert [(d.methodology_key, d.survey.key) for d in due] == [("verbonden_nl", SURVEY)]
    assert len(due[0].survey.items) == 6


def test_answers_are_kept_with_the_methodologys_scores(resident: Any, hooks: Any) -> None:
    response = surveys.record(resident, hooks, SURVEY, ALL_NO, TODAY, None, TODAY)
    assert response.scores == {
        "emotional": 0,
        "social": 3,
        "total": 3,
        "level": "moderately_lonely",
    }
    assert surveys.responses_of(resident) == [response]


def test_missing_and_wrong_answers_are_refused_item_by_item(resident: Any, hooks: Any) -> None:
    answers = {**ALL_NO, "trust": "perhaps"}
    del answers["rejected"]
    with pytest.raises(Refused) as refused:
        surveys.record(resident, hooks, SURVEY, {**answers, "mood": "yes"}, TODAY, None, TODAY)
    rules = [u.rule for u in refused.value.unmet]
    assert rules == ["survey.answer", "survey.answer", "survey.unknown_item"]
    text = explain(refused.value.unmet[0], hooks.methodology, "nl")
    assert (
        text == "Beantwoord 'Ik heb veel mensen op wie ik volledig kan vertrouwen' "
        "met een van: ja, min of meer, nee"
    )
    assert surveys.responses_of(resident) == []


def test_unknown_survey_and_future_date_are_refused(resident: Any, hooks: Any) -> None:
    with pytest.raises(Refused) as refused:
        surveys.record(resident, hooks, "geluk", ALL_NO, TODAY, None, TODAY)
    assert [u.rule for u in refused.value.unmet] == ["survey.unknown"]
    with pytest.raises(Refused) as refused:
        surveys.record(resident, hooks, SURVEY, ALL_NO, date(2027, 1, 1), None, TODAY)
    assert [u.rule for u in refused.value.unmet] == ["survey.date"]


def test_people_outside_the_surveyed_roles_are_given_none(
    app: Flask, tenant: Any, hooks: Any
) -> None:
    team = start_circle(hooks, None, "Noord", ["3962"])
    professional = people.create_person(None, name="Anouk")
    membership.add_member(team, professional, "professional", hooks, None, TODAY)
    assert surveys.surveys_for(professional, app.extensions["kring.plugins"]) == []
