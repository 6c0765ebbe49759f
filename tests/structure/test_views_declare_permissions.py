from __future__ import annotations

from flask import Flask

from kring.http.access import permission_of


def test_every_view_declares_its_permission(app: Flask) -> None:
    missing = [
        endpoint
        for endpoint, view in app.view_functions.items()
        if permission_of(view, endpoint) is None
    ]
    assert not missing, f"views without @requires(...) or @public: {missing}"
