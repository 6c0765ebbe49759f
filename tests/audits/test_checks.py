"""The core's automatic audit checks, judged from real data built through the services: size,
meetings, team, plans, the yearly survey and escalations, the plugin asked first, a batch of
circles in the same queries as one, and a check nobody answers refused at start-up."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import update

from kring import hookimpl
from kring.audits import checks
from kring.audits import service as audits
from kring.circles import membership, phases
from kring.circles.models import Circle
from kring.core.methodology import AuditCriterion, Methodology, Phrase
from kring.extensions import db
from kring.meetings import service as meetings
from kring.people.models import Person
from kring.plans.models import PlanEvent
from kring.plugins import PluginError, PluginHost
from kring.safetynet import escalations
from kring.surveys import service as surveys
from kring.testing import builders
from kring.testing.builders import hooks_for, start_circle
from tests.audits.conftest import running

TODAY = builders.TODAY  # 2026-03-02: the circles run from here
START, END = TODAY, date(2027, 3, 1)


def _criterion(check: str) -> AuditCriterion:
    return AuditCriterion(key=check, title=Phrase(en=check, nl=check), check=check)


@pytest.fixture
def hooks(app: Flask) -> Any:
    return hooks_for(app, "proefkring")


def _judge(app: Flask, circles: list[Circle], check: str, end: date = END) -> dict[int, Any]:
    m = app.extensions["kring.plugins"].methodologies()[circles[0].methodology_key]
    found = checks.judge_all(circles, m, START, end, [_criterion(check)])
    return {circle_id: f.get(check) for circle_id, f in found.items()}


def test_size_is_in_band_when_the_participants_fill_the_running_size(
    app: Flask, tenant: Any, hooks: Any
) -> None:
    three, two = running(hooks, "Drie"), running(hooks, "Twee")
    leaving = next(m for m in membership_of(two) if m.role == "deelnemer")
    membership.end_membership(leaving, "own_choice", hooks, None, TODAY)
    found = _judge(app, [three, two], "size_in_band")
    assert (found[three.id].is_met, found[two.id].is_met) == (True, False)
    assert dict(found[three.id].params) == {
        "count": 3,
        "minimum": 3,
        "maximum": 4,
        "role_en": "participants",
        "role_nl": "deelnemers",
    }
    assert found[three.id].explanation.render("nl", found[three.id].params) == (
        "3 actieve deelnemers; de methode vraagt 3 tot en met 4"
    )
    builders.join(three, hooks, "deelnemer", "Nieuw", postcode="6041AB")  # a candidate: not counted
    assert _judge(app, [three], "size_in_band")[three.id].params["count"] == 3


def _weekly(circle: Circle, hooks: Any, count: int, first: date = TODAY) -> list[Any]:
    at = datetime(first.year, first.month, first.day, 19, tzinfo=UTC)
    return meetings.plan(circle, hooks.methodology, at, "open_avond", 90, None, None, count)


def test_meetings_are_held_when_three_quarters_of_the_rhythm_met(
    app: Flask, tenant: Any, hooks: Any
) -> None:
    kept, skipped = running(hooks, "Trouw"), running(hooks, "Wisselend")
    _weekly(kept, hooks, 39)
    planned = _weekly(skipped, hooks, 52)
    for meeting in planned[:14]:
        meetings.cancel(meeting, "Zomer", None)
    found = _judge(app, [kept, skipped], "meetings_held")
    assert found[kept.id].is_met is True  # 39 of 52 weeks
    assert dict(found[kept.id].params) == {
        "held": 39,
        "expected": 52,
        "since": "2026-03-02",
        "until": "2027-03-01",
    }
    assert found[skipped.id].is_met is False  # 38 of 52
    assert found[skipped.id].params["held"] == 38


def test_meetings_cannot_be_judged_for_a_circle_that_ran_three_weeks(
    app: Flask, tenant: Any, hooks: Any
) -> None:
    young = running(hooks, "Jong")
    waiting = start_circle(hooks, "Wachtend", "Wijk W", ["6041"], today=TODAY)
    found = _judge(app, [young, waiting], "meetings_held", TODAY + timedelta(days=20))
    assert found[young.id].is_met is None
    assert found[young.id].params == {"since": "2026-03-02"}
    assert found[waiting.id].is_met is None  # never ran


def test_team_is_present_when_every_member_holds_the_course_their_role_needs(
    app: Flask, tenant: Any, hooks: Any
) -> None:
    whole, lapsed = running(hooks, "Heel"), running(hooks, "Los")
    guide = next(m for m in membership_of(lapsed) if m.role == "begeleider")
    membership.end_membership(guide, "own_choice", hooks, None, TODAY)
    builders.join(lapsed, hooks, "begeleider", "Nieuwe Gids", postcode="6041AA", excused=("basis",))
    found = _judge(app, [whole, lapsed], "team_present")
    assert found[whole.id].is_met is True
    assert dict(found[whole.id].params) == {"filled": 0, "asked": 0, "untrained": 0}
    assert found[lapsed.id].is_met is False  # the exception ended on TODAY
    assert found[lapsed.id].params["untrained"] == 1


def membership_of(circle: Circle) -> list[Any]:
    from kring.circles import queries

    return queries.members_of(circle)


def test_team_needs_every_role_the_method_asks_filled(app: Flask, tenant: Any) -> None:
    hooks = hooks_for(app, "buurtcirkel_nl")
    circle = start_circle(hooks, None, "De Kemp", ["6041"], today=TODAY)
    builders.join(circle, hooks, "volunteer", "Vera Vrijwilliger", postcode="6041AA")
    builders.join(
        circle, hooks, "coach", "Cora Coach", postcode="6041AA", trainings=("coach_training",)
    )
    found = _judge(app, [circle], "team_present")
    assert found[circle.id].is_met is False  # no project leader in the circle
    assert dict(found[circle.id].params) == {"filled": 2, "asked": 3, "untrained": 0}


def test_plans_are_reviewed_when_each_participant_worked_on_theirs_within_half_a_year(
    app: Flask, tenant: Any, hooks: Any
) -> None:
    circle = running(hooks, "Plan")
    participants = [m for m in membership_of(circle) if m.role == "deelnemer"]
    for member in participants:
        builders.give_goal(member)
    old, recent = datetime(2026, 8, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC)
    db.session.execute(update(PlanEvent).values(created_at=recent))
    found = _judge(app, [circle], "plans_reviewed")[circle.id]
    assert found.is_met is True
    assert dict(found.params) == {
        "reviewed": 3,
        "count": 3,
        "since": "2026-09-01",
        "role_en": "participants",
        "role_nl": "deelnemers",
    }
    first = builders.give_goal(participants[0]).plan_id
    db.session.execute(update(PlanEvent).where(PlanEvent.plan_id == first).values(created_at=old))
    found = _judge(app, [circle], "plans_reviewed")[circle.id]
    assert (found.is_met, found.params["reviewed"]) == (False, 2)


def test_the_survey_counts_when_three_quarters_answered_within_a_year(
    app: Flask, tenant: Any
) -> None:
    hooks = hooks_for(app, "verbonden_nl")
    joined = date(2026, 2, 1)  # a month before TODAY: a scale is given only once someone joined
    team = start_circle(hooks, None, "De Engk", ["3961"], today=joined)
    answers = {
        k: "no" for k in ("emptiness", "rely_on", "trust", "miss_people", "close_to", "rejected")
    }
    residents = [
        builders.join(team, hooks, "bewoner", f"Bewoner {i}", postcode="3961AX", today=joined)
        for i in range(4)
    ]
    builders.join(team, hooks, "professional", "Pim Professional")
    for name in ("Vera", "Vince"):
        builders.join(team, hooks, "vrijwilliger", name, trainings=("vrijwilligerstraining",))
    phases.move_phase(team, "actief", hooks, None, None, TODAY)
    days = [date(2026, 5, 1), date(2026, 6, 1), date(2026, 3, 1)]
    for member, taken_on in zip(residents[:3], days, strict=True):
        person = db.session.get(Person, member.person_id)
        surveys.record(person, hooks, "de_jong_gierveld_6", answers, taken_on, None, END)
    found = _judge(app, [team], "surveyed_this_year")[team.id]
    # the one taken on 1 March 2026 is a day too old for a year up to 1 March 2027
    assert (found.is_met, dict(found.params)) == (
        False,
        {"answered": 2, "asked": 4, "since": "2026-03-02"},
    )
    person = db.session.get(Person, residents[2].person_id)
    surveys.record(person, hooks, "de_jong_gierveld_6", answers, date(2026, 9, 1), None, END)
    assert _judge(app, [team], "surveyed_this_year")[team.id].is_met is True


def test_escalations_are_in_time_when_each_was_answered_within_its_hours(
    app: Flask, tenant: Any, hooks: Any
) -> None:
    calm, late, quiet = running(hooks, "Rustig"), running(hooks, "Laat"), running(hooks, "Stil")
    m = hooks.methodology
    raised = datetime(2026, 6, 1, 10, tzinfo=UTC)

    def escalate(circle: Circle, severity: str) -> Any:
        person = next(x for x in membership_of(circle) if x.role == "deelnemer").person_id
        return escalations.raise_escalation(
            circle, m, person, severity, "Hulp nodig", False, None, raised
        )

    escalations.answer(escalate(calm, "spoed"), "Gebeld", None, raised + timedelta(hours=3))
    escalations.resolve(escalate(calm, "routine"), "Opgelost", None, raised + timedelta(days=6))
    escalations.answer(escalate(late, "spoed"), "Te laat", None, raised + timedelta(hours=5))
    escalate(late, "routine")  # never answered, long past its week
    found = _judge(app, [calm, late, quiet], "escalations_in_time")
    assert (found[calm.id].is_met, dict(found[calm.id].params)) == (
        True,
        {"in_time": 2, "count": 2},
    )
    assert (found[late.id].is_met, dict(found[late.id].params)) == (
        False,
        {"in_time": 0, "count": 2},
    )
    assert found[quiet.id].is_met is None


def test_the_plugin_answers_first_and_the_core_answers_the_rest(
    app: Flask, tenant: Any, hooks: Any
) -> None:
    circle = running(hooks, "Proefkring Eén")
    m: Methodology = hooks.methodology
    found = checks.judge_all([circle], m, START, END)[circle.id]
    assert sorted(found) == ["grootte", "naam"]  # "evaluatie" takes the coach's evidence
    assert found["naam"].is_met is True and found["naam"].params == {"length": 14}
    assert found["grootte"].params["count"] == 3
    criterion = next(c for c in m.audit_criteria if c.key == "evaluatie")
    assert checks.judge(circle, criterion, START, END) is None


def test_an_audit_opened_without_findings_judges_them_itself(
    app: Flask, tenant: Any, hooks: Any
) -> None:
    circle = running(hooks, "Zelf")
    audit = audits.open_audit(circle, hooks.methodology, START, END, opened_on=END)
    assert audit is not None
    view = audits.audit_view(audit, hooks.methodology)
    by_key = {c.key: c for c in view.criteria}
    assert by_key["grootte"].is_met is True and by_key["grootte"].is_automatic
    assert by_key["naam"].is_met is False  # "Zelf" holds no "kring"
    assert (
        by_key["grootte"].explanation("en") == "3 active participants; the method asks for 3 to 4"
    )


def test_many_circles_are_judged_in_the_queries_of_one(
    app: Flask, tenant: Any, hooks: Any, count_queries: Any
) -> None:
    m = replace(
        hooks.methodology, audit_criteria=tuple(_criterion(name) for name in checks.CORE_CHECKS)
    )
    one = [running(hooks, "Een")]
    many = [*one, *(running(hooks, f"Kring {i}") for i in range(4))]
    for circle in many:
        _weekly(circle, hooks, 3)
    db.session.flush()
    with count_queries() as few:
        checks.judge_all(one, m, START, END)
    with count_queries() as more:
        checks.judge_all(many, m, START, END)
    assert more.count == few.count


class _Unanswered:
    """A methodology naming a check neither the core nor its plugin answers."""

    def __init__(self, base: Methodology) -> None:
        self.m = replace(
            base,
            key="onbeantwoord",
            audit_criteria=(
                *base.audit_criteria,
                AuditCriterion(key="x", title=Phrase(en="x", nl="x"), check="nobody_knows"),
            ),
        )

    @hookimpl
    def kring_methodology(self) -> Methodology:
        return self.m


def test_a_check_nobody_answers_stops_the_start(app: Flask, hooks: Any) -> None:
    assert checks.unknown_checks(app.extensions["kring.plugins"]) == {}
    host = PluginHost.load(extra=[("onbeantwoord", _Unanswered(hooks.methodology))], discover=False)
    assert checks.unknown_checks(host) == {"onbeantwoord": ["nobody_knows", "proef_naam"]}
    with pytest.raises(PluginError, match="nobody_knows"):
        checks.check_known(SimpleNamespace(extensions={"kring.plugins": host}))  # type: ignore[arg-type]
