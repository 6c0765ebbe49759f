"""Signals: care workers report residents who may be lonely; the neighbourhood team follows
them up to an outcome."""

from flask_babel import lazy_gettext as _l

from kring.core.accounts import Role
from kring.core.personal import Erase, PersonalData
from kring.module import HomePanel, Module, NavEntry

_TEAM = frozenset({Role.project_leader, Role.coach})
_FOLLOWING = _TEAM | {Role.volunteer}

module = Module(
    name="signals",
    permissions={
        "signal.view": _FOLLOWING,
        "signal.handle": _FOLLOWING,
        "signal.assign": _TEAM,
        "signal.dashboard": _TEAM | {Role.tenant_admin},
        "signal.create": frozenset({Role.signaler}),
    },
    models=("kring.signals.models",),
    blueprints=("kring.signals.views:bp",),
    api=("kring.signals.api:blp",),
    nav=(
        NavEntry(
            endpoint="signals.index",
            label=_l("Signals"),
            permission="signal.view",
            current_when=("signals.index", "signals.show"),
            shown_when="kring.signals.lookup:taken_here",
        ),
        NavEntry(
            endpoint="signals.dashboard",
            label=_l("Signals in the neighbourhoods"),
            permission="signal.dashboard",
            shown_when="kring.signals.lookup:taken_here",
        ),
        NavEntry(endpoint="signals.new", label=_l("Report a resident"), permission="signal.create"),
    ),
    home=(
        HomePanel(
            key="signals-to-visit",
            template="signals/_home_visit.html",
            load="kring.signals.home:to_visit",
            order=25,
        ),
        HomePanel(
            key="signals-waiting",
            template="signals/_home_waiting.html",
            load="kring.signals.home:waiting",
            order=25,
        ),
    ),
    reminders=("kring.signals.reminders:waiting_signals",),
    demo=("kring.signals.demo:give_life",),
    personal=(
        PersonalData(
            table="signal",
            title=_l("Signals"),
            match={"resident_name": "name", "postcode": "postcode"},
            by=("signaled_by_id",),
            names=("assigned_to_id",),
            erase=Erase.delete,
            not_personal={
                "birth_date": "deleted with the signal",
                "address": "deleted with the signal",
            },
        ),
    ),
)
