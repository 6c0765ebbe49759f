"""The core runs what a methodology describes: tested on the test-only ``proefkring``."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from kring.audits import opening
from kring.circles import membership, phases, queries
from kring.circles.models import (
    Circle,
    MemberStatus,
)
from kring.core.rules import Refused, explain
from kring.extensions import db
from kring.organisations import service as organisations
from kring.people import service as people
from kring.people.models import Person
from kring.testing import builders
from kring.testing.builders import hooks_for, start_circle
from kring.testing.factories import OrganisationFactory
from kring.trainings import service as trainings

TODAY = date(2026, 3, 2)
KEY = "proefkring"


@pytest.fixture
def hooks(app: Flask) -> Any:
    return hooks_for(app, KEY)


@pytest.fixture
def circle(tenant: Any, hooks: Any) -> Circle:
    return start_circle(hooks, "Proef", postcodes=("6041", "6042 AB"), today=TODAY)


def person(name: str, postcode: str = "6041AA") -> Person:
    return people.create_person(None, name=name, postcode=postcode)


def join(circle: Circle, hooks: Any, role: str, name: str, **kw: Any) -> Any:
    postcode = kw.pop("postcode", "6041AA")
    done = kw.pop("trainings", ())
    return builders.join(
        circle, hooks, role, name, postcode=postcode, trainings=done, attributes=kw or None
    )


def ready_to_run(circle: Circle, hooks: Any, participants: int = 3) -> None:
    guide = builders.join(
        circle, hooks, "begeleider", "Gerda Gids", postcode="6041AA", trainings=("basis",)
    )
    join(
        circle,
        hooks,
        "maatje",
        "Mo Maatje",
        woont_vast="yes",
        check_geldig_tot=(TODAY + timedelta(days=30)).isoformat(),
    )
    for i in range(participants):
        member = join(circle, hooks, "deelnemer", f"Deelnemer {i}")
        membership.complete_intake(member, guide, True, None, hooks, None, TODAY)


def refusal(excinfo: Any) -> list[str]:
    return [u.rule for u in excinfo.value.unmet]


def test_new_circle_starts_in_the_first_phase_with_history(circle: Any) -> None:
    assert circle.phase == "verkennen"
    assert [t.to_phase for t in queries.history(circle)] == ["verkennen"]


def test_circle_refused_when_the_organisation_has_not_enabled_the_methodology(
    tenant: Any, hooks: Any
) -> None:
    nbh = people.create_neighbourhood("Wijk", [], None, None)
    with pytest.raises(Refused) as refused:
        phases.create_circle(hooks, OrganisationFactory(), nbh, "X", None, TODAY)
    assert refusal(refused) == ["methodology.not_enabled"]


def test_every_unmet_condition_is_explained_at_once(circle: Any, hooks: Any) -> None:
    gerda = person("Gerda Gids")
    course = hooks.methodology.training("basis")
    trainings.grant_exception(gerda, course, "Cursus geboekt", None, TODAY, until=TODAY)
    membership.add_member(circle, gerda, "begeleider", hooks, None, TODAY)
    with pytest.raises(Refused) as refused:  # the day after her exception ended
        phases.move_phase(circle, "draaien", hooks, None, None, TODAY + timedelta(days=1))
    m = hooks.methodology
    texts = [explain(u, m, "nl") for u in refused.value.unmet]
    assert "Draaien vraagt minstens 3 deelnemers (nu 0)" in texts
    assert "Draaien vraagt minstens 1 maatje (nu 0)" in texts
    assert (
        "Draaien vraagt dat elke begeleider de basiscursus heeft afgerond (nog niet: Gerda Gids)"
        in texts
    )
    assert (
        explain(refused.value.unmet[0], m, "en") == "Running needs at least 3 participants (now 0)"
    )
    assert circle.phase == "verkennen"


def test_phase_moves_when_every_requirement_is_met(circle: Any, hooks: Any) -> None:
    ready_to_run(circle, hooks)
    phases.move_phase(circle, "draaien", hooks, None, "Alles staat", TODAY)
    assert circle.phase == "draaien"
    assert [t.to_phase for t in queries.history(circle)] == ["verkennen", "draaien"]
    assert opening.next_due(circle) is not None


def test_skipping_a_phase_is_refused_naming_the_next_step(circle: Any, hooks: Any) -> None:
    with pytest.raises(Refused) as refused:
        phases.move_phase(circle, "afronden", hooks, None, None, TODAY)
    assert refusal(refused) == ["phase.not_allowed"]
    assert "de volgende stap is Draaien" in explain(refused.value.unmet[0], hooks.methodology, "nl")


def test_unknown_phase_is_refused(circle: Any, hooks: Any) -> None:
    with pytest.raises(Refused) as refused:
        phases.move_phase(circle, "nirvana", hooks, None, None, TODAY)
    assert refusal(refused) == ["phase.unknown"]


def test_plugin_guard_joins_the_core_checks(circle: Any, hooks: Any) -> None:
    ready_to_run(circle, hooks)
    phases.move_phase(circle, "draaien", hooks, None, None, TODAY)
    with pytest.raises(Refused) as refused:
        phases.move_phase(circle, "afronden", hooks, None, None, TODAY)
    assert set(refusal(refused)) == {"proefkring.afscheid", "attribute.recorded"}


def test_a_role_that_needs_a_course_is_refused_without_it(circle: Any, hooks: Any) -> None:
    with pytest.raises(Refused) as refused:
        join(circle, hooks, "begeleider", "Gerda Gids")
    assert refusal(refused) == ["role.needs_training"]
    assert refused.value.status == 409
    assert explain(refused.value.unmet[0], hooks.methodology, "nl") == (
        "Een begeleider heeft eerst de basiscursus nodig (Gerda Gids: niet vastgelegd)"
    )
    assert explain(refused.value.unmet[0], hooks.methodology, "en") == (
        "A guide needs the basic course first (Gerda Gids: not recorded)"
    )


def test_a_recorded_exception_lets_the_role_be_given(circle: Any, hooks: Any) -> None:
    gerda = person("Gerda Gids")
    course = hooks.methodology.training("basis")
    assert course is not None
    trainings.grant_exception(gerda, course, "Elders opgeleid", None, TODAY)
    member = membership.add_member(circle, gerda, "begeleider", hooks, None, TODAY)
    assert member.role == "begeleider"


def test_expired_check_blocks_the_move(circle: Any, hooks: Any) -> None:
    ready_to_run(circle, hooks)
    with pytest.raises(Refused) as refused:
        phases.move_phase(circle, "draaien", hooks, None, None, TODAY + timedelta(days=31))
    assert refusal(refused) == ["attribute.not_expired"]


def test_joining_a_full_circle_is_refused_and_nothing_is_written(circle: Any, hooks: Any) -> None:
    for i in range(4):
        join(circle, hooks, "deelnemer", f"D{i}")
    before = len(queries.members_of(circle))
    with pytest.raises(Refused) as refused:
        join(circle, hooks, "deelnemer", "Te Veel")
    assert refusal(refused) == ["size.maximum"]
    assert len(queries.members_of(circle)) == before


def test_second_member_of_a_single_role_is_refused(circle: Any, hooks: Any) -> None:
    join(circle, hooks, "begeleider", "Een", trainings=("basis",))
    with pytest.raises(Refused) as refused:
        join(circle, hooks, "begeleider", "Twee", trainings=("basis",))
    assert refusal(refused) == ["role.maximum"]


def test_member_outside_the_neighbourhood_is_refused_for_a_local_role(
    circle: Any, hooks: Any
) -> None:
    with pytest.raises(Refused) as refused:
        join(circle, hooks, "maatje", "Ver Weg", postcode="1011 AB", woont_vast="yes")
    assert refusal(refused) == ["role.lives_in_neighbourhood"]
    join(circle, hooks, "maatje", "Dichtbij", postcode="6042 ab", woont_vast="no")


def test_required_and_mistyped_attributes_are_refused_together(circle: Any, hooks: Any) -> None:
    with pytest.raises(Refused) as refused:
        join(circle, hooks, "maatje", "Mo", uren="veel", kleur="blauw")
    assert set(refusal(refused)) == {"attribute.required", "attribute.invalid", "attribute.unknown"}


def test_same_person_cannot_join_twice(circle: Any, hooks: Any) -> None:
    someone = person("Dubbel")
    membership.add_member(circle, someone, "regisseur", hooks, None, TODAY)
    with pytest.raises(Refused) as refused:
        membership.add_member(circle, someone, "deelnemer", hooks, None, TODAY)
    assert refusal(refused) == ["member.already"]


def test_unknown_role_is_refused(circle: Any, hooks: Any) -> None:
    with pytest.raises(Refused) as refused:
        join(circle, hooks, "koning", "Willem")
    assert refusal(refused) == ["role.unknown"]


def test_candidates_count_only_after_their_intake(circle: Any, hooks: Any) -> None:
    guide = join(circle, hooks, "begeleider", "Gerda", trainings=("basis",))
    member = join(circle, hooks, "deelnemer", "Nieuw")
    assert member.status is MemberStatus.candidate
    assert queries.view(circle, TODAY).with_role("deelnemer") == []
    membership.complete_intake(member, guide, True, "Past goed", hooks, None, TODAY)
    assert member.status is MemberStatus.active
    assert len(queries.view(circle, TODAY).with_role("deelnemer")) == 1


def test_intake_by_someone_without_the_intake_role_is_refused(circle: Any, hooks: Any) -> None:
    buddy = join(circle, hooks, "maatje", "Mo", woont_vast="yes")
    member = join(circle, hooks, "deelnemer", "Nieuw")
    with pytest.raises(Refused) as refused:
        membership.complete_intake(member, buddy, True, None, hooks, None, TODAY)
    assert refusal(refused) == ["intake.interviewer"]


def test_no_fit_at_intake_ends_the_candidacy(circle: Any, hooks: Any) -> None:
    guide = join(circle, hooks, "begeleider", "Gerda", trainings=("basis",))
    member = join(circle, hooks, "deelnemer", "Nieuw")
    membership.complete_intake(member, guide, False, "Past niet", hooks, None, TODAY)
    assert member.status is MemberStatus.left


def test_leaving_when_support_ends_keeps_an_alumnus_and_the_status_history(
    circle: Any, hooks: Any
) -> None:
    guide = join(circle, hooks, "begeleider", "Gerda", trainings=("basis",))
    member = join(circle, hooks, "deelnemer", "Anna")
    membership.complete_intake(member, guide, True, None, hooks, None, TODAY)
    membership.end_membership(member, "support_no_longer_needed", hooks, None, TODAY)
    assert member.status is MemberStatus.alumni
    history = queries.status_history([member.id])[member.id]
    assert [c.status for c in history] == ["candidate", "active", "alumni"]
    membership.end_membership(guide, "moved_away", hooks, None, TODAY)
    assert guide.status is MemberStatus.left
    with pytest.raises(Refused) as refused:
        membership.end_membership(guide, "moved_away", hooks, None, TODAY)
    assert refusal(refused) == ["leave.already_ended"]


def test_unknown_leave_reason_is_refused(circle: Any, hooks: Any) -> None:
    member = join(circle, hooks, "regisseur", "Rita")
    with pytest.raises(Refused) as refused:
        membership.end_membership(member, "verveeld", hooks, None, TODAY)
    assert refusal(refused) == ["leave.unknown_reason"]


def test_workload_warning_above_the_limit_only(tenant: Any, hooks: Any) -> None:
    organisation = OrganisationFactory()
    organisations.enable(organisation, KEY, {KEY}, None)
    nbh = people.create_neighbourhood("Wijk", ["1234"], None, None)
    director = person("Rita Regie")
    made = []
    for i in range(3):
        c = phases.create_circle(hooks, organisation, nbh, f"Kring {i}", None, TODAY)
        membership.add_member(c, director, "regisseur", hooks, None, TODAY)
        made.append(c)
        expected = 1 if i == 2 else 0
        assert (
            len(membership.workload_warnings(queries.view(c, TODAY), hooks.methodology)) == expected
        )
    assert "Rita Regie" in explain(
        membership.workload_warnings(queries.view(made[0], TODAY), hooks.methodology)[0],
        hooks.methodology,
        "en",
    )


def test_circles_of_another_tenant_are_invisible(circle: Any, other_tenant: Any) -> None:
    from kring.core.tenancy import tenant_scope

    with tenant_scope(other_tenant):
        assert db.session.execute(select(Circle)).all() == []


def test_closing_phase_asks_nothing_so_a_shrunk_circle_can_close(app: Flask, tenant: Any) -> None:
    from dataclasses import replace

    from kring.core.methodology import Phase
    from kring.core.rules import requirements_for
    from tests.plugins_for_tests.proefkring import METHODOLOGY

    closing = replace(
        METHODOLOGY,
        phases=(Phase("verkennen"), Phase("draaien"), Phase("afronden", is_closing=True)),
    )
    assert requirements_for(closing, "afronden") == []
    assert requirements_for(METHODOLOGY, "afronden") != []


def test_yes_and_no_are_understood_in_dutch_too(circle: Any, hooks: Any) -> None:
    member = join(circle, hooks, "maatje", "Mo", woont_vast="ja")
    assert member.attributes["woont_vast"] is True
    membership.set_attributes(member, {"woont_vast": "nee", "uren": "8"}, hooks, None)
    assert member.attributes == {"woont_vast": False, "uren": 8}
    with pytest.raises(Refused) as refused:
        membership.set_attributes(member, {"woont_vast": ""}, hooks, None)
    assert refusal(refused) == ["attribute.required"]


def test_a_running_circle_is_judged_by_the_running_minimum(circle: Any, hooks: Any) -> None:
    ready_to_run(circle, hooks)
    phases.move_phase(circle, "draaien", hooks, None, None, TODAY)
    leaver = next(
        x for x in queries.members_of(circle) if x.role == "deelnemer"
    )  # three become two: below the start minimum (3), at the running minimum (2)
    membership.end_membership(leaver, "own_choice", hooks, None, TODAY)
    steps = phases.outlook(queries.view(circle, TODAY), hooks)
    assert [s.phase for s in steps] == ["afronden"]  # nothing is missing in Draaien
    second = next(
        x
        for x in queries.members_of(circle)
        if x.role == "deelnemer" and x.status is MemberStatus.active
    )
    membership.end_membership(second, "own_choice", hooks, None, TODAY)
    now = phases.outlook(queries.view(circle, TODAY), hooks)[0]
    assert now.phase == "draaien"
    assert [explain(c.unmet, hooks.methodology, "en") for c in now.checks if not c.is_met] == [
        "Running needs at least 2 participants (now 1)"
    ]
