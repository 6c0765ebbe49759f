"""The partnership behind a Buurtkring, which no field of a circle can describe.

In Roermond a Buurtkring is carried by the municipality together with a housing corporation
and care and welfare organisations. The tenant is usually the municipality itself, so the guard
asks only for the other partners among the tenant's organisations.
"""

from __future__ import annotations

from sqlalchemy import select

from kring.core.methodology import Phrase, Unmet
from kring.core.tenancy import Organisation, OrganisationKind
from kring.extensions import db

NO_HOUSING_PARTNER = Phrase(
    nl="Een {circle_term} gaat pas verder dan {phase_term} als een woningcorporatie partner is; "
    "er is nog geen organisatie van het soort wonen vastgelegd",
    en="A {circle_term} moves on from {phase_term} only with a housing corporation as partner; "
    "no organisation of kind housing is recorded yet",
)
NO_CARE_PARTNER = Phrase(
    nl="Een {circle_term} gaat pas verder dan {phase_term} als een zorg- of welzijnsorganisatie "
    "partner is; er is nog geen organisatie van het soort zorg of welzijn vastgelegd",
    en="A {circle_term} moves on from {phase_term} only with a care or welfare organisation as "
    "partner; no organisation of kind care or welfare is recorded yet",
)


def missing_partners(phase: str) -> list[Unmet]:
    """What the tenant's partnership still lacks for a circle to leave ``phase``."""
    kinds = set(db.session.execute(select(Organisation.kind).distinct()).scalars())
    params = {"circle_term": "circle", "phase_term": phase}
    unmet = []
    if OrganisationKind.housing not in kinds:
        unmet.append(
            Unmet(rule="buurtkring.partner_housing", message=NO_HOUSING_PARTNER, params=params)
        )
    if not kinds & {OrganisationKind.care, OrganisationKind.welfare}:
        unmet.append(Unmet(rule="buurtkring.partner_care", message=NO_CARE_PARTNER, params=params))
    return unmet
