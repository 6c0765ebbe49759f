"""Exchange: talents and help between the members of a circle ("you mow my lawn, I cook for
you"), their contacts outside it, and the circle's network picture. No points, no currency."""

from flask_babel import lazy_gettext as _l

from kring.core.accounts import Role
from kring.core.personal import Erase, PersonalData
from kring.module import CirclePanel, HomePanel, Module, NavEntry

_MEMBERS = frozenset({Role.coach, Role.volunteer, Role.participant})

module = Module(
    name="exchange",
    permissions={
        "exchange.view": frozenset({Role.tenant_admin, Role.project_leader, *_MEMBERS}),
        "exchange.take_part": _MEMBERS,
        "exchange.talents": _MEMBERS,
    },
    models=("kring.exchange.models",),
    blueprints=("kring.exchange.views:bp",),
    api=("kring.exchange.api:blp",),
    nav=(
        NavEntry(
            endpoint="exchange.mine",
            label=_l("My talents and wishes"),
            permission="exchange.talents",
        ),
    ),
    home=(
        HomePanel(
            key="open-help",
            template="exchange/_panel.html",
            load="kring.exchange.home:open_help",
            order=40,
        ),
    ),
    week=(
        HomePanel(
            key="help",
            template="exchange/_week.html",
            load="kring.exchange.home:open_help",
            order=40,
        ),
    ),
    circle=(
        CirclePanel(
            key="exchange",
            template="exchange/_circle_panel.html",
            load="kring.exchange.home:circle_panel",
        ),
    ),
    demo=("kring.exchange.demo:bring_to_life",),
    init=("kring.exchange.events:subscribe",),
    personal=(
        PersonalData(
            table="exchange_talent",
            title=_l("Talents"),
            person=("person_id",),
            erase=Erase.delete,
        ),
        PersonalData(
            table="exchange_wish", title=_l("Wishes"), person=("person_id",), erase=Erase.delete
        ),
        PersonalData(
            table="outside_contact",
            title=_l("Contacts outside the circle"),
            person=("person_id",),
            erase=Erase.delete,
        ),
        PersonalData(
            table="help_request",
            title=_l("Help asked and offered"),
            person=("asked_by_id",),
            names=("offered_by_id",),
            erase=Erase.blank,
            blank=("what", "thanks"),
        ),
        PersonalData(
            table="encounter",
            title=_l("Meetings outside"),
            person=("person_id",),
            names=("other_id",),
        ),
    ),
)
