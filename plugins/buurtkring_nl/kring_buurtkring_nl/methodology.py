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
    EvidenceField,
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
    # KeyRing's yearly audit in Buurtkring's words: the data answers the size, the monthly
    # kringbijeenkomst, the volunteer in place and the project leader's answers (the fallback);
    # the project leader shows the rest with typed evidence. KeyRing's schedule is kept.
    audit_criteria=(
        AuditCriterion(
            key="group_size",
            title=Phrase(
                nl="De Buurtkring heeft zes tot twaalf deelnemers",
                en="The Buurtkring has six to twelve participants",
            ),
            check="size_in_band",
            weight=2,
            advice=Phrase(
                nl="Werf deelnemers met de woningcorporatie en de zorgpartners",
                en="Recruit participants with the housing corporation and the care partners",
            ),
        ),
        AuditCriterion(
            key="mutual_support",
            title=Phrase(
                nl="Deelnemers ontmoeten elkaar ongeveer eens per maand in de kringbijeenkomst",
                en="Participants meet about once a month in the circle meeting",
            ),
            check="meetings_held",
            weight=3,
            advice=Phrase(
                nl="Plan de kringbijeenkomsten samen met de deelnemers als maandelijkse reeks",
                en="Plan the circle meetings with the participants as a monthly series",
            ),
        ),
        AuditCriterion(
            key="volunteer_in_place",
            title=Phrase(
                nl="Een vrijwilliger uit de buurt ondersteunt de deelnemers",
                en="A volunteer from the neighbourhood supports the participants",
            ),
            check="team_present",
            weight=2,
            advice=Phrase(
                nl="Zoek dé vrijwilliger in de buurt, met een vergoeding die bij hem of haar past",
                en="Find the volunteer in the neighbourhood, with a compensation that suits them",
            ),
        ),
        AuditCriterion(
            key="fallback_used",
            title=Phrase(
                nl="De vrijwilliger valt terug op de projectleider, die op tijd antwoordt",
                en="The volunteer turns to the project leader, who answers in time",
            ),
            check="escalations_in_time",
            weight=2,
            advice=Phrase(
                nl="Spreek af hoe de vrijwilliger de projectleider bereikt, en wie invalt",
                en="Agree how the volunteer reaches the project leader, and who stands in",
            ),
        ),
        AuditCriterion(
            key="community_connections",
            title=Phrase(
                nl="Deelnemers doen mee aan wat er in de buurt te doen is",
                en="Participants take part in what goes on in the neighbourhood",
            ),
            evidence=(
                EvidenceField(
                    key="take_part",
                    label=Phrase(
                        nl="Deelnemers doen mee aan activiteiten in de buurt",
                        en="Participants take part in neighbourhood activities",
                    ),
                    kind="bool",
                ),
                EvidenceField(
                    key="participants_taking_part",
                    label=Phrase(nl="Deelnemers die meedoen", en="Participants taking part"),
                    kind="int",
                ),
            ),
            weight=2,
            advice=Phrase(
                nl="Zoek samen uit wat er in de buurt te doen is en ga de eerste keer mee",
                en="Find out together what goes on in the neighbourhood and go along once",
            ),
        ),
        AuditCriterion(
            key="partners_involved",
            title=Phrase(
                nl="Gemeente, woningcorporatie en zorg en welzijn zijn betrokken bij de Buurtkring",
                en="Municipality, housing corporation and care and welfare take part in the "
                "Buurtkring",
            ),
            evidence=(
                EvidenceField(
                    key="housing_involved",
                    label=Phrase(
                        nl="De woningcorporatie is betrokken",
                        en="The housing corporation takes part",
                    ),
                    kind="bool",
                ),
                EvidenceField(
                    key="care_involved",
                    label=Phrase(
                        nl="Zorg of welzijn is betrokken", en="Care or welfare takes part"
                    ),
                    kind="bool",
                ),
                EvidenceField(
                    key="partners_met_on",
                    label=Phrase(nl="Laatste partneroverleg op", en="Last partner meeting on"),
                    kind="date",
                ),
            ),
            advice=Phrase(
                nl="Nodig gemeente, woningcorporatie en zorg en welzijn uit voor partneroverleg",
                en="Invite the municipality, housing and care partners to a partner meeting",
            ),
        ),
    ),
)
