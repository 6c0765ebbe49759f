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
    EscalationLadder,
    Phrase,
    RoleSpec,
    Screening,
    Terms,
)


def _keyring_role(key: str) -> RoleSpec:
    role = KEYRING.role(key)
    if role is None:
        raise LookupError(f"KeyRing has no role {key!r} for Buurtkring to build on")
    return role


TERMS = Terms.of(
    {
        "methodology": Phrase(nl="Buurtkring", en="Buurtkring"),
        "circle": Phrase(nl="Buurtkring", en="Buurtkring"),
        "circle_plural": Phrase(nl="Buurtkringen", en="Buurtkringen"),
        "development": Phrase(nl="Ontwikkeling", en="Development"),
        "recruiting": Phrase(nl="Werving", en="Recruiting"),
        "established": Phrase(nl="Lopend", en="Running"),
        "closing": Phrase(nl="Afbouw", en="Closing"),
        "member": Phrase(nl="deelnemer", en="participant"),
        "member_plural": Phrase(nl="deelnemers", en="participants"),
        "volunteer": Phrase(nl="vrijwilliger", en="volunteer"),
        "volunteer_plural": Phrase(nl="vrijwilligers", en="volunteers"),
        "project_leader": Phrase(nl="projectleider", en="project leader"),
        "project_leader_plural": Phrase(nl="projectleiders", en="project leaders"),
        "compensation_phone": Phrase(
            nl="telefoon van het project (ja of nee)", en="project phone (yes or no)"
        ),
        "compensation_training": Phrase(nl="opleiding als vergoeding", en="course as compensation"),
        "deceased": Phrase(nl="overleden", en="died"),
        "buurtprofessionals": Phrase(
            nl="professionals in de buurt", en="professionals in the neighbourhood"
        ),
        # KeyRing's meeting kinds, in Buurtkring's words.
        "network_meeting": Phrase(nl="kringbijeenkomst", en="Buurtkring meeting"),
        "community_event": Phrase(nl="buurtactiviteit", en="neighbourhood activity"),
    }
)

METHODOLOGY = replace(
    KEYRING,
    key="buurtkring_nl",
    version="0.1.0",
    terms=TERMS,
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
    # "Als de deelnemers meer hulp nodig hebben, kan de vrijwilliger terugvallen op de
    # projectleider die een korte lijn heeft met de professionals in de buurt."
    escalation=EscalationLadder(
        steps=("volunteer", "project_leader", "buurtprofessionals"),
        sensitive_roles=("project_leader",),
        contact_every_days=14,
    ),
    # A VOG instead of KeyRing's DBS check, before the Buurtkring runs. A VOG has no legal
    # expiry: the renewal period is the organisation's own term (three years unless the
    # tenant file sets another).
    screenings=(
        Screening(
            key="vog",
            title=Phrase(
                nl="VOG (Verklaring Omtrent het Gedrag)",
                en="VOG (certificate of conduct)",
            ),
            role="volunteer",
            renewal_months=36,
            required_from="established",
        ),
    ),
    attributes=(
        # The compensation is agreed when the volunteer starts: a phone for contact with the
        # participants (yes or no) and, if chosen, which course.
        AttributeSpec(key="compensation_phone", role="volunteer", kind="bool", is_required=True),
        AttributeSpec(key="compensation_training", role="volunteer", kind="text"),
    ),
    requirements=(
        AtLeast(phase="recruiting", role="project_leader", count=1),
        AtLeast(phase="established", role="volunteer", count=1),
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
