"""Version 1 of the JSON API, under ``/t/<tenant>/api/v1``.

The OpenAPI document is served at ``/api/v1/openapi.json``.
"""

from __future__ import annotations

from flask import Flask
from flask_smorest import Api


def register_api(app: Flask, api: Api) -> None:
    from kring.api.v1 import circles, organisations, people, signals

    for blueprint in (organisations.blp, people.blp, circles.blp, signals.blp):
        api.register_blueprint(blueprint)
