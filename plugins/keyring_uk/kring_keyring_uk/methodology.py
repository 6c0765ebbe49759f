"""KeyRing Living Support Networks, described for the core.

A network is about nine members with a support need, living within walking distance of each
other, and one Community Living Volunteer (CLV) who lives among them, often in housing the
scheme provides, for about twelve hours a week. A network manager looks after three or four
networks. Buurtkring (``kring_buurtkring_nl``) derives its methodology from this one, so keys
here are the generic ones (``member``, ``volunteer``) and KeyRing's own words live in the terms.
"""

from __future__ import annotations

from kring.core.methodology import (
    AtLeast,
    AttributeSpec,
    AuditCriterion,
    AuditSchedule,
    EscalationLadder,
    MeetingPattern,
    Methodology,
    Phase,
    PhaseMove,
    Phrase,
    RoleSpec,
    Screening,
    SizeRule,
    Terms,
    Trained,
    Training,
)

TERMS = Terms.of(
    {
        "methodology": Phrase(nl="KeyRing", en="KeyRing"),
        "circle": Phrase(nl="netwerk", en="Network"),
        "circle_plural": Phrase(nl="netwerken", en="Networks"),
        "development": Phrase(nl="Ontwikkeling", en="Development"),
        "recruiting": Phrase(nl="Werving", en="Recruiting"),
        "established": Phrase(nl="Lopend", en="Established"),
        "closing": Phrase(nl="Afbouw", en="Closing"),
        "member": Phrase(nl="lid", en="member"),
        "member_plural": Phrase(nl="leden", en="members"),
        "volunteer": Phrase(nl="buurtvrijwilliger", en="Community Living Volunteer"),
        "volunteer_plural": Phrase(nl="buurtvrijwilligers", en="Community Living Volunteers"),
        "network_manager": Phrase(nl="netwerkmanager", en="network manager"),
        "network_manager_plural": Phrase(nl="netwerkmanagers", en="network managers"),
        "housing_provided": Phrase(
            nl="woning via KeyRing (ja of nee)", en="housing provided (yes or no)"
        ),
        "hours_per_week": Phrase(nl="uren per week", en="hours per week"),
        "deceased": Phrase(nl="overleden", en="died"),
        "network_meeting": Phrase(nl="netwerkbijeenkomst", en="network meeting"),
        "community_event": Phrase(nl="buurtactiviteit", en="community event"),
    }
)

METHODOLOGY = Methodology(
    key="keyring_uk",
    version="0.1.0",
    terms=TERMS,
    roles=(
        # Walking distance is approximated by the neighbourhood's postcodes; members who no
        # longer need support stay part of the network as alumni.
        RoleSpec(key="member", lives_in_neighbourhood=True, may_stay_as_alumni=True),
        RoleSpec(
            key="volunteer",
            minimum=1,
            maximum=1,
            needs_training=("volunteer_induction", "safeguarding_adults"),
            lives_in_neighbourhood=True,
        ),
        # One manager per network; more than four networks is more than the usual cluster.
        RoleSpec(key="network_manager", maximum=1, warn_above_circles=4),
    ),
    # About nine members. Six make a network worth running; ten is the most a single CLV's
    # twelve hours can carry. No lower bound once running: the only move left is closing,
    # which a shrinking network must always be able to make.
    size_rule=SizeRule(
        role="member", minimum=0, start_minimum=6, maximum=10, start_phase="established"
    ),
    phases=(
        Phase("development"),  # housing, area and funding with the local authority
        Phase("recruiting"),  # the manager recruits the CLV and the first members
        Phase("established"),  # the network runs
        Phase("closing", is_closing=True),  # members move on or to another network
    ),
    initial_phase="development",
    moves=(
        PhaseMove("development", "recruiting"),
        PhaseMove("recruiting", "established"),
        PhaseMove("established", "closing"),
    ),
    trainings=(
        Training(
            key="volunteer_induction",
            title=Phrase(
                en="the KeyRing induction for Community Living Volunteers",
                nl="de KeyRing-introductie voor buurtvrijwilligers",
            ),
        ),
        Training(
            key="safeguarding_adults",
            title=Phrase(en="safeguarding adults", nl="veiligheid van kwetsbare volwassenen"),
            # Safeguarding training is refreshed every three years (the intercollegiate
            # guidance for adult safeguarding, and what most UK councils ask of volunteers).
            valid_months=36,
        ),
    ),
    # The CLV works alone with vulnerable adults, in their homes: an enhanced DBS check before
    # the network runs, renewed every three years (the common practice of UK councils for
    # volunteers; a tenant may set its own period).
    screenings=(
        Screening(
            key="dbs_check",
            title=Phrase(en="enhanced DBS check", nl="DBS-check (Britse VOG)"),
            role="volunteer",
            renewal_months=36,
            required_from="established",
        ),
    ),
    attributes=(
        AttributeSpec(key="housing_provided", role="volunteer", kind="bool", is_required=True),
        AttributeSpec(key="hours_per_week", role="volunteer", kind="int"),
    ),
    requirements=(
        AtLeast(phase="recruiting", role="network_manager", count=1),
        AtLeast(phase="established", role="volunteer", count=1),
        Trained(phase="established", role="volunteer", training="volunteer_induction"),
        Trained(phase="established", role="volunteer", training="safeguarding_adults"),
    ),
    audit_criteria=(
        AuditCriterion(
            key="mutual_support",
            title=Phrase(
                en="Members meet and help each other",
                nl="Leden ontmoeten elkaar en helpen elkaar",
            ),
        ),
        AuditCriterion(
            key="community_connections",
            title=Phrase(
                en="Members take part in neighbourhood life beyond the network",
                nl="Leden doen mee in de buurt, ook buiten het netwerk",
            ),
        ),
        AuditCriterion(
            key="volunteer_supported",
            title=Phrase(
                en="The Community Living Volunteer meets the network manager regularly",
                nl="De buurtvrijwilliger spreekt de netwerkmanager geregeld",
            ),
        ),
        AuditCriterion(
            key="out_of_hours",
            title=Phrase(
                en="Members know how to reach help out of hours",
                nl="Leden weten hoe ze buiten kantoortijd hulp krijgen",
            ),
        ),
    ),
    first_audit=AuditSchedule(phase="established", months=12),
    # The Community Living Volunteer turns to the network manager, who supervises them and
    # keeps the sensitive notes; members are seen or called every week or so.
    escalation=EscalationLadder(
        steps=("volunteer", "network_manager"),
        sensitive_roles=("network_manager",),
        contact_every_days=7,
    ),
    # Members meet as a network about once a month, besides seeing each other in between; a
    # community event welcomes neighbours, a network meeting is for members and their CLV.
    # Two missed months in a row is Kring's choice for when the CLV and manager hear of it.
    meetings=MeetingPattern(
        every_days=28,
        min_minutes=60,
        max_minutes=150,
        kinds=("network_meeting", "community_event"),
        guest_kinds=("community_event",),
        alert_after_missed=2,
    ),
)
