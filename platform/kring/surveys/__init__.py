"""Outcome measurements: a methodology's surveys answered for a person at their moment, their
scores in words, and what they say about a circle and a tenant over time."""

from flask_babel import lazy_gettext as _l

from kring.core.accounts import Role
from kring.core.personal import PersonalData
from kring.module import CirclePanel, Module, NavEntry

module = Module(
    name="surveys",
    permissions={
        # The participant answers; a volunteer or coach answers with them, acting on their behalf.
        "survey.answer": frozenset({Role.participant, Role.volunteer, Role.coach}),
        "survey.own": frozenset({Role.participant}),
        "outcomes.view": frozenset({Role.project_leader, Role.tenant_admin}),
        "outcomes.circle": frozenset({Role.coach, Role.project_leader}),
    },
    models=("kring.surveys.models",),
    blueprints=("kring.surveys.views:bp",),
    api=("kring.surveys.api:blp",),
    nav=(
        NavEntry(
            endpoint="surveys.mine",
            label=_l("My questionnaires"),
            permission="survey.own",
            current_when=("surveys.answer",),
        ),
        NavEntry(
            endpoint="surveys.tenant_outcomes",
            label=_l("Outcomes"),
            permission="outcomes.view",
        ),
    ),
    circle=(
        CirclePanel(
            key="outcomes",
            template="surveys/_circle_panel.html",
            load="kring.surveys.panels:circle_panel",
            order=60,
        ),
    ),
    demo=("kring.surveys.demo:measure",),
    personal=(
        PersonalData(
            table="survey_response",
            title=_l("Questionnaires"),
            person=("person_id",),
            by=("recorded_by_id",),
        ),
    ),
)
