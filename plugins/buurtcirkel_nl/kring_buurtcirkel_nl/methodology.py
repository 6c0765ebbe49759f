"""Buurtcirkel as data: roles, phases, requirements, audits and words the core works from.

Sources: the intervention description (Pameijer), the +Vijf offer to municipalities and the
Hoeksche Waard project page (see the README). Every rule here is enforced by the core; this
plugin has no guard because nothing in the method needs one.
"""

from __future__ import annotations

from kring.core.methodology import (
    AtLeast,
    AuditCriterion,
    AuditSchedule,
    Benchmark,
    EscalationLadder,
    EvidenceField,
    HasPlan,
    LeaveReason,
    MeetingPattern,
    Methodology,
    Phase,
    PhaseMove,
    Phrase,
    RoleSpec,
    ScoreBand,
    Screening,
    SizeRule,
    Survey,
    SurveyItem,
    Terms,
    Trained,
    Training,
    self_reliance,
)

PROJECT_LEADER_TRAINING = "projectleider_training"
COACH_TRAINING = "coach_training"
RETURN_DAY = "terugkomdag"

TERMS = Terms.of(
    {
        "methodology": Phrase(nl="Buurtcirkel", en="Neighbourhood Circle"),
        "circle": Phrase(nl="Buurtcirkel", en="Neighbourhood Circle"),
        "circle_plural": Phrase(nl="Buurtcirkels", en="Neighbourhood Circles"),
        "onderzoek": Phrase(nl="Onderzoek", en="Research"),
        "opstart": Phrase(nl="Opstart", en="Start-up"),
        "realisatie": Phrase(nl="Realisatie", en="Realisation"),
        "doorontwikkeling": Phrase(nl="Doorontwikkeling", en="Further development"),
        "participant": Phrase(nl="deelnemer", en="participant"),
        "participant_plural": Phrase(nl="deelnemers", en="participants"),
        "volunteer": Phrase(nl="vrijwilliger", en="volunteer"),
        "volunteer_plural": Phrase(nl="vrijwilligers", en="volunteers"),
        "coach": Phrase(nl="Buurtcirkelcoach", en="circle coach"),
        "coach_plural": Phrase(nl="Buurtcirkelcoaches", en="circle coaches"),
        "projectleider": Phrase(nl="projectleider", en="project leader"),
        "projectleider_plural": Phrase(nl="projectleiders", en="project leaders"),
        "plan": Phrase(nl="persoonlijk ontwikkelplan", en="personal development plan"),
        "support_no_longer_needed": Phrase(
            nl="ondersteuning niet meer nodig", en="support no longer needed"
        ),
        "open_evening": Phrase(nl="open avond", en="open evening"),
        "closed_evening": Phrase(nl="besloten avond", en="closed evening"),
        "professionele_zorg": Phrase(nl="professionele hulp", en="professional care"),
    }
)

SATISFACTION = Survey(
    key="satisfaction",
    title=Phrase(
        en="Participant satisfaction (a mark from 1 to 10)",
        nl="Tevredenheid van deelnemers (rapportcijfer 1 tot 10)",
    ),
    for_roles=("participant",),
    items=(
        SurveyItem(
            key="mark",
            question=Phrase(
                en="What mark do you give the Buurtcirkel?",
                nl="Welk rapportcijfer geef je de Buurtcirkel?",
            ),
            answers=tuple((str(n), Phrase(en=str(n), nl=str(n))) for n in range(1, 11)),
        ),
    ),
    # +Vijf monitors its circles yearly (the coach is reminded once a circle has run a year,
    # see reminders.py), and whoever leaves is asked how it went. Not tied to phases: a
    # participant's mark counts from their first year, whatever phase the circle is in.
    every_months=12,
    at_exit=True,
    introduction=Phrase(
        en="One question. 1 is very bad, 10 is excellent.",
        nl="Eén vraag. 1 is heel slecht, 10 is heel goed.",
    ),
    scoring="mark",
    # The Dutch report-mark reading: below 6 is not enough, 6 and 7 enough, 8 and up good.
    bands=(
        ScoreBand(low=1, high=5, words=Phrase(en="not enough", nl="onvoldoende")),
        ScoreBand(low=6, high=7, words=Phrase(en="enough", nl="voldoende")),
        ScoreBand(low=8, high=10, words=Phrase(en="good", nl="goed")),
    ),
    benchmark=Benchmark(
        value=8.7,
        source=Phrase(
            en="the participants' average mark in +Vijf's monitoring (2018)",
            nl="het gemiddelde cijfer van deelnemers in de monitoring van +Vijf (2018)",
        ),
    ),
)
"""The satisfaction mark: the one figure +Vijf publishes on its circles, 8.7 on average
("Tevredenheid onder deelnemers is hoog. Gemiddeld geven zij een 8.7")."""


METHODOLOGY = Methodology(
    key="buurtcirkel_nl",
    version="0.1.0",
    terms=TERMS,
    roles=(
        # Neighbours with a support question; they join after an intake with the coach. Open to
        # every resident: no Wmo decision (beschikking) is asked for, so none is recorded.
        RoleSpec(key="participant", lives_in_neighbourhood=True, needs_intake=True),
        RoleSpec(key="volunteer", minimum=1, maximum=1),
        RoleSpec(key="coach", minimum=1, maximum=1, needs_training=(COACH_TRAINING,)),
        RoleSpec(
            key="projectleider", minimum=1, maximum=1, needs_training=(PROJECT_LEADER_TRAINING,)
        ),
    ),
    # 9 to 12 is the aim; a circle starts from 5 and grows to 12. Five is also the floor the
    # sources name for a working circle, so a started circle keeps it.
    size_rule=SizeRule(
        role="participant", minimum=5, start_minimum=5, maximum=12, start_phase="realisatie"
    ),
    phases=(
        Phase("onderzoek"),
        Phase("opstart"),
        Phase("realisatie"),
        Phase("doorontwikkeling"),
    ),
    initial_phase="onderzoek",
    moves=(
        PhaseMove("onderzoek", "opstart"),
        PhaseMove("opstart", "realisatie"),
        PhaseMove("realisatie", "doorontwikkeling"),
    ),
    requirements=(
        # The project leader prepares and recruits during Opstart.
        AtLeast(phase="opstart", role="projectleider", count=1),
        AtLeast(phase="realisatie", role="volunteer", count=1),
        AtLeast(phase="realisatie", role="coach", count=1),
        Trained(phase="realisatie", role="coach", training=COACH_TRAINING),
        Trained(phase="realisatie", role="projectleider", training=PROJECT_LEADER_TRAINING),
        # Participants work on their own plan from the moment the circle runs: the core reads
        # the plans themselves (a plan with at least one goal), not a date someone typed in.
        HasPlan(phase="realisatie", role="participant"),
    ),
    # Participation stops once support is no longer needed: no alumni in a Buurtcirkel.
    leave_reasons=(
        LeaveReason(key="support_no_longer_needed", ends_support=True, supported_only=True),
        LeaveReason(key="moved_away"),
        LeaveReason(key="own_choice"),
        LeaveReason(key="deceased", supported_only=True),
    ),
    intake_role="coach",
    trainings=(
        Training(
            key=PROJECT_LEADER_TRAINING,
            title=Phrase(
                en="Neighbourhood Circle training for project leaders",
                nl="Buurtcirkeltraining voor projectleiders",
            ),
        ),
        Training(
            key=COACH_TRAINING,
            title=Phrase(
                en="Neighbourhood Circle training for circle coaches",
                nl="Buurtcirkeltraining voor Buurtcirkelcoaches",
            ),
        ),
        # +Vijf brings trained coaches and project leaders back once a year to share what they
        # learnt and keep the method alive: a return day (terugkomdag) that lapses after a year.
        # Asked of both roles, but a coach trained this year may start before their first one.
        Training(
            key=RETURN_DAY,
            title=Phrase(
                en="Neighbourhood Circle return day (yearly)",
                nl="Buurtcirkel-terugkomdag (jaarlijks)",
            ),
            valid_months=12,
            for_roles=("coach", "projectleider"),
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
            role="volunteer",
            renewal_months=36,
        ),
    ),
    surveys=(SATISFACTION, self_reliance(("participant",))),
    # +Vijf audits each circle after its first year of running, then every year.
    first_audit=AuditSchedule(phase="realisatie", months=12, every_months=12),
    # Weekly meetings of two to three hours; open evenings welcome neighbours, closed ones not.
    # Three missed evenings in a row is when the volunteer and the coach hear of it (Kring's
    # choice: the sources ask the volunteer to notice who stays away, without a number).
    meetings=MeetingPattern(
        every_days=7,
        min_minutes=120,
        max_minutes=180,
        kinds=("open_evening", "closed_evening"),
        guest_kinds=("open_evening",),
        alert_after_missed=3,
    ),
    # The audit +Vijf holds after the start-up year, then yearly, in the method's own words:
    # what the data answers is checked (size, weekly evenings, the team, plans, satisfaction,
    # the safety net), the rest the coach shows with typed evidence. Weights are Kring's
    # reading of what the sources stress most: the weekly evenings and the handbook.
    audit_criteria=(
        AuditCriterion(
            key="group_size",
            title=Phrase(
                en="The circle has five to twelve participants",
                nl="De Buurtcirkel heeft vijf tot twaalf deelnemers",
            ),
            check="size_in_band",
            weight=2,
            advice=Phrase(
                en="Recruit new participants with the project leader; an open evening lets "
                "neighbours get to know the circle",
                nl="Werf met de projectleider nieuwe deelnemers; op een open avond leren "
                "buurtbewoners de Buurtcirkel kennen",
            ),
        ),
        AuditCriterion(
            key="weekly_meetings",
            title=Phrase(
                en="The circle met weekly for two to three hours",
                nl="De Buurtcirkel kwam wekelijks twee tot drie uur bijeen",
            ),
            check="meetings_held",
            weight=3,
            advice=Phrase(
                en="Plan the evenings as a weekly series and agree who hosts them in the holidays",
                nl="Plan de avonden als wekelijkse reeks en spreek af wie ze in de vakanties houdt",
            ),
        ),
        AuditCriterion(
            key="volunteer_and_coach",
            title=Phrase(
                en="A volunteer from the neighbourhood and a trained Buurtcirkelcoach support "
                "the circle",
                nl="Een vrijwilliger uit de buurt en een getrainde Buurtcirkelcoach "
                "ondersteunen de Buurtcirkel",
            ),
            check="team_present",
            weight=2,
            advice=Phrase(
                en="Fill the empty role and book the training the role needs",
                nl="Vul de lege rol in en plan de training die de rol vraagt",
            ),
        ),
        AuditCriterion(
            key="development_plans",
            title=Phrase(
                en="Every participant works on their own personal development plan, looked at "
                "together at least every six months",
                nl="Elke deelnemer werkt aan een eigen persoonlijk ontwikkelplan, dat minstens "
                "elk half jaar samen wordt bekeken",
            ),
            check="plans_reviewed",
            weight=2,
            advice=Phrase(
                en="Plan a conversation about the development plan with each participant",
                nl="Plan met elke deelnemer een gesprek over het ontwikkelplan",
            ),
        ),
        AuditCriterion(
            key="satisfaction_score",
            title=Phrase(
                en="Participants rated their satisfaction this year (a mark from 1 to 10)",
                nl="Deelnemers gaven dit jaar een rapportcijfer voor hun tevredenheid",
            ),
            check="surveyed_this_year",
            weight=1,
            advice=Phrase(
                en="Hold the yearly satisfaction measurement on a closed evening",
                nl="Houd de jaarlijkse tevredenheidsmeting op een besloten avond",
            ),
        ),
        AuditCriterion(
            key="safety_net",
            title=Phrase(
                en="The Buurtcirkelcoach answered the volunteer's escalations in time",
                nl="De Buurtcirkelcoach beantwoordde de escalaties van de vrijwilliger op tijd",
            ),
            check="escalations_in_time",
            weight=2,
            advice=Phrase(
                en="Agree with the coach how the volunteer reaches them, and who stands in",
                nl="Spreek met de coach af hoe de vrijwilliger hem of haar bereikt, en wie invalt",
            ),
        ),
        AuditCriterion(
            key="quality_review",
            title=Phrase(
                en="The circle works as the handbook describes (quality review with +Vijf)",
                nl="De Buurtcirkel werkt volgens het handboek (kwaliteitsreview met +Vijf)",
            ),
            evidence=(
                EvidenceField(
                    key="review_held",
                    label=Phrase(
                        en="The quality review with +Vijf was held",
                        nl="De kwaliteitsreview met +Vijf is gehouden",
                    ),
                    kind="bool",
                ),
                EvidenceField(
                    key="review_on",
                    label=Phrase(en="Held on", nl="Gehouden op"),
                    kind="date",
                ),
            ),
            weight=3,
            advice=Phrase(
                en="Plan the quality review with +Vijf and go through the handbook together",
                nl="Plan de kwaliteitsreview met +Vijf en loop samen het handboek door",
            ),
        ),
        AuditCriterion(
            key="open_evenings",
            title=Phrase(
                en="The circle held open evenings where other neighbours were welcome",
                nl="De Buurtcirkel hield open avonden waar andere buurtbewoners welkom waren",
            ),
            evidence=(
                EvidenceField(
                    key="held",
                    label=Phrase(en="Open evenings were held", nl="Er zijn open avonden gehouden"),
                    kind="bool",
                ),
                EvidenceField(
                    key="count",
                    label=Phrase(en="Number of open evenings", nl="Aantal open avonden"),
                    kind="int",
                ),
            ),
            advice=Phrase(
                en="Open some evenings to neighbours who could use a helping hand",
                nl="Zet een paar avonden open voor buurtbewoners die een steuntje in de rug "
                "kunnen gebruiken",
            ),
        ),
        AuditCriterion(
            key="own_direction",
            title=Phrase(
                en="Participants choose the activities and topics themselves",
                nl="Deelnemers kiezen zelf de activiteiten en gespreksonderwerpen",
            ),
            evidence=(
                EvidenceField(
                    key="chosen_by_participants",
                    label=Phrase(
                        en="Participants chose the activities and topics",
                        nl="Deelnemers kozen de activiteiten en onderwerpen",
                    ),
                    kind="bool",
                ),
                EvidenceField(
                    key="how",
                    label=Phrase(en="How they chose", nl="Hoe ze kozen"),
                    kind="choice",
                    choices=(
                        (
                            "together",
                            Phrase(en="together on an evening", nl="samen op een avond"),
                        ),
                        (
                            "in_turn",
                            Phrase(en="each in turn", nl="ieder om de beurt"),
                        ),
                        (
                            "with_volunteer",
                            Phrase(en="with the volunteer", nl="met de vrijwilliger"),
                        ),
                    ),
                ),
            ),
            weight=2,
            advice=Phrase(
                en="Let the participants draw up the programme of the coming evenings",
                nl="Laat de deelnemers het programma van de komende avonden maken",
            ),
        ),
        AuditCriterion(
            key="neighbourhood_network",
            title=Phrase(
                en="Participants build contacts in the neighbourhood beyond the circle",
                nl="Deelnemers bouwen contacten op in de buurt, ook buiten de Buurtcirkel",
            ),
            evidence=(
                EvidenceField(
                    key="contacts_outside",
                    label=Phrase(
                        en="Participants have contacts in the neighbourhood beyond the circle",
                        nl="Deelnemers hebben contacten in de buurt buiten de Buurtcirkel",
                    ),
                    kind="bool",
                ),
                EvidenceField(
                    key="participants_with_contacts",
                    label=Phrase(
                        en="Participants with such contacts",
                        nl="Deelnemers met zulke contacten",
                    ),
                    kind="int",
                ),
            ),
            advice=Phrase(
                en="Look together for family, church, club or neighbours who can join in",
                nl="Zoek samen naar familie, kerk, vereniging of buren die kunnen aansluiten",
            ),
        ),
        AuditCriterion(
            key="return_day",
            title=Phrase(
                en="The coach and the project leader attended this year's return day",
                nl="De Buurtcirkelcoach en de projectleider waren bij de terugkomdag van dit jaar",
            ),
            evidence=(
                EvidenceField(
                    key="attended",
                    label=Phrase(
                        en="Both attended the return day",
                        nl="Beiden waren bij de terugkomdag",
                    ),
                    kind="bool",
                ),
                EvidenceField(
                    key="attended_on",
                    label=Phrase(en="Return day on", nl="Terugkomdag op"),
                    kind="date",
                ),
            ),
            advice=Phrase(
                en="Book the next return day with +Vijf",
                nl="Meld je aan voor de volgende terugkomdag van +Vijf",
            ),
        ),
    ),
    circle_name=Phrase(en="Buurtcirkel {neighbourhood}", nl="Buurtcirkel {neighbourhood}"),
    # The Buurtcirkelcoach is the safety net (vangnet): first to hear the heavier questions the
    # network cannot answer, and the one who brings in professional care when it is needed.
    # Sensitive notes are for the coach, the professional of the circle.
    escalation=EscalationLadder(
        steps=("volunteer", "coach", "professionele_zorg"),
        sensitive_roles=("coach",),
        contact_every_days=7,
    ),
)
