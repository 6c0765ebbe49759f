"""Who makes up a buurtteam, and what it takes before the team goes to work."""

from __future__ import annotations

from typing import Any

import pytest
from verbonden_nl_team import Buurtteam

from kring.circles.models import (
    MemberStatus,
)
from kring.core.methodology import Unmet
from kring.core.rules import Refused, explain


def refused(action: Any, *args: Any, **kwargs: Any) -> list[Unmet]:
    with pytest.raises(Refused) as refusal:
        action(*args, **kwargs)
    return refusal.value.unmet


def test_actief_is_refused_when_no_professional_anchors_the_team(buurtteam: Buurtteam) -> None:
    buurtteam.join("vrijwilliger")
    buurtteam.join("vrijwilliger")

    unmet = refused(buurtteam.move, "actief")

    assert [(u.rule, u.params["role"]) for u in unmet] == [("role.at_least", "professional")]
    assert explain(unmet[0], buurtteam.hooks.methodology, "nl") == (
        "Actief vraagt minstens 1 professional (nu 0)"
    )


def test_actief_is_refused_when_a_volunteers_exception_to_the_training_ended(
    buurtteam: Buurtteam,
) -> None:
    buurtteam.join("professional")
    buurtteam.join("vrijwilliger")
    buurtteam.join("vrijwilliger", trained=False)

    unmet = refused(buurtteam.move, "actief")

    assert [u.rule for u in unmet] == ["role.trained"]
    assert explain(unmet[0], buurtteam.hooks.methodology, "nl") == (
        "Actief vraagt dat elke vrijwilliger Vrijwilligerstraining: eenzaamheid signaleren, "
        "voorkomen en tegengaan heeft afgerond (nog niet: Vrijwilliger 2)"
    )


def test_actief_is_refused_when_only_one_volunteer_takes_part(buurtteam: Buurtteam) -> None:
    buurtteam.join("professional")
    buurtteam.join("vrijwilliger")

    unmet = refused(buurtteam.move, "actief")

    assert [(u.rule, u.params["count"]) for u in unmet] == [("role.at_least", 1)]


def test_actief_is_allowed_when_a_professional_and_trained_volunteers_take_part(
    buurtteam: Buurtteam,
) -> None:
    buurtteam.join("professional")
    buurtteam.join("vrijwilliger")
    buurtteam.join("vrijwilliger")

    assert buurtteam.move("actief").to_phase == "actief"


def test_second_professional_is_refused_when_the_team_has_one(buurtteam: Buurtteam) -> None:
    buurtteam.join("professional")

    assert [u.rule for u in refused(buurtteam.join, "professional")] == ["role.maximum"]


def test_resident_is_refused_when_living_outside_the_neighbourhood(buurtteam: Buurtteam) -> None:
    unmet = refused(buurtteam.join, "bewoner", postcode="3981 AA")

    assert [u.rule for u in unmet] == ["role.lives_in_neighbourhood"]


def test_volunteer_joins_when_living_elsewhere_in_town(buurtteam: Buurtteam) -> None:
    member = buurtteam.join("vrijwilliger", postcode="3962 CD")

    assert member.status is MemberStatus.active


def test_resident_takes_part_at_once_when_joining(buurtteam: Buurtteam) -> None:
    assert buurtteam.join("bewoner").status is MemberStatus.active


def test_signaler_is_refused_when_added_as_a_team_member(buurtteam: Buurtteam) -> None:
    unmet = refused(buurtteam.join, "signaleerder")

    assert [u.rule for u in unmet] == ["role.unknown"]


def test_new_team_is_named_after_its_neighbourhood_when_created(buurtteam: Buurtteam) -> None:
    assert buurtteam.circle.name == "Buurtteam De Engk"
