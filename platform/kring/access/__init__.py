"""Need-to-know inside a tenant: who may see which resident (the policy), and the access log
of every read, with the pages to search it and a resident's "who looked at my data"."""

from flask_babel import lazy_gettext as _l

from kring.core.accounts import Role
from kring.module import Module, NavEntry, PeriodicJob

module = Module(
    name="access",
    permissions={"accesslog.view": frozenset({Role.tenant_admin})},
    models=("kring.access.models",),
    blueprints=("kring.access.views:bp",),
    api=("kring.access.api:blp",),
    nav=(NavEntry(endpoint="access.index", label=_l("Access log"), permission="accesslog.view"),),
    commands=("kring.access.cli:access_log",),
    jobs=(PeriodicJob(job="kring.access.jobs:rotate", seconds=24 * 3600),),
    init=("kring.access.log:init_log",),
)
