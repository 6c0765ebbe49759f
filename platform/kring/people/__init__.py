"""Neighbourhoods and the people who live in them (their courses and checks live in trainings)."""

from flask_babel import lazy_gettext as _l

from kring.core.accounts import Role
from kring.core.personal import Erase, PersonalData
from kring.module import Module, NavEntry

module = Module(
    name="people",
    permissions={
        "person.view": frozenset(
            {Role.project_leader, Role.coach, Role.volunteer, Role.participant}
        ),
        "person.create": frozenset({Role.project_leader}),
        "person.edit": frozenset({Role.project_leader, Role.coach}),
    },
    models=("kring.people.models",),
    blueprints=("kring.people.views:bp",),
    api=("kring.people.api:blp",),
    nav=(
        NavEntry(
            endpoint="people.neighbourhoods", label=_l("Neighbourhoods"), permission="circle.view"
        ),
        NavEntry(
            endpoint="people.index",
            label=_l("People"),
            permission="person.view",
            current_when=("people.show",),
        ),
    ),
    personal=(
        PersonalData(
            table="neighbourhood",
            title=_l("Neighbourhoods"),
            not_personal={"name": "a neighbourhood's", "postcodes": "the areas it covers"},
        ),
        PersonalData(
            table="person",
            title=_l("Person"),
            person=("id",),
            erase=Erase.blank,
            blank=("postcode", "email", "phone", "birth_date", "user_id"),
            pseudonym=("name",),
        ),
    ),
)
