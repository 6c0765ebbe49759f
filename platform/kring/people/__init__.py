"""Neighbourhoods and the people who live in them, with the trainings they completed."""

from flask_babel import lazy_gettext as _l

from kring.core.accounts import Role
from kring.module import Module, NavEntry

_STAFF = frozenset({Role.tenant_admin, Role.project_leader, Role.coach})

module = Module(
    name="people",
    permissions={
        "person.view": _STAFF | {Role.volunteer},
        "person.edit": _STAFF,
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
)
