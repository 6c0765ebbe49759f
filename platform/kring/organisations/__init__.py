"""Partner organisations of a tenant and the methodologies each one is enabled for."""

from flask_babel import lazy_gettext as _l

from kring.core.accounts import Role
from kring.core.personal import PersonalData
from kring.module import Module, NavEntry

module = Module(
    name="organisations",
    permissions={
        "organisation.manage": frozenset({Role.tenant_admin}),
        "methodology.enable": frozenset({Role.tenant_admin}),
    },
    models=("kring.organisations.models",),
    blueprints=("kring.organisations.views:bp",),
    api=("kring.organisations.api:blp",),
    nav=(
        NavEntry(
            endpoint="organisations.index",
            label=_l("Organisations"),
            permission="organisation.manage",
            current_when=("organisations.",),
        ),
    ),
    personal=(
        PersonalData(
            table="organisation",
            title=_l("Organisations"),
            not_personal={"name": "an organisation's"},
        ),
        PersonalData(
            table="methodology_enablement", title=_l("Methodologies"), by=("enabled_by_id",)
        ),
    ),
)
