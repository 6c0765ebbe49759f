"""Everything that must reach a person: outbox rows first, then delivery by the workers."""

from kring.module import Module, PeriodicJob

module = Module(
    name="notify",
    models=("kring.notify.models",),
    jobs=(PeriodicJob(job="kring.notify.jobs:sweep", seconds=60),),
)
