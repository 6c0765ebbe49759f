"""The four phases of a Buurtcirkel and what entering each takes, judged by the core."""

from __future__ import annotations

from datetime import date

import pytest
from buurtcirkel_nl_circle import Buurtcirkel

from kring.audits import opening
from kring.circles import membership
from kring.core.methodology import Unmet
from kring.core.rules import Refused, explain
from kring.extensions import db
from kring.plans import service as plans
from kring.plans.models import GoalStatus, Plan
from kring.plans.service import Editor
from kring.testing.builders import give_goal


def refusal(buurtcirkel: Buurtcirkel, target: str) -> list[Unmet]:
    with pytest.raises(Refused) as refused:
        buurtcirkel.move(target)
    return refused.value.unmet


def explained(buurtcirkel: Buurtcirkel, unmet: list[Unmet], locale: str) -> list[str]:
    return [explain(u, buurtcirkel.hooks.methodology, locale) for u in unmet]


def test_realisatie_is_refused_when_only_four_participants_took_part(
    in_opstart: Buurtcirkel,
) -> None:
    in_opstart.admit(4)

    unmet = refusal(in_opstart, "realisatie")

    assert [u.rule for u in unmet] == ["role.at_least"]
    assert explained(in_opstart, unmet, "nl") == ["Realisatie vraagt minstens 5 deelnemers (nu 4)"]
    assert explained(in_opstart, unmet, "en") == [
        "Realisation needs at least 5 participants (now 4)"
    ]


def test_realisatie_is_refused_when_the_coachs_exception_to_the_training_ended(
    buurtcirkel: Buurtcirkel,
) -> None:
    buurtcirkel.staff(coach_trained=False)
    buurtcirkel.move("opstart")
    buurtcirkel.admit(5)

    unmet = refusal(buurtcirkel, "realisatie")

    assert [u.rule for u in unmet] == ["role.trained"]
    assert explained(buurtcirkel, unmet, "nl") == [
        "Realisatie vraagt dat elke Buurtcirkelcoach Buurtcirkeltraining voor "
        "Buurtcirkelcoaches heeft afgerond (nog niet: Coach 1)"
    ]


def test_realisatie_is_refused_when_the_project_leaders_exception_to_the_training_ended(
    buurtcirkel: Buurtcirkel,
) -> None:
    buurtcirkel.staff(leader_trained=False)
    buurtcirkel.move("opstart")
    buurtcirkel.admit(5)

    unmet = refusal(buurtcirkel, "realisatie")

    assert [(u.rule, u.params["role"]) for u in unmet] == [("role.trained", "projectleider")]


def test_realisatie_is_refused_when_there_is_no_coach_or_volunteer(
    buurtcirkel: Buurtcirkel,
) -> None:
    buurtcirkel.join("projectleider")
    buurtcirkel.move("opstart")

    unmet = refusal(buurtcirkel, "realisatie")

    assert ("role.at_least", "volunteer") in [(u.rule, u.params["role"]) for u in unmet]
    assert ("role.at_least", "coach") in [(u.rule, u.params["role"]) for u in unmet]
    assert "Realisatie vraagt minstens 1 vrijwilliger (nu 0)" in explained(buurtcirkel, unmet, "nl")


def test_realisatie_is_refused_when_a_participant_has_no_development_plan(
    in_opstart: Buurtcirkel,
) -> None:
    in_opstart.admit(4)
    in_opstart.admit(1, with_plan=False)

    unmet = refusal(in_opstart, "realisatie")

    assert [u.rule for u in unmet] == ["plan.has_plan"]
    assert explained(in_opstart, unmet, "nl") == [
        "Realisatie vraagt een persoonlijk ontwikkelplan met minstens één doel bij elke "
        "deelnemer (nog niet: Participant 5)"
    ]
    assert explained(in_opstart, unmet, "en") == [
        "Realisation needs a personal development plan with at least one goal for every "
        "participant (not yet: Participant 5)"
    ]


def test_realisatie_is_allowed_once_the_missing_plan_has_a_goal(in_opstart: Buurtcirkel) -> None:
    in_opstart.admit(4)
    (late,) = in_opstart.admit(1, with_plan=False)
    refusal(in_opstart, "realisatie")

    give_goal(late, "Zelf boodschappen doen", "living")

    assert in_opstart.move("realisatie").to_phase == "realisatie"


def test_a_plan_whose_only_goal_was_stopped_does_not_count(in_opstart: Buurtcirkel) -> None:
    in_opstart.admit(4)
    (late,) = in_opstart.admit(1, with_plan=False)
    goal = give_goal(late, "Verhuizen", "living")
    plan = db.session.get(Plan, goal.plan_id)
    assert plan is not None
    plans.set_goal(plan, goal, Editor(None), GoalStatus.stopped)

    assert [u.rule for u in refusal(in_opstart, "realisatie")] == ["plan.has_plan"]


def test_realisatie_is_allowed_when_five_participants_and_a_trained_team_take_part(
    in_opstart: Buurtcirkel,
) -> None:
    in_opstart.admit(5)

    transition = in_opstart.move("realisatie")

    assert (transition.from_phase, transition.to_phase) == ("opstart", "realisatie")
    assert in_opstart.circle.phase == "realisatie"


def test_realisatie_is_refused_when_opstart_is_skipped(buurtcirkel: Buurtcirkel) -> None:
    buurtcirkel.staff()

    unmet = refusal(buurtcirkel, "realisatie")

    assert [u.rule for u in unmet] == ["phase.not_allowed"]
    assert explained(buurtcirkel, unmet, "nl") == [
        "Vanuit Onderzoek kan een Buurtcirkel niet naar Realisatie; de volgende stap is Opstart"
    ]


def test_opstart_is_refused_when_no_project_leader_takes_part(buurtcirkel: Buurtcirkel) -> None:
    unmet = refusal(buurtcirkel, "opstart")

    assert [(u.rule, u.params["role"]) for u in unmet] == [("role.at_least", "projectleider")]


def test_doorontwikkeling_is_refused_when_fewer_than_five_participants_remain(
    in_opstart: Buurtcirkel,
) -> None:
    first, *_ = in_opstart.admit(5)
    in_opstart.move("realisatie")
    membership.end_membership(first, "moved_away", in_opstart.hooks, None, date(2026, 6, 1))

    unmet = refusal(in_opstart, "doorontwikkeling")

    assert [(u.rule, u.params["count"]) for u in unmet] == [("role.at_least", 4)]


def test_first_audit_falls_due_one_year_after_realisatie_starts_when_the_circle_runs(
    in_opstart: Buurtcirkel,
) -> None:
    in_opstart.admit(5)
    assert opening.next_due(in_opstart.circle) is None

    transition = in_opstart.move("realisatie")
    due = opening.next_due(in_opstart.circle)

    started = transition.moved_on
    leap_day = (started.month, started.day) == (2, 29)
    assert due == started.replace(year=started.year + 1, day=28 if leap_day else started.day)
