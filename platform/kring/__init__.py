"""Kring: a multi-tenant platform for small neighbourhood support networks.

Plugin authors import ``hookimpl`` from here; everything else starts at
``create_app``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

__version__ = "0.1.0"

hookimpl = pluggy.HookimplMarker("kring")

if TYPE_CHECKING:
    from flask import Flask

__all__ = ["__version__", "create_app", "hookimpl"]


def create_app(config: Any = None) -> Flask:
    """Build the Flask application (imported lazily so plugins can import ``hookimpl`` cheaply)."""
    from kring.app import create_app as _create_app

    return _create_app(config)
