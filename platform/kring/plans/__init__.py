"""Development plans (ontwikkelplan), owned by the participant: goals per life domain, small
steps, who helps, progress notes, comments by the coach and volunteer, a review date, and the
history of every change with who made it and on whose behalf."""

from flask_babel import lazy_gettext as _l

from kring.core.accounts import Role
from kring.core.personal import Erase, PersonalData
from kring.module import HomePanel, Module, NavEntry

module = Module(
    name="plans",
    permissions={
        "plan.view": frozenset({Role.participant, Role.volunteer, Role.coach, Role.project_leader}),
        "plan.edit": frozenset({Role.participant, Role.volunteer, Role.coach}),
        "plan.comment": frozenset({Role.volunteer, Role.coach}),
        "plan.own": frozenset({Role.participant}),
    },
    models=("kring.plans.models",),
    blueprints=("kring.plans.views:bp",),
    api=("kring.plans.api:blp",),
    nav=(NavEntry(endpoint="plans.mine", label=_l("My plan"), permission="plan.own"),),
    home=(
        HomePanel(
            key="my-plan",
            template="plans/_home_mine.html",
            load="kring.plans.home:my_plan",
            order=20,
        ),
        HomePanel(
            key="plans-due",
            template="plans/_home_due.html",
            load="kring.plans.home:due_for_review",
            order=40,
        ),
    ),
    week=(
        HomePanel(
            key="my-plan",
            template="plans/_week.html",
            load="kring.plans.home:my_plan",
            order=30,
        ),
    ),
    reminders=("kring.plans.reminders:reviews_due",),
    demo=("kring.plans.demo:give_plans",),
    personal=(
        PersonalData(
            table="plan",
            title=_l("Development plan"),
            person=("person_id",),
            erase=Erase.delete,
        ),
        PersonalData(
            table="plan_goal",
            title=_l("Goals"),
            parent=("plan_id", "plan"),
            erase=Erase.delete,
        ),
        PersonalData(
            table="plan_step",
            title=_l("Steps"),
            parent=("goal_id", "plan_goal"),
            names=("supporter_id",),
            erase=Erase.delete,
        ),
        PersonalData(
            table="plan_note",
            title=_l("Notes in the plan"),
            parent=("plan_id", "plan"),
            by=("author_id",),
            erase=Erase.delete,
        ),
        PersonalData(
            table="plan_event",
            title=_l("Changes to the plan"),
            parent=("plan_id", "plan"),
            by=("actor_id",),
            names=("on_behalf_of_id",),
            erase=Erase.delete,
        ),
    ),
)
