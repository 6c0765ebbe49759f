"""Choosing neighbourhoods (Buurtcirkel's phase Onderzoek): a tenant's neighbourhood statistics
from the CBS table "Kerncijfers wijken en buurten", and the ranking of its neighbourhoods for a
new circle by the criteria the methodology gives, from which a project leader starts one."""

from flask_babel import lazy_gettext as _l

from kring.core.accounts import Role
from kring.core.personal import PersonalData
from kring.module import Module, NavEntry

_RESEARCH = frozenset({Role.tenant_admin, Role.project_leader})

module = Module(
    name="neighbourhoods",
    permissions={
        "neighbourhood.research": _RESEARCH,
        "neighbourhood.import": _RESEARCH,
    },
    models=("kring.neighbourhoods.models",),
    blueprints=("kring.neighbourhoods.views:bp",),
    api=("kring.neighbourhoods.api:blp",),
    commands=("kring.neighbourhoods.cli:neighbourhoods_group",),
    nav=(
        NavEntry(
            endpoint="neighbourhoods.ranking",
            label=_l("Choosing neighbourhoods"),
            permission="neighbourhood.research",
            current_when=("neighbourhoods.",),
        ),
    ),
    demo=("kring.neighbourhoods.demo:load_sample",),
    personal=(
        PersonalData(
            table="neighbourhood_statistics",
            title=_l("Neighbourhood figures imported"),
            by=("imported_by_id",),
        ),
    ),
)
