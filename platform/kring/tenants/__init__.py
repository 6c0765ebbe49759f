"""Tenants as code: ``tenants/<slug>.yaml`` files, and the commands that load them."""

from flask_babel import lazy_gettext as _l

from kring.core.personal import PersonalData
from kring.module import Module

module = Module(
    name="tenants",
    commands=("kring.tenants.cli:tenants", "kring.tenants.cli:demo", "kring.tenants.cli:bench"),
    personal=(
        PersonalData(table="tenant", title=_l("Tenant"), not_personal={"name": "the tenant's"}),
    ),
)
