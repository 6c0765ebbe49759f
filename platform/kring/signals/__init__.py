"""Signals: care workers report residents who may be lonely; a team follows them up."""

from flask_babel import lazy_gettext as _l

from kring.core.accounts import Role
from kring.core.personal import Erase, PersonalData
from kring.module import Module, NavEntry

_TEAM = frozenset({Role.project_leader, Role.coach})

module = Module(
    name="signals",
    permissions={
        "signal.view": _TEAM,
        "signal.handle": _TEAM,
        "signal.create": frozenset({Role.signaler}),
    },
    models=("kring.signals.models",),
    blueprints=("kring.signals.views:bp",),
    api=("kring.signals.api:blp",),
    nav=(
        NavEntry(endpoint="signals.index", label=_l("Signals"), permission="signal.view"),
        NavEntry(endpoint="signals.new", label=_l("Report a resident"), permission="signal.create"),
    ),
    personal=(
        PersonalData(
            table="signal",
            title=_l("Signals"),
            match={"resident_name": "name", "postcode": "postcode"},
            by=("signaled_by_id",),
            erase=Erase.delete,
            not_personal={"birth_date": "deleted with the signal"},
        ),
    ),
)
