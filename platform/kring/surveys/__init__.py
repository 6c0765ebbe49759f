"""Outcome measurements: a methodology's surveys answered for a person, and their scores."""

from kring.module import Module

module = Module(
    name="surveys",
    models=("kring.surveys.models",),
    blueprints=("kring.surveys.views:bp",),
    api=("kring.surveys.api:blp",),
)
