"""Measurements: the core checks and keeps answers, the methodology scores them."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask

from kring.circles import membership
from kring.core.rules import Refused, explain
from kring.people import service as people
from kring.surveys import service as surveys
from kring.surveys.models import AnsweredWith, Occasion
from kring.testing.builders import hooks_for, start_circle

TODAY = date(2026, 3, 2)
SURVEY = "de_jong_gierveld_6"
ALL_NO = {k: "no" for k in ("emptiness", "rely_on", "trust", "miss_people", "close_to", "rejected")}


@pytest.fixture
def hooks(app: Flask) -> Any:
    return hooks_for(app, "verbonden_nl")


@pytest.fixture
def team(tenant: Any, hooks: Any) -> Any:
    return start_circle(hooks, None, "De Engk", ["3961"])


@pytest.fixture
def resident(team: Any, hooks: Any) -> people.Person:
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


def test_answers_are_kept_with_their_circle_moment_and_who_sat_with_them(
    team: Any, resident: Any, hooks: Any
) -> None:
    response = surveys.record(
        resident,
        hooks,
        SURVEY,
        ALL_NO,
        TODAY,
        None,
        TODAY,
        answered_with=AnsweredWith.volunteer,
    )
    assert (response.circle_id, response.occasion, response.total) == (
        team.id,
        Occasion.intake,
        3,
    )
    assert response.answered_with is AnsweredWith.volunteer


def test_a_second_measurement_before_its_moment_is_refused_naming_the_day_it_opens(
    resident: Any, hooks: Any
) -> None:
    surveys.record(resident, hooks, SURVEY, ALL_NO, TODAY, None, TODAY)
    later = TODAY + timedelta(days=10)
    with pytest.raises(Refused) as refused:
        surveys.record(resident, hooks, SURVEY, ALL_NO, later, None, later)
    (unmet,) = refused.value.unmet
    assert unmet.rule == "survey.not_due" and not unmet.is_input
    assert explain(unmet, hooks.methodology, "nl") == (
        "Eenzaamheidsschaal van De Jong Gierveld (6 items) is op die dag niet aan de beurt. "
        "De vragenlijst is bij de start, elke 6 maanden, bij het afscheid. "
        "Weer vanaf 2 september 2026."
    )
    assert len(surveys.responses_of(resident)) == 1


def test_someone_outside_the_surveyed_roles_is_refused_a_measurement(
    tenant: Any, hooks: Any
) -> None:
    stranger = people.create_person(None, name="Joop Verhoef")
    with pytest.raises(Refused) as refused:
        surveys.record(stranger, hooks, SURVEY, ALL_NO, TODAY, None, TODAY)
    assert [u.rule for u in refused.value.unmet] == ["survey.not_member"]


def test_the_due_list_shows_each_member_open_today_or_from_when(
    team: Any, resident: Any, hooks: Any
) -> None:
    other = people.create_person(None, name="Ria Bos", postcode="3961AB")
    membership.add_member(team, other, "bewoner", hooks, None, TODAY)
    surveys.record(resident, hooks, SURVEY, ALL_NO, TODAY, None, TODAY)
    rows = {(r.person.name, r.occasion, r.opens_on) for r in surveys.due_in(team, hooks, TODAY)}
    assert rows == {
        ("Cor van Rooij", None, date(2026, 9, 2)),
        ("Ria Bos", Occasion.intake, TODAY),
    }


def test_a_satisfaction_mark_is_its_own_total_and_must_lie_between_1_and_10(
    app: Flask, tenant: Any
) -> None:
    hooks = hooks_for(app, "buurtcirkel_nl")
    circle = start_circle(hooks, None, "Numansdorp", ["3281"])
    person = people.create_person(None, name="Hanneke Smit", postcode="3281AA")
    membership.add_member(circle, person, "participant", hooks, None, TODAY)
    response = surveys.record(person, hooks, "satisfaction", {"mark": "9"}, TODAY, None, TODAY)
    assert (response.total, response.scores, response.occasion) == (
        9,
        {"mark": 9, "total": 9},
        Occasion.periodic,
    )
    with pytest.raises(Refused) as refused:
        surveys.record(person, hooks, "satisfaction", {"mark": "11"}, TODAY, None, TODAY)
    assert [u.rule for u in refused.value.unmet] == ["survey.answer"]
