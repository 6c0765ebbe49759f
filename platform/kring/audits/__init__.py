"""Quality audits and the fidelity score: the methodology's criteria checked from the data
where it can (``kring_audit_check`` and the core's checks), evidence from the coach where it
cannot, a review by the methodology's central trainer with follow-up actions, and each circle's
fidelity score (0 to 100) with its history and what would raise it."""

from flask_babel import lazy_gettext as _l

from kring.core.accounts import Role
from kring.core.personal import PersonalData
from kring.module import CirclePanel, Module, PeriodicJob

module = Module(
    name="audits",
    permissions={
        "audit.view": frozenset({Role.coach, Role.project_leader, Role.tenant_admin}),
        "audit.edit": frozenset({Role.coach, Role.project_leader}),
    },
    models=("kring.audits.models",),
    init=("kring.audits.checks:check_known",),
    commands=("kring.audits.cli:audits_group",),
    reminders=("kring.audits.reminders:audits_coming", "kring.audits.reminders:actions_due"),
    platform_demo=("kring.audits.demo:history",),
    jobs=(PeriodicJob(job="kring.audits.jobs:audit_everywhere", seconds=24 * 60 * 60),),
    blueprints=("kring.audits.views:bp",),
    api=("kring.audits.api:blp",),
    circle=(
        CirclePanel(
            key="fidelity",
            template="audits/_circle_panel.html",
            load="kring.audits.home:circle_panel",
            order=40,
        ),
    ),
    personal=(
        PersonalData(table="audit", title=_l("Audits"), by=("submitted_by_id", "reviewed_by_id")),
        PersonalData(
            table="audit_finding",
            title=_l("Audit findings"),
            by=("updated_by_id",),
            not_personal={"remark": "the coach's remark on a criterion of the circle"},
        ),
        PersonalData(
            table="audit_action",
            title=_l("Follow-up actions"),
            by=("done_by_id", "created_by_id"),
        ),
    ),
)
