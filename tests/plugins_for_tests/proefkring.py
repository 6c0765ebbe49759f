"""A fifth methodology that exists only in the tests: it proves that a methodology plugs in
without any change to ``kring.core``, and it exercises every rule the core knows how to run."""

from __future__ import annotations

from typing import Any

from kring import hookimpl
from kring.core.methodology import (
    AtLeast,
    AttributeSpec,
    AuditSchedule,
    Methodology,
    NotExpired,
    Phase,
    PhaseMove,
    Phrase,
    Recorded,
    RoleSpec,
    SizeRule,
    Terms,
    Trained,
    Training,
    Unmet,
)

_WORDS = {
    "methodology": ("Proefkring", "Trial circle"),
    "circle": ("proefkring", "trial circle"),
    "circle_plural": ("proefkringen", "trial circles"),
    "verkennen": ("Verkennen", "Exploring"),
    "draaien": ("Draaien", "Running"),
    "afronden": ("Afronden", "Closing"),
    "deelnemer": ("deelnemer", "participant"),
    "deelnemer_plural": ("deelnemers", "participants"),
    "maatje": ("maatje", "buddy"),
    "maatje_plural": ("maatjes", "buddies"),
    "begeleider": ("begeleider", "guide"),
    "begeleider_plural": ("begeleiders", "guides"),
    "regisseur": ("regisseur", "director"),
    "regisseur_plural": ("regisseurs", "directors"),
    "woont_vast": ("vaste woonplek", "settled home"),
    "check_geldig_tot": ("check geldig tot", "check valid until"),
    "uren": ("uren per week", "hours per week"),
    "plan_op": ("plan op", "plan on"),
    "support_no_longer_needed": ("geen steun meer nodig", "no longer needs support"),
    "moved_away": ("verhuisd", "moved away"),
    "own_choice": ("eigen keuze", "own choice"),
    "deceased": ("overleden", "deceased"),
}

METHODOLOGY = Methodology(
    key="proefkring",
    version="0.0.1",
    terms=Terms(
        {
            "nl": {key: words[0] for key, words in _WORDS.items()},
            "en": {key: words[1] for key, words in _WORDS.items()},
        }
    ),
    roles=(
        RoleSpec(key="deelnemer", needs_intake=True, may_stay_as_alumni=True),
        RoleSpec(key="maatje", maximum=1, lives_in_neighbourhood=True),
        RoleSpec(key="begeleider", maximum=1, needs_training=("basis",)),
        RoleSpec(key="regisseur", warn_above_circles=2),
    ),
    size_rule=SizeRule(
        role="deelnemer", minimum=2, start_minimum=3, maximum=4, start_phase="draaien"
    ),
    phases=(Phase("verkennen"), Phase("draaien"), Phase("afronden")),
    initial_phase="verkennen",
    moves=(PhaseMove("verkennen", "draaien"), PhaseMove("draaien", "afronden")),
    trainings=(Training(key="basis", title=Phrase(en="the basic course", nl="de basiscursus")),),
    attributes=(
        AttributeSpec(key="woont_vast", role="maatje", kind="bool", is_required=True),
        AttributeSpec(key="check_geldig_tot", role="maatje", kind="date"),
        AttributeSpec(key="uren", role="maatje", kind="int"),
        AttributeSpec(key="plan_op", role="deelnemer", kind="date"),
    ),
    requirements=(
        AtLeast(phase="draaien", role="maatje", count=1),
        Trained(phase="draaien", role="begeleider", training="basis"),
        NotExpired(phase="draaien", attribute="check_geldig_tot"),
        Recorded(phase="afronden", attribute="plan_op"),
    ),
    intake_role="begeleider",
    first_audit=AuditSchedule(phase="draaien", months=12),
)


@hookimpl
def kring_methodology() -> Methodology:
    return METHODOLOGY


@hookimpl
def kring_phase_guard(circle: Any, target: str) -> list[Unmet]:
    """What data cannot express: closing needs a reason in the circle's name (a silly rule
    that shows the hook's answer reaches the page, the API and the CLI)."""
    if target == "afronden" and "slot" not in circle.name.lower():
        return [
            Unmet(
                rule="proefkring.afscheid",
                message=Phrase(
                    en="A {circle_term} closes only with 'slot' in its name",
                    nl="Een {circle_term} sluit alleen af met 'slot' in de naam",
                ),
                params={"circle_term": "circle"},
            )
        ]
    return []
