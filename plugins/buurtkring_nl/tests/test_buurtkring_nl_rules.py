"""Buurtkring's rules, run by the core: what it keeps from KeyRing, what it changes, and the
partnership guard."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from kring_buurtkring_nl.methodology import METHODOLOGY
from kring_keyring_uk.methodology import METHODOLOGY as KEYRING

from kring.circles import membership, phases, queries
from kring.circles.models import (
    Circle,
    CircleMember,
    MemberStatus,
)
from kring.core.methodology import Methodology
from kring.core.rules import Refused, explain
from kring.core.tenancy import Tenant, tenant_scope
from kring.extensions import db
from kring.organisations import service as organisations
from kring.organisations.models import Organisation, OrganisationKind
from kring.people import service as people
from kring.people.models import Person
from kring.plugins import MethodologyHooks
from kring.testing import builders
from kring.testing.builders import start_circle
from kring.testing.factories import OrganisationFactory
from kring.trainings import service as trainings

KEY = "buurtkring_nl"
TODAY = date(2026, 3, 2)
IN_DE_KEMP = "6042 AB"
ELSEWHERE = "6041 CD"


@pytest.fixture
def organisation(tenant: Tenant) -> Organisation:
    """The municipality runs the Buurtkring itself; partners are added per test."""
    found: Organisation = OrganisationFactory(
        name="Gemeente Roermond", kind=OrganisationKind.municipality
    )
    organisations.enable(found, KEY, {KEY}, None)
    return found


@pytest.fixture
def buurtkring(hooks: MethodologyHooks, organisation: Organisation) -> Circle:
    return start_circle(hooks, None, "De Kemp", ["6042"], organisation, TODAY)


def partners(*kinds: OrganisationKind) -> None:
    for kind in kinds:
        OrganisationFactory(name=f"Partner {kind.value}", kind=kind)


def join(
    circle: Circle,
    hooks: MethodologyHooks,
    role: str,
    name: str,
    postcode: str = IN_DE_KEMP,
    **attributes: Any,
) -> CircleMember:
    return builders.join(circle, hooks, role, name, postcode=postcode, attributes=attributes)


def add_participants(circle: Circle, hooks: MethodologyHooks, count: int) -> None:
    for n in range(1, count + 1):
        join(circle, hooks, "member", f"Deelnemer {n}")


def add_volunteer(
    circle: Circle, hooks: MethodologyHooks, vog_issued_on: date = date(2026, 1, 10)
) -> CircleMember:
    member = join(circle, hooks, "volunteer", "Anouk Verbeek", compensation_phone=True)
    vog = hooks.methodology.screening("vog")
    assert vog is not None
    person = db.session.get(Person, member.person_id)
    assert person is not None
    trainings.record_screening(person, vog, vog_issued_on, None, TODAY)
    return member


def recruiting(circle: Circle, hooks: MethodologyHooks) -> Circle:
    partners(OrganisationKind.housing, OrganisationKind.care)
    join(circle, hooks, "project_leader", "Joep Hermans", postcode=ELSEWHERE)
    phases.move_phase(circle, "recruiting", hooks, None, None, TODAY)
    return circle


def rules(exc: pytest.ExceptionInfo[Refused]) -> list[str]:
    return [unmet.rule for unmet in exc.value.unmet]


def refusal(
    exc: pytest.ExceptionInfo[Refused], methodology: Methodology, locale: str = "nl"
) -> list[str]:
    return [explain(unmet, methodology, locale) for unmet in exc.value.unmet]


# --- built on KeyRing ----------------------------------------------------------------------


def test_phases_and_moves_are_keyrings_when_buurtkring_is_derived() -> None:
    assert METHODOLOGY.phases == KEYRING.phases
    assert METHODOLOGY.moves == KEYRING.moves
    assert METHODOLOGY.role("member") == KEYRING.role("member")


def test_circle_is_named_after_its_neighbourhood_when_created(buurtkring: Circle) -> None:
    assert buurtkring.name == "Buurtkring De Kemp"


# --- size and the one volunteer from the buurt ---------------------------------------------


def test_joining_is_refused_when_the_buurtkring_has_twelve_participants(
    buurtkring: Circle, hooks: MethodologyHooks, methodology: Methodology
) -> None:
    add_participants(buurtkring, hooks, 12)
    with pytest.raises(Refused) as exc:
        join(buurtkring, hooks, "member", "Deelnemer 13")
    assert rules(exc) == ["size.maximum"]
    assert refusal(exc, methodology) == ["Vol: hoogstens 12 deelnemers per Buurtkring (nu 12)"]


def test_second_volunteer_is_refused_when_the_buurtkring_has_one(
    buurtkring: Circle, hooks: MethodologyHooks
) -> None:
    add_volunteer(buurtkring, hooks)
    with pytest.raises(Refused) as exc:
        join(buurtkring, hooks, "volunteer", "Els Kusters", compensation_phone=False)
    assert rules(exc) == ["role.maximum"]


def test_volunteer_is_refused_when_living_outside_the_neighbourhood(
    buurtkring: Circle, hooks: MethodologyHooks, methodology: Methodology
) -> None:
    with pytest.raises(Refused) as exc:
        join(buurtkring, hooks, "volunteer", "Els Kusters", ELSEWHERE, compensation_phone=True)
    assert rules(exc) == ["role.lives_in_neighbourhood"]
    assert refusal(exc, methodology) == [
        "Een vrijwilliger woont in De Kemp; postcode 6041CD ligt erbuiten"
    ]


def test_volunteer_is_refused_when_the_phone_compensation_is_not_recorded(
    buurtkring: Circle, hooks: MethodologyHooks, methodology: Methodology
) -> None:
    with pytest.raises(Refused) as exc:
        join(buurtkring, hooks, "volunteer", "Els Kusters", compensation_training="EHBO")
    assert rules(exc) == ["attribute.required"]
    assert refusal(exc, methodology) == [
        "Een vrijwilliger heeft telefoon van het project (ja of nee) nodig"
    ]


def test_compensation_is_kept_when_the_volunteer_joins(
    buurtkring: Circle, hooks: MethodologyHooks
) -> None:
    volunteer = join(
        buurtkring,
        hooks,
        "volunteer",
        "Els Kusters",
        compensation_phone="yes",
        compensation_training="Cursus omgaan met een licht verstandelijke beperking",
    )
    assert volunteer.attributes == {
        "compensation_phone": True,
        "compensation_training": "Cursus omgaan met een licht verstandelijke beperking",
    }


# --- the VOG -------------------------------------------------------------------------------


def test_buurtkring_runs_when_the_volunteer_has_a_current_vog(
    buurtkring: Circle, hooks: MethodologyHooks
) -> None:
    recruiting(buurtkring, hooks)
    add_participants(buurtkring, hooks, 6)
    add_volunteer(buurtkring, hooks)
    phases.move_phase(buurtkring, "established", hooks, None, None, TODAY)
    assert buurtkring.phase == "established"


def test_buurtkring_does_not_run_when_the_vog_has_expired(
    buurtkring: Circle, hooks: MethodologyHooks, methodology: Methodology
) -> None:
    recruiting(buurtkring, hooks)
    add_participants(buurtkring, hooks, 6)
    add_volunteer(buurtkring, hooks, vog_issued_on=date(2023, 2, 28))  # lapsed a year ago
    with pytest.raises(Refused) as exc:
        phases.move_phase(buurtkring, "established", hooks, None, None, TODAY)
    assert rules(exc) == ["role.screened"]
    assert refusal(exc, methodology) == [
        "Lopend vraagt een geldige VOG (Verklaring Omtrent het Gedrag) van elke vrijwilliger "
        "(ontbreekt of verlopen: Anouk Verbeek)"
    ]


def test_a_tenant_may_keep_a_vog_valid_for_longer(
    buurtkring: Circle, hooks: MethodologyHooks
) -> None:
    vog = hooks.methodology.screening("vog")
    assert vog is not None
    trainings.set_renewal_period(vog, 48)
    recruiting(buurtkring, hooks)
    add_participants(buurtkring, hooks, 6)
    add_volunteer(buurtkring, hooks, vog_issued_on=date(2023, 2, 28))  # valid until 2027
    phases.move_phase(buurtkring, "established", hooks, None, None, TODAY)
    assert buurtkring.phase == "established"


def test_buurtkring_does_not_run_when_no_vog_is_recorded(
    buurtkring: Circle, hooks: MethodologyHooks
) -> None:
    recruiting(buurtkring, hooks)
    add_participants(buurtkring, hooks, 6)
    join(buurtkring, hooks, "volunteer", "Anouk Verbeek", compensation_phone=False)
    with pytest.raises(Refused) as exc:
        phases.move_phase(buurtkring, "established", hooks, None, None, TODAY)
    assert rules(exc) == ["role.screened"]


# --- the partnership -----------------------------------------------------------------------


def leave_development(buurtkring: Circle, hooks: MethodologyHooks) -> None:
    join(buurtkring, hooks, "project_leader", "Joep Hermans", postcode=ELSEWHERE)
    phases.move_phase(buurtkring, "recruiting", hooks, None, None, TODAY)


def test_leaving_development_is_refused_when_housing_and_care_are_missing(
    buurtkring: Circle, hooks: MethodologyHooks, methodology: Methodology
) -> None:
    with pytest.raises(Refused) as exc:
        leave_development(buurtkring, hooks)
    assert rules(exc) == ["buurtkring.partner_housing", "buurtkring.partner_care"]
    assert refusal(exc, methodology) == [
        "Een Buurtkring gaat pas verder dan Ontwikkeling als een woningcorporatie partner is; "
        "er is nog geen organisatie van het soort wonen vastgelegd",
        "Een Buurtkring gaat pas verder dan Ontwikkeling als een zorg- of welzijnsorganisatie "
        "partner is; er is nog geen organisatie van het soort zorg of welzijn vastgelegd",
    ]
    assert refusal(exc, methodology, "en")[0] == (
        "A Buurtkring moves on from Development only with a housing corporation as partner; "
        "no organisation of kind housing is recorded yet"
    )


def test_leaving_development_is_refused_when_only_the_housing_corporation_takes_part(
    buurtkring: Circle, hooks: MethodologyHooks
) -> None:
    partners(OrganisationKind.housing)
    with pytest.raises(Refused) as exc:
        leave_development(buurtkring, hooks)
    assert rules(exc) == ["buurtkring.partner_care"]


def test_leaving_development_is_refused_when_the_partners_belong_to_another_tenant(
    buurtkring: Circle, hooks: MethodologyHooks, other_tenant: Tenant
) -> None:
    with tenant_scope(other_tenant):
        partners(OrganisationKind.housing, OrganisationKind.care)
    with pytest.raises(Refused) as exc:
        leave_development(buurtkring, hooks)
    assert rules(exc) == ["buurtkring.partner_housing", "buurtkring.partner_care"]


def test_leaving_development_is_allowed_when_housing_and_welfare_take_part(
    buurtkring: Circle, hooks: MethodologyHooks
) -> None:
    partners(OrganisationKind.housing, OrganisationKind.welfare)
    leave_development(buurtkring, hooks)
    assert buurtkring.phase == "recruiting"


# --- kept from KeyRing ---------------------------------------------------------------------


def test_participant_becomes_alumni_when_support_is_no_longer_needed(
    buurtkring: Circle, hooks: MethodologyHooks
) -> None:
    participant = join(buurtkring, hooks, "member", "Wim Janssen")
    membership.end_membership(participant, "support_no_longer_needed", hooks, None, TODAY)
    assert participant.status is MemberStatus.alumni


def test_project_leader_gets_a_workload_warning_when_leading_five_buurtkringen(
    hooks: MethodologyHooks, methodology: Methodology, organisation: Organisation
) -> None:
    leader = people.create_person(None, name="Joep Hermans", postcode=ELSEWHERE)
    found = []
    for n in range(5):
        circle = start_circle(hooks, None, f"Buurt {n}", [f"604{n}"], organisation, TODAY)
        membership.add_member(circle, leader, "project_leader", hooks, None, TODAY)
        found.append(circle)
    warnings = membership.workload_warnings(queries.view(found[0], TODAY), methodology)
    assert [explain(w, methodology, "nl") for w in warnings] == [
        "Joep Hermans is projectleider van 5 Buurtkringen; ongeveer 4 is gebruikelijk"
    ]
