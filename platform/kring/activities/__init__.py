"""The activity calendar: one calendar per tenant, fed by every organisation that works there
(welfare, churches, sports clubs, schools, visiting services), public without signing in, in
large print for people without internet, and as iCal feeds. Verbonden in de buurt brings "all
activities of the 35 organisations into one calendar" so a volunteer can take a lonely resident
along to something that already exists; the gap view shows where nothing exists yet.
"""

from flask_babel import lazy_gettext as _l

from kring.core.accounts import Role
from kring.core.personal import Erase, PersonalData
from kring.module import CirclePanel, Module, NavEntry, PeriodicJob

module = Module(
    name="activities",
    permissions={
        "activity.publish": frozenset({Role.contributor, Role.project_leader, Role.tenant_admin}),
        "activity.suggest": frozenset({Role.volunteer, Role.coach}),
        "activity.gaps": frozenset({Role.project_leader, Role.coach, Role.tenant_admin}),
    },
    models=("kring.activities.models",),
    blueprints=("kring.activities.views:bp", "kring.activities.team_views:bp"),
    api=("kring.activities.api:blp", "kring.activities.team_api:blp"),
    nav=(
        NavEntry(
            endpoint="activities.manage",
            label=_l("Activities"),
            permission="activity.publish",
            current_when=("activities.",),
        ),
        NavEntry(
            endpoint="activity_team.gap_view",
            label=_l("Calendar gaps"),
            permission="activity.gaps",
            current_when=("activity_team.gap",),
        ),
    ),
    circle=(
        CirclePanel(
            key="activities",
            template="activities/_circle_panel.html",
            load="kring.activities.home:circle_panel",
            order=60,
        ),
    ),
    jobs=(PeriodicJob(job="kring.activities.jobs:read_feeds_everywhere", seconds=24 * 60 * 60),),
    demo=("kring.activities.demo:demo_calendar",),
    personal=(
        PersonalData(
            table="activity",
            title=_l("Activities"),
            by=("created_by_id",),
            not_personal={
                "contact": "an organisation's phone number or office address",
                "address": "where the activity takes place",
            },
        ),
        PersonalData(table="activity_feed", title=_l("Calendar feeds"), by=("created_by_id",)),
        PersonalData(
            table="activity_suggestion",
            title=_l("Activities suggested"),
            person=("person_id",),
            by=("suggested_by_id",),
            erase=Erase.delete,
        ),
    ),
)
