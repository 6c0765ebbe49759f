"""Quality exports: an audit report as PDF and CSV, a tenant's yearly quality report, and a
pseudonymised research export with documented columns; every export is written to the access
log."""

from kring.core.accounts import Role
from kring.module import Module

module = Module(
    name="reports",
    permissions={
        # an audit's report, with the coach's remarks: the circle's own coach and project leader
        "report.audit": frozenset({Role.coach, Role.project_leader}),
    },
    blueprints=("kring.reports.views:bp",),
    api=("kring.reports.api:blp",),
)
