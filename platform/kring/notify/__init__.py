"""Everything that must reach a person: outbox rows first, then delivery by the workers."""

from kring.module import Module, PeriodicJob

module = Module(
    name="notify",
    models=("kring.notify.models",),
    blueprints=("kring.notify.views:bp",),
    init=("kring.notify.events:subscribe",),
    jobs=(
        PeriodicJob(job="kring.notify.jobs:sweep", seconds=60),
        PeriodicJob(job="kring.notify.rules:sweep_rules", seconds=300),
    ),
    demo=("kring.notify.demo:plan_reminders",),
)
