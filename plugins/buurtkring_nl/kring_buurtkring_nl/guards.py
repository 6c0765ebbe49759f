"""The partnership behind a Buurtkring, which no field of a circle can describe.

In Roermond a Buurtkring is carried by the municipality together with a housing corporation
and care and welfare organisations. The tenant is usually the municipality itself, so the guard
asks only for the other partners among the tenant's organisations.
"""

from __future__ import annotations

from kring.core.facade import CircleView
from kring.core.methodology import Phrase, Unmet

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


def missing_partners(circle: CircleView) -> list[Unmet]:
    """What the tenant's partnership still lacks for ``circle`` to leave its phase."""
    kinds = circle.partner_kinds()
    params = {"circle_term": "circle", "phase_term": circle.phase}
    unmet = []
    if "housing" not in kinds:
        unmet.append(
            Unmet(rule="buurtkring.partner_housing", message=NO_HOUSING_PARTNER, params=params)
        )
    if not kinds & {"care", "welfare"}:
        unmet.append(Unmet(rule="buurtkring.partner_care", message=NO_CARE_PARTNER, params=params))
    return unmet
