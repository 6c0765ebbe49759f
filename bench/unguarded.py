"""Kring without its two per-request safeguards, served only by ``bench/safeguards.py``.

The database wall (row-level security, and the ``set_config`` that tells PostgreSQL the tenant
of each transaction) and the access log are what Kring adds to every request that reads a
resident, beyond the ORM's own tenant filter. To price them, this serves the same app with the
PostgreSQL superuser (to whom row-level security does not apply), without the per-transaction
setting (only the request's read of its tenant still carries it, in the same round trip) and
without writing the access log. Never anything but a measurement: it is Kring
with one wall down and its record of who read whom switched off.
"""

from __future__ import annotations

from typing import Any

import kring.access.log as access_log
import kring.core.tenancy as tenancy


def _nothing(*_args: Any, **_kwargs: Any) -> None:
    """Stands in for the safeguard it replaces."""


access_log._write = _nothing  # type: ignore[assignment]
tenancy._apply_setting = _nothing

from kring.wsgi import app  # noqa: E402  (after the safeguards are replaced)

__all__ = ["app"]
