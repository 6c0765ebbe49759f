"""Verbonden in de buurt as data: a buurtteam, its roles and phases, and the words for them.

Source: the Wijk bij Duurstede project description (see the README). Where that text gives no
number, the number here is Kring's choice and the README says so. Every rule is enforced by the
core; the plugin has no guard.
"""

from __future__ import annotations

from kring.core.methodology import (
    AtLeast,
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
    Survey,
    TargetGroup,
    Terms,
    Trained,
    Training,
)
from kring_verbonden_nl.loneliness import SURVEY_BANDS, SURVEY_ITEMS, SURVEY_KEY

VOLUNTEER_TRAINING = "vrijwilligerstraining"

TERMS = Terms.of(
    {
        "methodology": Phrase(nl="Verbonden in de buurt", en="Connected in the Neighbourhood"),
        "circle": Phrase(nl="buurtteam", en="neighbourhood team"),
        "circle_plural": Phrase(nl="buurtteams", en="neighbourhood teams"),
        "opbouw": Phrase(nl="Opbouw", en="Build-up"),
        "actief": Phrase(nl="Actief", en="Active"),
        "bewoner": Phrase(nl="bewoner", en="resident"),
        "bewoner_plural": Phrase(nl="bewoners", en="residents"),
        "vrijwilliger": Phrase(nl="vrijwilliger", en="volunteer"),
        "vrijwilliger_plural": Phrase(nl="vrijwilligers", en="volunteers"),
        "professional": Phrase(nl="professional", en="professional"),
        "professional_plural": Phrase(nl="professionals", en="professionals"),
        "support_no_longer_needed": Phrase(
            nl="ondersteuning niet meer nodig", en="support no longer needed"
        ),
        "teamoverleg": Phrase(nl="teamoverleg", en="team meeting"),
        "buurtontmoeting": Phrase(nl="buurtontmoeting", en="neighbourhood get-together"),
        # The loneliness scale's scores and levels, as a person's page shows them.
        "emotional": Phrase(nl="emotioneel", en="emotional"),
        "social": Phrase(nl="sociaal", en="social"),
        "total": Phrase(nl="totaal", en="total"),
        "level": Phrase(nl="niveau", en="level"),
        "not_lonely": Phrase(nl="niet eenzaam", en="not lonely"),
        "moderately_lonely": Phrase(nl="matig eenzaam", en="moderately lonely"),
        "severely_lonely": Phrase(nl="ernstig eenzaam", en="severely lonely"),
    }
)

METHODOLOGY = Methodology(
    key="verbonden_nl",
    version="0.1.0",
    terms=TERMS,
    roles=(
        # Residents the team reaches; the team works in their own neighbourhood.
        RoleSpec(key="bewoner", lives_in_neighbourhood=True),
        # Volunteers come from organisations that work town-wide, so they need not live here.
        RoleSpec(key="vrijwilliger", needs_training=(VOLUNTEER_TRAINING,)),
        # The professional anchors the team: contact point, intervision, continuity.
        RoleSpec(key="professional", minimum=1, maximum=1),
    ),
    # A team starts working before it has reached anyone: finding lonely residents is its work.
    # The maximum is a team's capacity, Kring's choice: past it, a second team is due.
    size_rule=SizeRule(
        role="bewoner", minimum=0, start_minimum=0, maximum=40, start_phase="actief"
    ),
    phases=(Phase("opbouw"), Phase("actief")),
    initial_phase="opbouw",
    moves=(PhaseMove("opbouw", "actief"),),
    requirements=(
        AtLeast(phase="actief", role="professional", count=1),
        AtLeast(phase="actief", role="vrijwilliger", count=2),
        Trained(phase="actief", role="vrijwilliger", training=VOLUNTEER_TRAINING),
    ),
    trainings=(
        Training(
            key=VOLUNTEER_TRAINING,
            title=Phrase(
                en="Volunteer training: recognising, preventing and reducing loneliness",
                nl="Vrijwilligerstraining: eenzaamheid signaleren, voorkomen en tegengaan",
            ),
        ),
    ),
    # A VOG for the volunteer, as Dutch organisations ask of volunteers who visit vulnerable
    # residents; the sources do not make it a condition of a phase, so it is kept and
    # reminded, never required. Valid three years unless the tenant file sets another term.
    screenings=(
        Screening(
            key="vog",
            title=Phrase(
                nl="VOG (Verklaring Omtrent het Gedrag)",
                en="VOG (certificate of conduct)",
            ),
            role="vrijwilliger",
            renewal_months=36,
        ),
    ),
    surveys=(
        Survey(
            key=SURVEY_KEY,
            title=Phrase(
                en="De Jong Gierveld loneliness scale (6 items)",
                nl="Eenzaamheidsschaal van De Jong Gierveld (6 items)",
            ),
            for_roles=("bewoner",),
            items=SURVEY_ITEMS,
            # A first measurement when a resident is reached, one every six months to see
            # change, and one when the team's support ends (Kring's choice of rhythm).
            at_intake=True,
            every_months=6,
            at_exit=True,
            introduction=Phrase(
                en="Six statements about people around you. Say how true each is for you now.",
                nl="Zes zinnen over mensen om je heen. Zeg hoe waar elke zin nu voor je is.",
            ),
            bands=SURVEY_BANDS,
            higher_is_better=False,
        ),
    ),
    # Kring's choice (the description names no audit): a team is audited a year after it
    # became active, then every year, on what the description asks of it. The data answers the
    # professional and the trained volunteers, the team's meetings, the loneliness scale and
    # the professional's answers; the professional shows the rest with typed evidence.
    first_audit=AuditSchedule(phase="actief", months=12, every_months=12),
    audit_criteria=(
        AuditCriterion(
            key="team_anchored",
            title=Phrase(
                en="A professional anchors the team, and every volunteer followed the training",
                nl="Een professional verankert het team, en elke vrijwilliger volgde de training",
            ),
            check="team_present",
            weight=3,
            advice=Phrase(
                en="Attach a professional to the team and book the volunteer training",
                nl="Verbind een professional aan het team en plan de vrijwilligerstraining",
            ),
        ),
        AuditCriterion(
            key="team_meets",
            title=Phrase(
                en="The team meets every two weeks", nl="Het buurtteam komt elke twee weken bijeen"
            ),
            check="meetings_held",
            weight=2,
            advice=Phrase(
                en="Plan the team meetings as a series every two weeks",
                nl="Plan het teamoverleg als reeks van elke twee weken",
            ),
        ),
        AuditCriterion(
            key="loneliness_measured",
            title=Phrase(
                en="Residents filled in the loneliness scale this year",
                nl="Bewoners vulden dit jaar de eenzaamheidsschaal in",
            ),
            check="surveyed_this_year",
            weight=2,
            advice=Phrase(
                en="Go through the six statements with each resident on a visit",
                nl="Loop bij een bezoek met elke bewoner de zes uitspraken door",
            ),
        ),
        AuditCriterion(
            key="contact_point",
            title=Phrase(
                en="The professional answered the volunteers' escalations in time",
                nl="De professional beantwoordde de escalaties van de vrijwilligers op tijd",
            ),
            check="escalations_in_time",
            weight=2,
            advice=Phrase(
                en="Agree how volunteers reach the professional, and who stands in",
                nl="Spreek af hoe vrijwilligers de professional bereiken, en wie invalt",
            ),
        ),
        AuditCriterion(
            key="team_capacity",
            title=Phrase(
                en="The team reaches no more residents than it can carry (40)",
                nl="Het buurtteam bereikt niet meer bewoners dan het aankan (40)",
            ),
            check="size_in_band",
            advice=Phrase(
                en="Start a second team in the neighbourhood",
                nl="Start een tweede buurtteam in de buurt",
            ),
        ),
        AuditCriterion(
            key="connected_to_activities",
            title=Phrase(
                en="Residents are connected with activities that already exist",
                nl="Bewoners zijn verbonden met activiteiten die er al zijn",
            ),
            evidence=(
                EvidenceField(
                    key="connected",
                    label=Phrase(
                        en="Residents take part in activities of local organisations",
                        nl="Bewoners doen mee aan activiteiten van organisaties in de buurt",
                    ),
                    kind="bool",
                ),
                EvidenceField(
                    key="residents_taking_part",
                    label=Phrase(en="Residents taking part", nl="Bewoners die meedoen"),
                    kind="int",
                ),
                EvidenceField(
                    key="new_activities",
                    label=Phrase(
                        en="New activities set up where something was missing",
                        nl="Nieuwe activiteiten opgezet waar iets ontbrak",
                    ),
                    kind="int",
                ),
            ),
            weight=3,
            advice=Phrase(
                en="Look in the shared activity calendar with each resident for what suits them",
                nl="Zoek met elke bewoner in de gezamenlijke activiteitenkalender wat past",
            ),
        ),
        AuditCriterion(
            key="intervision",
            title=Phrase(
                en="Volunteers had intervision with the professional",
                nl="Vrijwilligers hadden intervisie met de professional",
            ),
            evidence=(
                EvidenceField(
                    key="held",
                    label=Phrase(en="Intervision was held", nl="Er was intervisie"),
                    kind="bool",
                ),
                EvidenceField(
                    key="sessions",
                    label=Phrase(en="Intervision sessions", nl="Intervisiebijeenkomsten"),
                    kind="int",
                ),
            ),
            weight=2,
            advice=Phrase(
                en="Plan intervision for the volunteers every quarter",
                nl="Plan elk kwartaal intervisie voor de vrijwilligers",
            ),
        ),
        AuditCriterion(
            key="signalers_involved",
            title=Phrase(
                en="Home help and district nurses signal lonely residents to the team",
                nl="Huishoudelijke hulp en wijkverpleging melden eenzame bewoners bij het team",
            ),
            evidence=(
                EvidenceField(
                    key="signalers_report",
                    label=Phrase(
                        en="Signalers reported residents to the team",
                        nl="Signaleerders meldden bewoners bij het team",
                    ),
                    kind="bool",
                ),
            ),
            advice=Phrase(
                en="Visit the home care teams and explain how to signal loneliness",
                nl="Ga langs bij de thuiszorgteams en leg uit hoe ze eenzaamheid melden",
            ),
        ),
    ),
    circle_name=Phrase(en="Buurtteam {neighbourhood}", nl="Buurtteam {neighbourhood}"),
    target_group=TargetGroup(min_age=75, setting="target_min_age", survey=SURVEY_KEY),
    # The team's professional is the volunteers' contact point ("aanspreekpunt voor de
    # vrijwilligers") and keeps the sensitive notes.
    escalation=EscalationLadder(
        steps=("vrijwilliger", "professional"),
        sensitive_roles=("professional",),
        contact_every_days=14,
    ),
    # Kring's choice (the description names no rhythm): the team meets every two weeks; a
    # get-together is open to any neighbour, a team meeting is for the team. Three missed in
    # a row reaches the professional and the volunteers.
    meetings=MeetingPattern(
        every_days=14,
        min_minutes=60,
        max_minutes=120,
        kinds=("teamoverleg", "buurtontmoeting"),
        guest_kinds=("buurtontmoeting",),
        alert_after_missed=3,
    ),
)
