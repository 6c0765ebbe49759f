"""Circles: starting one, its members and their intake, its phases, and what it still needs."""

from flask_babel import lazy_gettext as _l

from kring.core.accounts import Role
from kring.core.personal import Erase, PersonalData
from kring.module import HomePanel, Module, NavEntry

module = Module(
    name="circles",
    permissions={
        "circle.view": frozenset(
            {Role.tenant_admin, Role.project_leader, Role.coach, Role.volunteer, Role.participant}
        ),
        "circle.edit": frozenset({Role.project_leader}),
        "circle.intake": frozenset({Role.project_leader, Role.coach}),
    },
    models=("kring.circles.models",),
    blueprints=("kring.circles.views:bp",),
    api=("kring.circles.api:blp",),
    commands=("kring.circles.cli:circles_group",),
    home=(
        HomePanel(
            key="circles",
            template="circles/home_panel.html",
            load="kring.circles.home:my_circles",
            order=70,
        ),
    ),
    week=(
        HomePanel(
            key="circles",
            template="circles/week_panel.html",
            load="kring.circles.home:my_circles",
            order=70,
        ),
    ),
    nav=(
        NavEntry(
            endpoint="circles.index",
            label=_l("Circles"),
            permission="circle.view",
            current_when=("circles.",),
            term="circle_plural",
        ),
    ),
    personal=(
        PersonalData(table="circle", title=_l("Circles"), not_personal={"name": "a circle's"}),
        PersonalData(
            table="circle_member",
            title=_l("Circle memberships"),
            person=("person_id",),
            names=("intake_by_id",),
            erase=Erase.blank,
            blank=("intake_note", "attributes"),
        ),
        PersonalData(
            table="member_status_change",
            title=_l("Membership changes"),
            parent=("member_id", "circle_member"),
            by=("actor_id",),
        ),
        PersonalData(table="phase_transition", title=_l("Phase moves"), by=("actor_id",)),
    ),
)
