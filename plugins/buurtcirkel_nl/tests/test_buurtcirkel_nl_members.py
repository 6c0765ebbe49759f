"""Who may join a Buurtcirkel, in which role, how they come in, and how participation ends."""

from __future__ import annotations

from typing import Any

import pytest
from buurtcirkel_nl_circle import TODAY, Buurtcirkel

from kring.circles import membership, queries
from kring.circles.models import (
    MemberStatus,
)
from kring.core.methodology import Unmet
from kring.core.rules import Refused, explain
from kring.testing.builders import give_goal


def refused_join(buurtcirkel: Buurtcirkel, role: str, **kwargs: Any) -> list[Unmet]:
    with pytest.raises(Refused) as refused:
        buurtcirkel.join(role, **kwargs)
    return refused.value.unmet


def test_thirteenth_participant_is_refused_when_twelve_take_part(in_opstart: Buurtcirkel) -> None:
    in_opstart.admit(12)

    unmet = refused_join(in_opstart, "participant")

    assert [u.rule for u in unmet] == ["size.maximum"]
    assert explain(unmet[0], in_opstart.hooks.methodology, "nl") == (
        "Vol: hoogstens 12 deelnemers per Buurtcirkel (nu 12)"
    )


def test_candidate_waiting_for_intake_takes_a_place_when_the_circle_fills_up(
    in_opstart: Buurtcirkel,
) -> None:
    in_opstart.admit(11)
    in_opstart.join("participant")

    assert [u.rule for u in refused_join(in_opstart, "participant")] == ["size.maximum"]


def test_second_coach_is_refused_when_the_circle_has_one(in_opstart: Buurtcirkel) -> None:
    unmet = refused_join(in_opstart, "coach")

    assert [u.rule for u in unmet] == ["role.maximum"]
    assert explain(unmet[0], in_opstart.hooks.methodology, "nl") == (
        "Hoogstens 1 Buurtcirkelcoach per Buurtcirkel (nu 1)"
    )


def test_second_volunteer_is_refused_when_the_circle_has_one(in_opstart: Buurtcirkel) -> None:
    assert [u.rule for u in refused_join(in_opstart, "volunteer")] == ["role.maximum"]


def test_participant_counts_only_after_the_intake_when_joining(in_opstart: Buurtcirkel) -> None:
    in_opstart.admit(4)
    candidate = in_opstart.join("participant")
    give_goal(candidate, "Elke dag wandelen", "health")
    assert candidate.status is MemberStatus.candidate

    with pytest.raises(Refused) as refused:
        in_opstart.move("realisatie")
    assert [(u.rule, u.params["count"]) for u in refused.value.unmet] == [("role.at_least", 4)]

    assert in_opstart.coach is not None
    membership.complete_intake(
        candidate, in_opstart.coach, True, None, in_opstart.hooks, None, TODAY
    )
    assert candidate.status is MemberStatus.active
    assert in_opstart.move("realisatie").to_phase == "realisatie"


def test_intake_is_refused_when_held_by_the_volunteer(in_opstart: Buurtcirkel) -> None:
    candidate = in_opstart.join("participant")
    volunteer = next(m for m in queries.members_of(in_opstart.circle) if m.role == "volunteer")

    with pytest.raises(Refused) as refused:
        membership.complete_intake(candidate, volunteer, True, None, in_opstart.hooks, None, TODAY)

    assert [u.rule for u in refused.value.unmet] == ["intake.interviewer"]
    assert explain(refused.value.unmet[0], in_opstart.hooks.methodology, "nl") == (
        "Het intakegesprek wordt gehouden door een actieve Buurtcirkelcoach van deze Buurtcirkel"
    )
    assert candidate.status is MemberStatus.candidate


def test_participant_joins_when_no_wmo_decision_is_recorded(in_opstart: Buurtcirkel) -> None:
    methodology = in_opstart.hooks.methodology

    member = in_opstart.join("participant", attributes={})

    assert member.status is MemberStatus.candidate
    assert member.attributes == {}
    assert not [a.key for a in methodology.attributes if "wmo" in a.key or "beschikking" in a.key]


def test_wmo_decision_is_refused_as_unknown_when_offered(in_opstart: Buurtcirkel) -> None:
    unmet = refused_join(in_opstart, "participant", attributes={"wmo_beschikking": True})

    assert [u.rule for u in unmet] == ["attribute.unknown"]


def test_participant_is_refused_when_living_outside_the_neighbourhood(
    in_opstart: Buurtcirkel,
) -> None:
    unmet = refused_join(in_opstart, "participant", postcode="3281 AA")

    assert [u.rule for u in unmet] == ["role.lives_in_neighbourhood"]


def test_participation_ends_when_support_is_no_longer_needed(in_opstart: Buurtcirkel) -> None:
    (participant,) = in_opstart.admit(1)
    methodology = in_opstart.hooks.methodology
    reason = next(r for r in methodology.leave_reasons if r.ends_support)

    membership.end_membership(participant, reason.key, in_opstart.hooks, None, TODAY)

    assert participant.status is MemberStatus.left
    assert methodology.terms.term(reason.key, "nl") == "ondersteuning niet meer nodig"
    assert methodology.terms.term(reason.key, "en") == "support no longer needed"


def test_new_circle_is_named_after_its_neighbourhood_when_created(
    buurtcirkel: Buurtcirkel,
) -> None:
    assert buurtcirkel.circle.name == "Buurtcirkel Oud-Beijerland"


def test_circles_meet_weekly_for_two_to_three_hours_with_open_and_closed_evenings() -> None:
    from kring_buurtcirkel_nl.methodology import METHODOLOGY

    pattern = METHODOLOGY.meetings
    assert pattern is not None
    assert (pattern.every_days, pattern.min_minutes, pattern.max_minutes) == (7, 120, 180)
    assert [METHODOLOGY.terms.term(k, "nl") for k in pattern.kinds] == [
        "open avond",
        "besloten avond",
    ]
