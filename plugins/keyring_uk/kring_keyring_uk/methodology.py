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
    EvidenceField,
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
    self_reliance,
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
    # The yearly quality audit: the data answers the network's size, its monthly meetings, a
    # trained CLV in place and the manager's answers to the CLV; the manager shows the rest
    # with typed evidence. The mutual help and the CLV's support weigh most: they are KeyRing.
    audit_criteria=(
        AuditCriterion(
            key="network_size",
            title=Phrase(
                en="The network has six to ten members", nl="Het netwerk heeft zes tot tien leden"
            ),
            check="size_in_band",
            weight=2,
            advice=Phrase(
                en="Recruit members with the local authority, or plan a second network",
                nl="Werf leden met de gemeente, of plan een tweede netwerk",
            ),
        ),
        AuditCriterion(
            key="mutual_support",
            title=Phrase(
                en="Members meet as a network about once a month",
                nl="Leden komen ongeveer eens per maand als netwerk bijeen",
            ),
            check="meetings_held",
            weight=3,
            advice=Phrase(
                en="Plan the network meetings as a monthly series with the members",
                nl="Plan de netwerkbijeenkomsten met de leden als maandelijkse reeks",
            ),
        ),
        AuditCriterion(
            key="volunteer_in_place",
            title=Phrase(
                en="A trained Community Living Volunteer lives in the network",
                nl="Een getrainde buurtvrijwilliger woont in het netwerk",
            ),
            check="team_present",
            weight=2,
            advice=Phrase(
                en="Book the induction or the safeguarding refresher the CLV still needs",
                nl="Plan de introductie of de opfriscursus veiligheid die de buurtvrijwilliger "
                "nog nodig heeft",
            ),
        ),
        AuditCriterion(
            key="manager_responds",
            title=Phrase(
                en="The network manager answered the CLV's escalations in time",
                nl="De netwerkmanager beantwoordde de escalaties van de buurtvrijwilliger op tijd",
            ),
            check="escalations_in_time",
            advice=Phrase(
                en="Agree how the CLV reaches the manager, and who stands in",
                nl="Spreek af hoe de buurtvrijwilliger de netwerkmanager bereikt, en wie invalt",
            ),
        ),
        AuditCriterion(
            key="volunteer_supported",
            title=Phrase(
                en="The Community Living Volunteer meets the network manager regularly",
                nl="De buurtvrijwilliger spreekt de netwerkmanager geregeld",
            ),
            evidence=(
                EvidenceField(
                    key="met_regularly",
                    label=Phrase(
                        en="The CLV and the manager met at least monthly",
                        nl="De buurtvrijwilliger en de netwerkmanager spraken elkaar minstens "
                        "maandelijks",
                    ),
                    kind="bool",
                ),
                EvidenceField(
                    key="supervisions",
                    label=Phrase(en="Supervision meetings", nl="Begeleidingsgesprekken"),
                    kind="int",
                ),
            ),
            weight=3,
            advice=Phrase(
                en="Put a monthly supervision with the CLV in the diary",
                nl="Zet een maandelijks begeleidingsgesprek met de buurtvrijwilliger in de agenda",
            ),
        ),
        AuditCriterion(
            key="community_connections",
            title=Phrase(
                en="Members take part in neighbourhood life beyond the network",
                nl="Leden doen mee in de buurt, ook buiten het netwerk",
            ),
            evidence=(
                EvidenceField(
                    key="take_part",
                    label=Phrase(
                        en="Members take part in local groups, clubs or events",
                        nl="Leden doen mee aan groepen, clubs of activiteiten in de buurt",
                    ),
                    kind="bool",
                ),
                EvidenceField(
                    key="members_taking_part",
                    label=Phrase(en="Members taking part", nl="Leden die meedoen"),
                    kind="int",
                ),
            ),
            weight=2,
            advice=Phrase(
                en="Map the local groups with the members and go along the first time",
                nl="Breng met de leden de groepen in de buurt in kaart en ga de eerste keer mee",
            ),
        ),
        AuditCriterion(
            key="out_of_hours",
            title=Phrase(
                en="Members know how to reach help out of hours",
                nl="Leden weten hoe ze buiten kantoortijd hulp krijgen",
            ),
            evidence=(
                EvidenceField(
                    key="everyone_knows",
                    label=Phrase(
                        en="Every member knows the out-of-hours number",
                        nl="Elk lid kent het nummer voor buiten kantoortijd",
                    ),
                    kind="bool",
                ),
                EvidenceField(
                    key="checked_on",
                    label=Phrase(en="Last checked with the members on", nl="Laatst nagevraagd op"),
                    kind="date",
                ),
            ),
            advice=Phrase(
                en="Go through the out-of-hours arrangements at the next network meeting",
                nl="Neem de afspraken voor buiten kantoortijd door op de volgende bijeenkomst",
            ),
        ),
    ),
    # Audited a year after the network is established, then every year.
    first_audit=AuditSchedule(phase="established", months=12, every_months=12),
    # How members manage, asked of them at joining, every six months and at leaving (Kring's
    # shared scale; Buurtkring inherits it).
    surveys=(self_reliance(("member",)),),
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
