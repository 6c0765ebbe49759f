"""The central trainer: a methodology's own quality staff, signed in outside any tenant, who see
every circle of their methodology in every tenant that enabled it, pseudonymised by
construction (a read layer of aggregates and circle-level facts only, counts under five
suppressed), review audits and compare circles and tenants.

The trainer's pages read the global tables of ``models.py`` only; ``refresh.py`` fills them
from each tenant's data in that tenant's scope (``jobs.py`` every ten minutes, ``kring trainer
refresh`` at once), and ``read.py`` is the one way out of them."""

from kring.module import Module, PeriodicJob

module = Module(
    name="trainer",
    models=("kring.trainer.models",),
    blueprints=("kring.trainer.views:bp",),
    api=("kring.trainer.api:blp",),
    commands=("kring.trainer.cli:trainer",),
    jobs=(PeriodicJob(job="kring.trainer.jobs:refresh_everywhere", seconds=600),),
    platform_demo=("kring.trainer.demo:trainers",),
)
