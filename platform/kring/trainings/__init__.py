"""Trainings and screening: the courses a methodology asks of each role, who completed them and
until when, exceptions recorded when a role is given without one, and the volunteers' VOG (NL)
or DBS (UK) checks with the tenant's renewal period, reminders before they lapse and a flag
when they have."""

from kring.module import Module

module = Module(
    name="trainings",
    models=("kring.trainings.models",),
    reminders=("kring.trainings.reminders:lapsing",),
)
