"""Quality exports: an audit report as PDF and CSV, a tenant's yearly quality report, and a
pseudonymised research export with documented columns; every export is written to the access
log."""

from flask_babel import lazy_gettext as _l

from kring.core.accounts import Role
from kring.module import Module, NavEntry

module = Module(
    name="reports",
    permissions={
        # an audit's report, with the coach's remarks: the circle's own coach and project leader
        "report.audit": frozenset({Role.coach, Role.project_leader}),
        # counts and averages over the circles the reader is responsible for (access.md)
        "report.quality": frozenset({Role.project_leader, Role.tenant_admin}),
        "report.research": frozenset({Role.project_leader, Role.tenant_admin}),
    },
    blueprints=("kring.reports.views:bp",),
    api=("kring.reports.api:blp",),
    nav=(
        NavEntry(
            endpoint="reports.quality_index",
            label=_l("Quality"),
            permission="report.quality",
            current_when=("reports.quality",),
        ),
    ),
)
