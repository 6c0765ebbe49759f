"""Signing in and out, resetting a password, and who the signed-in user is (``/api/v1/me``)."""

from kring.module import Module

module = Module(
    name="auth",
    blueprints=("kring.auth.views:bp",),
    api=("kring.auth.api:blp",),
    commands=("kring.auth.cli:users",),
)
