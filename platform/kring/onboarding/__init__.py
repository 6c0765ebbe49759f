"""Onboarding: an organisation signs itself up (``service.py``), the platform admin approves,
refuses, suspends, exports and deletes tenants outside every tenant (``admin.py``), and a
tenant admin invites staff. The rows about tenants (``models.py``) are global, like
``tenant`` itself."""

from kring.module import Module, PeriodicJob

module = Module(
    name="onboarding",
    models=("kring.onboarding.models",),
    blueprints=("kring.onboarding.views:bp", "kring.onboarding.admin_views:bp"),
    api=("kring.onboarding.api:blp", "kring.onboarding.admin_api:blp"),
    jobs=(
        PeriodicJob(job="kring.onboarding.jobs:sweep_before_approval", seconds=60),
        PeriodicJob(job="kring.onboarding.jobs:purge_deleted", seconds=24 * 60 * 60),
    ),
    platform_demo=("kring.onboarding.demo:platform_admin",),
)
