"""What operators see of a running Kring: Prometheus metrics, structured logs, Sentry.

Not a domain area (it has no pages of a tenant, no tables): like ``http/`` and ``jobs/`` it
serves every area. ``init_observe(app)`` wires it in at start-up:

- ``logs.py``: one log line per event, JSON (production) or text, each carrying the request
  id and tenant slug of the request, or the job id, job and tenant of the job, it belongs to
  (``context.py``), and never personal data: no paths with tokens, no query strings, no bodies.
- ``requests.py``: the request id (``X-Request-ID``: the proxy's when sane, else a new one,
  echoed back), one access line per request, and the latency histogram.
- ``metrics.py``: ``/metrics`` for Prometheus, guarded by ``KRING_METRICS_TOKEN``; latency per
  endpoint, the job queue, job outcomes (counted in Redis by ``outcomes.py``, so any web pod
  reports what every worker did) and the outbox backlog, read when Prometheus asks.
- ``sentry.py``: errors to Sentry when ``KRING_SENTRY_DSN`` is set, stripped of personal data.
- ``gunicorn.py``: the gunicorn configuration that makes the latency histogram add up over
  every worker process (``gunicorn -c python:kring.observe.gunicorn kring.wsgi:app``).
"""

from __future__ import annotations

from flask import Flask


def init_observe(app: Flask) -> None:
    """Logs and Sentry first (so start-up problems are reported), then the request hooks and
    ``/metrics``. Called by ``create_app`` before the request layer, so the request id and the
    clock are set before any other hook can refuse the request."""
    from kring.observe.logs import init_logging
    from kring.observe.metrics import bp
    from kring.observe.requests import init_requests
    from kring.observe.sentry import init_sentry

    config = app.extensions["kring.config"]
    init_logging(config)
    init_sentry(config)
    init_requests(app)
    app.register_blueprint(bp)
