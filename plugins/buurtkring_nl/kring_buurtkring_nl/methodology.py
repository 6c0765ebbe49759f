"""Buurtkring, derived from KeyRing: only what Roermond does differently is written here.

Kept from KeyRing: the phases and moves, the member role (living in the neighbourhood, staying
on as alumni), one volunteer who lives in the neighbourhood, the size rule's start, the leave
reasons and the first audit a year after the circle runs. Changed: Dutch words first, about
ten participants, a circle named after its neighbourhood, a project leader instead of a network
manager, a VOG instead of a DBS check, compensation (a course, a phone) instead of housing.
"""

from __future__ import annotations

from dataclasses import replace

from kring_keyring_uk.methodology import METHODOLOGY as KEYRING

from kring.core.methodology import (
    AtLeast,
    AttributeSpec,
    AuditCriterion,
    NotExpired,
    Phrase,
    Recorded,
    RoleSpec,
    Terms,
)


def _keyring_role(key: str) -> RoleSpec:
    role = KEYRING.role(key)
    if role is None:
        raise LookupError(f"KeyRing has no role {key!r} for Buurtkring to build on")
    return role


# key: (Dutch, English). Dutch first: Buurtkring is a Dutch methodology.
_WORDS = {
    "methodology": ("Buurtkring", "Buurtkring"),
    "circle": ("Buurtkring", "Buurtkring"),
    "circle_plural": ("Buurtkringen", "Buurtkringen"),
    "development": ("Ontwikkeling", "Development"),
    "recruiting": ("Werving", "Recruiting"),
    "established": ("Lopend", "Running"),
    "closing": ("Afbouw", "Closing"),
    "member": ("deelnemer", "participant"),
    "member_plural": ("deelnemers", "participants"),
    "volunteer": ("vrijwilliger", "volunteer"),
    "volunteer_plural": ("vrijwilligers", "volunteers"),
    "project_leader": ("projectleider", "project leader"),
    "project_leader_plural": ("projectleiders", "project leaders"),
    "vog_issued_on": ("afgiftedatum VOG", "VOG issue date"),
    "vog_renewal_on": ("vernieuwingsdatum VOG", "VOG renewal date"),
    "compensation_phone": ("telefoon van het project (ja of nee)", "project phone (yes or no)"),
    "compensation_training": ("opleiding als vergoeding", "course as compensation"),
    "support_no_longer_needed": ("geen ondersteuning meer nodig", "support no longer needed"),
    "moved_away": ("verhuisd", "moved away"),
    "own_choice": ("eigen keuze", "own choice"),
    "deceased": ("overleden", "died"),
}

METHODOLOGY = replace(
    KEYRING,
    key="buurtkring_nl",
    version="0.1.0",
    terms=Terms(
        {
            "nl": {key: words[0] for key, words in _WORDS.items()},
            "en": {key: words[1] for key, words in _WORDS.items()},
        }
    ),
    roles=(
        _keyring_role("member"),
        # KeyRing's courses are KeyRing's; a course here is compensation the volunteer may choose.
        replace(_keyring_role("volunteer"), needs_training=()),
        # The volunteer's fallback, with a short line to the professionals in the buurt.
        replace(_keyring_role("network_manager"), key="project_leader"),
    ),
    size_rule=replace(KEYRING.size_rule, maximum=12),  # "ongeveer 10" deelnemers
    circle_name=Phrase(en="Buurtkring {neighbourhood}", nl="Buurtkring {neighbourhood}"),
    trainings=(),
    attributes=(
        AttributeSpec(key="vog_issued_on", role="volunteer", kind="date"),
        AttributeSpec(key="vog_renewal_on", role="volunteer", kind="date"),
        # The compensation is agreed when the volunteer starts: a phone for contact with the
        # participants (yes or no) and, if chosen, which course.
        AttributeSpec(key="compensation_phone", role="volunteer", kind="bool", is_required=True),
        AttributeSpec(key="compensation_training", role="volunteer", kind="text"),
    ),
    requirements=(
        AtLeast(phase="recruiting", role="project_leader", count=1),
        AtLeast(phase="established", role="volunteer", count=1),
        Recorded(phase="established", attribute="vog_issued_on"),
        NotExpired(phase="established", attribute="vog_renewal_on"),
    ),
    audit_criteria=(
        AuditCriterion(
            key="mutual_support",
            title=Phrase(
                nl="Deelnemers ontmoeten elkaar en doen iets voor elkaar",
                en="Participants meet and do things for each other",
            ),
        ),
        AuditCriterion(
            key="community_connections",
            title=Phrase(
                nl="Deelnemers doen mee aan wat er in de buurt te doen is",
                en="Participants take part in what goes on in the neighbourhood",
            ),
        ),
        AuditCriterion(
            key="fallback_used",
            title=Phrase(
                nl="De vrijwilliger valt terug op de projectleider wanneer een deelnemer meer "
                "hulp nodig heeft",
                en="The volunteer turns to the project leader when a participant needs more help",
            ),
        ),
        AuditCriterion(
            key="partners_involved",
            title=Phrase(
                nl="Gemeente, woningcorporatie en zorg en welzijn zijn betrokken bij de Buurtkring",
                en="Municipality, housing corporation and care and welfare take part in the "
                "Buurtkring",
            ),
        ),
    ),
)
