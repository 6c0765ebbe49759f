"""KeyRing's rules, run by the core: size, one local CLV, DBS checks, alumni, manager workload."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from kring.circles import membership, phases, queries
from kring.circles.models import (
    Circle,
    CircleMember,
    MemberStatus,
)
from kring.core.methodology import Methodology
from kring.core.rules import Refused, explain
from kring.core.tenancy import Tenant
from kring.organisations.models import Organisation
from kring.people import service as people
from kring.people.models import Neighbourhood
from kring.plugins import MethodologyHooks
from kring.testing import builders
from kring.testing.builders import start_circle
from kring.trainings import service as training_service

KEY = "keyring_uk"
TODAY = date(2026, 3, 2)
INSIDE = "BS5 6AB"
OUTSIDE = "BS1 4DJ"


@pytest.fixture
def network(hooks: MethodologyHooks, organisation: Organisation) -> Circle:
    return start_circle(hooks, "Easton Network", "Easton", ["BS5 6"], organisation, TODAY)


def join(
    network: Circle,
    hooks: MethodologyHooks,
    role: str,
    name: str,
    postcode: str = INSIDE,
    **attributes: Any,
) -> CircleMember:
    """``name`` joins in ``role``; a volunteer with the courses the role needs, so that each
    test meets only the refusal it is about."""
    courses = ("volunteer_induction", "safeguarding_adults") if role == "volunteer" else ()
    return builders.join(
        network, hooks, role, name, postcode=postcode, trainings=courses, attributes=attributes
    )


def add_members(network: Circle, hooks: MethodologyHooks, count: int) -> list[CircleMember]:
    return [join(network, hooks, "member", f"Member {n}") for n in range(1, count + 1)]


def add_volunteer(
    network: Circle,
    hooks: MethodologyHooks,
    *,
    dbs_issued_on: date | None = date(2025, 6, 1),
    trained_on: date = date(2025, 9, 1),
    joined_on: date = TODAY,
) -> CircleMember:
    person = people.create_person(None, name="Robin Ashby", postcode=INSIDE)
    builders.trained(person, hooks, "volunteer_induction", "safeguarding_adults", on=trained_on)
    check = hooks.methodology.screening("dbs_check")
    if dbs_issued_on is not None and check is not None:
        training_service.record_screening(person, check, dbs_issued_on, None, TODAY)
    attributes = {"housing_provided": True, "hours_per_week": 12}
    return membership.add_member(network, person, "volunteer", hooks, None, joined_on, attributes)


def recruiting(network: Circle, hooks: MethodologyHooks) -> Circle:
    join(network, hooks, "network_manager", "Morgan Reed", postcode=OUTSIDE)
    phases.move_phase(network, "recruiting", hooks, None, None, TODAY)
    return network


def refusal(
    exc: pytest.ExceptionInfo[Refused], methodology: Methodology, locale: str = "en"
) -> list[str]:
    return [explain(unmet, methodology, locale) for unmet in exc.value.unmet]


def rules(exc: pytest.ExceptionInfo[Refused]) -> list[str]:
    return [unmet.rule for unmet in exc.value.unmet]


# --- size ----------------------------------------------------------------------------------


def test_joining_is_refused_when_the_network_has_ten_members(
    network: Circle, hooks: MethodologyHooks, methodology: Methodology
) -> None:
    add_members(network, hooks, 10)
    with pytest.raises(Refused) as exc:
        join(network, hooks, "member", "Member 11")
    assert rules(exc) == ["size.maximum"]
    assert refusal(exc, methodology) == ["Full: at most 10 members per Network (now 10)"]


def test_network_is_not_established_when_it_has_five_members(
    network: Circle, hooks: MethodologyHooks, methodology: Methodology
) -> None:
    recruiting(network, hooks)
    add_members(network, hooks, 5)
    add_volunteer(network, hooks)
    with pytest.raises(Refused) as exc:
        phases.move_phase(network, "established", hooks, None, None, TODAY)
    assert rules(exc) == ["role.at_least"]
    assert refusal(exc, methodology, "nl") == ["Lopend vraagt minstens 6 leden (nu 5)"]


# --- the Community Living Volunteer --------------------------------------------------------


def test_second_volunteer_is_refused_when_the_network_has_one(
    network: Circle, hooks: MethodologyHooks
) -> None:
    add_volunteer(network, hooks)
    with pytest.raises(Refused) as exc:
        join(network, hooks, "volunteer", "Sam Okafor", housing_provided=False)
    assert rules(exc) == ["role.maximum"]


@pytest.mark.parametrize(
    ("role", "attributes"), [("volunteer", {"housing_provided": True}), ("member", {})]
)
def test_joining_is_refused_when_living_outside_the_neighbourhood(
    network: Circle,
    hooks: MethodologyHooks,
    methodology: Methodology,
    role: str,
    attributes: dict[str, Any],
) -> None:
    with pytest.raises(Refused) as exc:
        join(network, hooks, role, "Sam Okafor", postcode=OUTSIDE, **attributes)
    assert rules(exc) == ["role.lives_in_neighbourhood"]
    word = methodology.terms.term(role, "en")
    assert refusal(exc, methodology) == [f"A {word} lives in Easton; postcode BS14DJ lies outside"]


def test_volunteer_is_refused_when_housing_is_not_recorded(
    network: Circle, hooks: MethodologyHooks, methodology: Methodology
) -> None:
    with pytest.raises(Refused) as exc:
        join(network, hooks, "volunteer", "Sam Okafor", hours_per_week=12)
    assert rules(exc) == ["attribute.required"]
    assert refusal(exc, methodology) == [
        "A Community Living Volunteer needs housing provided (yes or no)"
    ]


def test_volunteer_joins_when_housing_is_recorded_as_not_provided(
    network: Circle, hooks: MethodologyHooks
) -> None:
    volunteer = join(
        network, hooks, "volunteer", "Sam Okafor", housing_provided="no", hours_per_week="12"
    )
    assert volunteer.attributes == {"housing_provided": False, "hours_per_week": 12}


# --- DBS and training before the network runs ----------------------------------------------


def test_network_is_established_when_a_trained_volunteer_has_a_current_dbs_check(
    network: Circle, hooks: MethodologyHooks
) -> None:
    recruiting(network, hooks)
    add_members(network, hooks, 6)
    add_volunteer(network, hooks)
    phases.move_phase(network, "established", hooks, None, None, TODAY)
    assert network.phase == "established"


def test_network_is_not_established_when_the_dbs_check_has_expired(
    network: Circle, hooks: MethodologyHooks, methodology: Methodology
) -> None:
    recruiting(network, hooks)
    add_members(network, hooks, 6)
    add_volunteer(network, hooks, dbs_issued_on=date(2023, 2, 1))  # lapsed 2026-02-01
    with pytest.raises(Refused) as exc:
        phases.move_phase(network, "established", hooks, None, None, TODAY)
    assert rules(exc) == ["role.screened"]
    assert refusal(exc, methodology) == [
        "Established needs a valid enhanced DBS check for every Community Living Volunteer "
        "(missing or lapsed: Robin Ashby)"
    ]


def test_network_is_not_established_when_no_dbs_check_is_recorded(
    network: Circle, hooks: MethodologyHooks
) -> None:
    recruiting(network, hooks)
    add_members(network, hooks, 6)
    add_volunteer(network, hooks, dbs_issued_on=None)
    with pytest.raises(Refused) as exc:
        phases.move_phase(network, "established", hooks, None, None, TODAY)
    assert rules(exc) == ["role.screened"]


def test_a_volunteer_without_both_courses_is_refused(
    network: Circle, hooks: MethodologyHooks, methodology: Methodology
) -> None:
    person = builders.trained(
        people.create_person(None, name="Robin Ashby", postcode=INSIDE),
        hooks,
        "volunteer_induction",
    )
    attributes = {"housing_provided": True}
    with pytest.raises(Refused) as exc:
        membership.add_member(network, person, "volunteer", hooks, None, TODAY, attributes)
    assert rules(exc) == ["role.needs_training"]
    assert refusal(exc, methodology) == [
        "A Community Living Volunteer needs safeguarding adults first (Robin Ashby: not recorded)"
    ]


def test_network_is_not_established_when_the_volunteers_safeguarding_lapsed(
    network: Circle, hooks: MethodologyHooks, methodology: Methodology
) -> None:
    recruiting(network, hooks)
    add_members(network, hooks, 6)
    # safeguarding completed in January 2023 lapsed in January 2026, after Robin joined
    add_volunteer(network, hooks, trained_on=date(2023, 1, 10), joined_on=date(2025, 9, 1))
    with pytest.raises(Refused) as exc:
        phases.move_phase(network, "established", hooks, None, None, TODAY)
    assert rules(exc) == ["role.trained"]
    assert refusal(exc, methodology) == [
        "Established needs every Community Living Volunteer to have completed "
        "safeguarding adults (not yet: Robin Ashby)"
    ]


def test_network_is_not_established_when_it_has_no_volunteer(
    network: Circle, hooks: MethodologyHooks
) -> None:
    recruiting(network, hooks)
    add_members(network, hooks, 6)
    with pytest.raises(Refused) as exc:
        phases.move_phase(network, "established", hooks, None, None, TODAY)
    assert rules(exc) == ["role.at_least", "role.trained", "role.trained"]


def test_recruiting_is_refused_when_no_network_manager_is_named(
    network: Circle, hooks: MethodologyHooks
) -> None:
    with pytest.raises(Refused) as exc:
        phases.move_phase(network, "recruiting", hooks, None, None, TODAY)
    assert rules(exc) == ["role.at_least"]
    assert exc.value.unmet[0].params["role"] == "network_manager"


def test_network_closes_when_its_volunteer_has_left(
    network: Circle, hooks: MethodologyHooks
) -> None:
    recruiting(network, hooks)
    add_members(network, hooks, 6)
    volunteer = add_volunteer(network, hooks)
    phases.move_phase(network, "established", hooks, None, None, TODAY)
    membership.end_membership(volunteer, "moved_away", hooks, None, TODAY)
    phases.move_phase(network, "closing", hooks, None, None, TODAY)


# --- members who no longer need support ----------------------------------------------------


def test_member_becomes_alumni_when_support_is_no_longer_needed(
    network: Circle, hooks: MethodologyHooks
) -> None:
    member = join(network, hooks, "member", "Alex Turner")
    membership.end_membership(member, "support_no_longer_needed", hooks, None, TODAY)
    assert member.status is MemberStatus.alumni


def test_member_leaves_when_moving_away(network: Circle, hooks: MethodologyHooks) -> None:
    member = join(network, hooks, "member", "Alex Turner")
    membership.end_membership(member, "moved_away", hooks, None, TODAY)
    assert member.status is MemberStatus.left


def test_a_volunteer_is_not_offered_the_end_of_support_as_a_reason_to_leave(
    network: Circle, hooks: MethodologyHooks
) -> None:
    volunteer = add_volunteer(network, hooks)
    offered = [r.key for r in hooks.methodology.leave_reasons_for("volunteer")]
    assert offered == ["moved_away", "own_choice"]
    membership.end_membership(volunteer, "own_choice", hooks, None, TODAY)
    assert volunteer.status is MemberStatus.left


def test_an_alumnus_frees_a_place_when_the_network_was_full(
    network: Circle, hooks: MethodologyHooks
) -> None:
    first, *_ = add_members(network, hooks, 10)
    membership.end_membership(first, "support_no_longer_needed", hooks, None, TODAY)
    assert join(network, hooks, "member", "Member 11").status is MemberStatus.active


# --- the network manager's workload --------------------------------------------------------


@pytest.fixture
def neighbourhood(tenant: Tenant) -> Neighbourhood:
    """One neighbourhood that all of a manager's networks share."""
    return people.create_neighbourhood("Easton", ["BS5 6"], None, None)


def managed_networks(
    count: int,
    hooks: MethodologyHooks,
    organisation: Organisation,
    neighbourhood: people.Neighbourhood,
) -> list[Circle]:
    manager = people.create_person(None, name="Morgan Reed", postcode=OUTSIDE)
    networks = [
        phases.create_circle(hooks, organisation, neighbourhood, f"Network {n}", None, TODAY)
        for n in range(count)
    ]
    for each in networks:
        membership.add_member(each, manager, "network_manager", hooks, None, TODAY)
    return networks


def test_manager_gets_a_workload_warning_when_managing_five_networks(
    hooks: MethodologyHooks,
    methodology: Methodology,
    organisation: Organisation,
    neighbourhood: people.Neighbourhood,
) -> None:
    networks = managed_networks(5, hooks, organisation, neighbourhood)
    warnings = membership.workload_warnings(queries.view(networks[0], TODAY), methodology)
    assert [explain(w, methodology, "en") for w in warnings] == [
        "Morgan Reed is network manager of 5 Networks; about 4 is usual"
    ]


def test_manager_gets_no_warning_when_managing_four_networks(
    hooks: MethodologyHooks,
    methodology: Methodology,
    organisation: Organisation,
    neighbourhood: people.Neighbourhood,
) -> None:
    networks = managed_networks(4, hooks, organisation, neighbourhood)
    assert membership.workload_warnings(queries.view(networks[0], TODAY), methodology) == []
