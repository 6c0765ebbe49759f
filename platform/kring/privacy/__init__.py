"""Residents' rights (AVG/GDPR): a person's data handed to them as JSON and as a readable PDF,
their erasure across every table, and the retention that erases former participants on its
own. Every table says what it holds about a person in its area's ``Module.personal``
(``kring.core.personal``); this area walks those declarations, never the tables by name."""

from flask_babel import lazy_gettext as _l

from kring.core.accounts import Role
from kring.module import Module, NavEntry, PeriodicJob

module = Module(
    name="privacy",
    permissions={
        # the controller's tenant admin, and the project leader who reaches the person fully;
        # which person is decided by ``policy.rights_person_or_404`` (docs/access.md)
        "person.export": frozenset({Role.tenant_admin, Role.project_leader}),
        "person.erase": frozenset({Role.tenant_admin, Role.project_leader}),
        # how long former participants' data stays (``Tenant.retention_months``): a tenant
        # setting, so a token's "tenant" scope covers it
        "tenant.retention": frozenset({Role.tenant_admin}),
    },
    blueprints=("kring.privacy.views:bp",),
    api=("kring.privacy.api:blp",),
    commands=("kring.privacy.cli:people_group",),
    jobs=(PeriodicJob(job="kring.privacy.jobs:retention_everywhere", seconds=24 * 3600),),
    nav=(
        NavEntry(
            endpoint="privacy.people",
            label=_l("Privacy requests"),
            permission="person.export",
            current_when=("privacy.people", "privacy.data", "privacy.confirm_erase"),
        ),
        NavEntry(
            endpoint="privacy.retention_page",
            label=_l("Retention"),
            permission="tenant.retention",
            current_when=("privacy.retention_page", "privacy.change_retention"),
        ),
    ),
)
