"""Gunicorn's configuration for Kring's web pods: ``gunicorn -c python:kring.observe.gunicorn``.

Each gunicorn worker is a process with its own memory, so a scrape of ``/metrics`` would see only
the share of the worker that answered it. prometheus_client's multiprocess mode has every worker
write its metrics to files in ``PROMETHEUS_MULTIPROC_DIR``, and the answering worker adds them
all up. That folder must be set before any worker imports prometheus_client, and must start
empty; this module does both:

- imported by gunicorn's master before the app (and before any fork), it sets
  ``PROMETHEUS_MULTIPROC_DIR`` to a new temporary folder when the environment has none (the Helm
  chart may mount an ``emptyDir`` there instead), which every worker inherits;
- ``on_starting`` empties the folder (metrics of an earlier run would be added again);
- ``child_exit`` marks a worker that ended as dead (prometheus_client's bookkeeping for live
  gauges; counters and histograms keep what the dead worker counted, as they should);
- ``on_exit`` removes the folder if this module made it.

It also keeps gunicorn's own access log off (Kring writes one access line per request, without
query strings) and sends gunicorn's error log through Kring's log format (``KRING_LOG_FORMAT``).
Every other setting still comes from the command line (``--bind``, ``--workers``). Names that
are not gunicorn settings start with an underscore: gunicorn reads every other global here.
"""

from __future__ import annotations

import os as _os
import shutil as _shutil
import sys as _sys
import tempfile as _tempfile
from pathlib import Path as _Path
from typing import Any as _Any

_MULTIPROC = "PROMETHEUS_MULTIPROC_DIR"
_made_here: str | None = None

# Only when gunicorn reads this module: a test or tool importing every module of Kring must
# not find its environment changed.
if "gunicorn.app.base" in _sys.modules and not _os.environ.get(_MULTIPROC):
    _made_here = _tempfile.mkdtemp(prefix="kring-prometheus-")
    _os.environ[_MULTIPROC] = _made_here

wsgi_app = "kring.wsgi:app"
accesslog = None


def _json_logs() -> bool:
    given = _os.environ.get("KRING_LOG_FORMAT", "")
    return given == "json" or (not given and _os.environ.get("KRING_ENV") == "production")


logconfig_dict: dict[str, _Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "kring": {
            "()": "kring.observe.logs.JsonFormatter"
            if _json_logs()
            else "kring.observe.logs.TextFormatter"
        }
    },
    "handlers": {
        "error_console": {
            "class": "logging.StreamHandler",
            "formatter": "kring",
            "stream": "ext://sys.stderr",
        }
    },
    # The app puts its own handler on the root logger in each worker (kring.observe.logs).
    "root": {"level": "INFO", "handlers": []},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
        # gunicorn writes access lines whenever a log configuration is given; they would carry
        # paths and query strings, so they go nowhere (Kring's own access line has neither).
        "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
    },
}


def _empty(folder: str) -> None:
    path = _Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    for leftover in path.glob("*.db"):
        leftover.unlink()


def on_starting(_server: _Any) -> None:
    """Before the first worker: start from an empty metrics folder."""
    _empty(_os.environ[_MULTIPROC])


def child_exit(_server: _Any, worker: _Any) -> None:
    """A worker ended (restarted, killed, timed out): tell prometheus_client."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(_server: _Any) -> None:
    """Gunicorn stops: remove the folder this module made (one set from outside stays)."""
    if _made_here:
        _shutil.rmtree(_made_here, ignore_errors=True)
