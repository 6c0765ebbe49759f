"""Trainings and screening: the courses a methodology asks of each role, who completed them and
until when, exceptions recorded when a role is given without one, and the volunteers' VOG (NL)
or DBS (UK) checks with the tenant's renewal period, reminders before they lapse and a flag
when they have."""

from flask_babel import lazy_gettext as _l

from kring.core.accounts import Role
from kring.core.personal import Erase, PersonalData
from kring.module import CirclePanel, HomePanel, Module, NavEntry

module = Module(
    name="trainings",
    permissions={
        "training.overview": frozenset({Role.project_leader}),
        "training.record": frozenset({Role.project_leader, Role.coach}),
        "training.except": frozenset({Role.project_leader}),
    },
    models=("kring.trainings.models",),
    blueprints=("kring.trainings.views:bp",),
    api=("kring.trainings.api:blp",),
    nav=(
        NavEntry(
            endpoint="trainings.index",
            label=_l("Trainings"),
            permission="training.overview",
            current_when=("trainings.",),
        ),
    ),
    home=(
        HomePanel(
            key="trainings-lapsing",
            template="trainings/_home_lapsing.html",
            load="kring.trainings.home:lapsing",
            order=45,
        ),
    ),
    circle=(
        CirclePanel(
            key="trainings",
            template="trainings/_circle_panel.html",
            load="kring.trainings.home:circle_flags",
            order=30,
        ),
    ),
    reminders=("kring.trainings.reminders:lapsing",),
    personal=(
        PersonalData(
            table="training_record",
            title=_l("Courses completed"),
            person=("person_id",),
            by=("recorded_by_id",),
        ),
        PersonalData(
            table="training_exception",
            title=_l("Exceptions to a course"),
            person=("person_id",),
            by=("granted_by_id",),
            erase=Erase.blank,
            blank=("reason",),
        ),
        PersonalData(
            table="screening_record",
            title=_l("Screenings"),
            person=("person_id",),
            by=("recorded_by_id",),
        ),
    ),
)
