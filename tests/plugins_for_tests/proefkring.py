"""A fifth methodology that exists only in the tests: it proves that a methodology plugs in
without any change to ``kring.core``, and it exercises every rule the core knows how to run."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from kring import hookimpl
from kring.core.facade import CircleView
from kring.core.methodology import (
    AtLeast,
    AttributeSpec,
    AuditCriterion,
    AuditSchedule,
    Benchmark,
    DashboardWidget,
    EscalationLadder,
    EvidenceField,
    Finding,
    MeetingPattern,
    Methodology,
    NavItem,
    NotExpired,
    Phase,
    PhaseMove,
    Phrase,
    Recorded,
    RoleSpec,
    ScoreBand,
    Screening,
    Severity,
    SizeRule,
    Survey,
    SurveyItem,
    Terms,
    Trained,
    Training,
    Unmet,
    self_reliance,
)
from kring.http.access import requires

TERMS = Terms.of(
    {
        "methodology": Phrase(nl="Proefkring", en="Trial circle"),
        "circle": Phrase(nl="proefkring", en="trial circle"),
        "circle_plural": Phrase(nl="proefkringen", en="trial circles"),
        "verkennen": Phrase(nl="Verkennen", en="Exploring"),
        "draaien": Phrase(nl="Draaien", en="Running"),
        "afronden": Phrase(nl="Afronden", en="Closing"),
        "deelnemer": Phrase(nl="deelnemer", en="participant"),
        "deelnemer_plural": Phrase(nl="deelnemers", en="participants"),
        "maatje": Phrase(nl="maatje", en="buddy"),
        "maatje_plural": Phrase(nl="maatjes", en="buddies"),
        "begeleider": Phrase(nl="begeleider", en="guide"),
        "begeleider_plural": Phrase(nl="begeleiders", en="guides"),
        "regisseur": Phrase(nl="regisseur", en="director"),
        "regisseur_plural": Phrase(nl="regisseurs", en="directors"),
        "woont_vast": Phrase(nl="vaste woonplek", en="settled home"),
        "check_geldig_tot": Phrase(nl="check geldig tot", en="check valid until"),
        "uren": Phrase(nl="uren per week", en="hours per week"),
        "plan_op": Phrase(nl="plan op", en="plan on"),
        "hulpverlening": Phrase(nl="hulpverlening", en="care services"),
        "spoed": Phrase(nl="spoed", en="emergency"),
        "support_no_longer_needed": Phrase(
            nl="geen steun meer nodig", en="no longer needs support"
        ),
        "open_avond": Phrase(nl="inloopavond", en="drop-in evening"),
        "besloten_avond": Phrase(nl="kringavond", en="circle evening"),
    }
)

METHODOLOGY = Methodology(
    key="proefkring",
    version="0.0.1",
    terms=TERMS,
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
    trainings=(
        Training(key="basis", title=Phrase(en="the basic course", nl="de basiscursus")),
        Training(
            key="opfrisdag",
            title=Phrase(en="the yearly refresher day", nl="de jaarlijkse opfrisdag"),
            valid_months=12,
            for_roles=("begeleider",),
        ),
    ),
    screenings=(
        Screening(
            key="verklaring",
            title=Phrase(en="certificate of conduct", nl="verklaring omtrent het gedrag"),
            role="maatje",
            renewal_months=24,
        ),
    ),
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
    # One criterion of each kind the core knows: a core check, one the plugin answers itself
    # (``kring_audit_check``), and a manual one with typed evidence.
    audit_criteria=(
        AuditCriterion(
            key="grootte",
            title=Phrase(
                en="The size stays within the band", nl="De grootte blijft binnen de band"
            ),
            check="size_in_band",
            weight=2,
            advice=Phrase(en="Recruit participants", nl="Werf deelnemers"),
        ),
        AuditCriterion(
            key="naam",
            title=Phrase(en="The name says what it is", nl="De naam zegt wat het is"),
            check="proef_naam",
            advice=Phrase(en="Rename the circle", nl="Geef de kring een andere naam"),
        ),
        AuditCriterion(
            key="evaluatie",
            title=Phrase(en="The circle evaluated itself", nl="De kring evalueerde zichzelf"),
            evidence=(
                EvidenceField(
                    key="gehouden",
                    label=Phrase(en="Evaluation held", nl="Evaluatie gehouden"),
                    kind="bool",
                ),
                EvidenceField(key="op", label=Phrase(en="Held on", nl="Gehouden op"), kind="date"),
                EvidenceField(
                    key="aanwezig",
                    label=Phrase(en="Members present", nl="Leden aanwezig"),
                    kind="int",
                ),
                EvidenceField(
                    key="vorm",
                    label=Phrase(en="Form", nl="Vorm"),
                    kind="choice",
                    choices=(
                        ("gesprek", Phrase(en="a conversation", nl="een gesprek")),
                        ("vragenlijst", Phrase(en="a questionnaire", nl="een vragenlijst")),
                    ),
                ),
            ),
            weight=3,
            advice=Phrase(en="Hold an evaluation evening", nl="Houd een evaluatieavond"),
        ),
    ),
    escalation=EscalationLadder(
        steps=("maatje", "begeleider", "hulpverlening"),
        severities=(
            Severity(key="spoed", respond_within_hours=4),
            Severity(key="routine", respond_within_hours=168),
        ),
        sensitive_roles=("begeleider",),
        contact_every_days=10,
    ),
    meetings=MeetingPattern(
        every_days=7,
        min_minutes=60,
        max_minutes=180,
        kinds=("open_avond", "besloten_avond"),
        guest_kinds=("open_avond",),
        alert_after_missed=3,
    ),
    # A mark against a published average, and the shared scale: the outcomes tests' instruments.
    surveys=(
        Survey(
            key="cijfer",
            title=Phrase(en="Satisfaction mark", nl="Rapportcijfer"),
            for_roles=("deelnemer",),
            items=(
                SurveyItem(
                    key="mark",
                    question=Phrase(en="Your mark?", nl="Jouw cijfer?"),
                    answers=tuple((str(n), Phrase(en=str(n), nl=str(n))) for n in range(1, 11)),
                ),
            ),
            every_months=12,
            scoring="mark",
            bands=(
                ScoreBand(low=1, high=5, words=Phrase(en="not enough", nl="onvoldoende")),
                ScoreBand(low=6, high=10, words=Phrase(en="enough", nl="voldoende")),
            ),
            benchmark=Benchmark(value=8.7, source=Phrase(en="the handbook", nl="het handboek")),
        ),
        self_reliance(("deelnemer",)),
    ),
)


@hookimpl
def kring_methodology() -> Methodology:
    return METHODOLOGY


@hookimpl
def kring_phase_guard(circle: CircleView, target: str) -> list[Unmet]:
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


# Pages, a menu entry and a home-page tile: shown only where a tenant enabled the methodology.
blueprint = Blueprint("proefkring", __name__, template_folder="templates")


@blueprint.get("/")
@requires("circle.view")
def overview() -> Any:
    return render_template("proefkring/overview.html")


@hookimpl
def kring_audit_check(circle: CircleView, criterion: str, start: Any, end: Any) -> Finding | None:
    """The plugin's own check ("proef_naam": the name holds the word "kring"), to show a
    methodology answers a check the core does not know."""
    if criterion != "naam":
        return None
    has_word = "kring" in circle.name.lower()
    return Finding(
        is_met=has_word,
        explanation=Phrase(
            en="Name checked ({length} letters)", nl="Naam bekeken ({length} letters)"
        ),
        params={"length": len(circle.name)},
    )


@hookimpl
def kring_audit_checks() -> set[str]:
    return {"proef_naam"}


@hookimpl
def kring_blueprints() -> Blueprint:
    return blueprint


@hookimpl
def kring_nav_items(user: Any, tenant: Any) -> list[NavItem]:
    return [
        NavItem(label=Phrase(en="Trial circles", nl="Proefkringen"), endpoint="proefkring.overview")
    ]


@hookimpl
def kring_dashboard_widgets(user: Any, tenant: Any) -> list[DashboardWidget]:
    return [
        DashboardWidget(
            key="proefkring_tip",
            title=Phrase(en="Trial circle tip", nl="Tip voor proefkringen"),
            template="proefkring/tip.html",
        )
    ]
