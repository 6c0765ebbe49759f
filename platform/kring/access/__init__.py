"""Need-to-know inside a tenant: who may see which resident (the policy), and the access log
of every read, with the pages to search it and a resident's "who looked at my data"."""

from flask_babel import lazy_gettext as _l

from kring.core.accounts import Role
from kring.core.personal import PersonalData
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
    personal=(
        PersonalData(
            table="access_log",
            title=_l("Who read the record"),
            typed=(("subject_id", "subject_type", "person"),),
            by=("user_id",),
            names=("on_behalf_of_id",),
        ),
        PersonalData(
            table="journal_entry",
            title=_l("Journal"),
            typed=(("subject_id", "subject_type", "Person"),),
            by=("actor_id",),
            names=("on_behalf_of_id",),
        ),
    ),
)
