# syntax=docker/dockerfile:1
# The image the Helm chart in helm/kring runs: Kring, every methodology plugin under plugins/,
# Gunicorn, and WeasyPrint's libraries; non-root (user 10001), no compilers.
#
#   docker build -t registry.example.org/kring:0.1.0 .
#
# The same image runs every process; only the command differs (helm/kring/README.md):
#   web         gunicorn --config python:kring.observe.gunicorn ... kring.wsgi:app   (the CMD)
#   worker      kring worker
#   scheduler   kring scheduler                                  (exactly one)
#   migrations  kring db upgrade                                 (once per release)

# --- builder: wheels of Kring, the plugins and every dependency ----------------------------------
FROM python:3.11-slim AS builder

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
COPY . .

# The compiled translations (.mo) are not in git; the wheel's package data picks them up.
RUN pip install Babel \
 && pybabel compile --use-fuzzy -d platform/kring/translations -D messages

# One resolution for all of them, so each plugin's dependency on kring (and buurtkring_nl's on
# keyring_uk) is met by the local wheel, never by a package index.
RUN pip wheel --wheel-dir /wheels . plugins/*/

# --- runtime: installs the wheels; nothing to build with ----------------------------------------
FROM python:3.11-slim AS runtime

# WeasyPrint (PDF reports) loads Pango and HarfBuzz at run time; DejaVu gives it a font.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 \
      libpangoft2-1.0-0 \
      libharfbuzz0b \
      libharfbuzz-subset0 \
      fonts-dejavu-core \
      shared-mime-info \
 && rm -rf /var/lib/apt/lists/*

RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels \
    pip install --no-cache-dir --no-index --find-links=/wheels /wheels/*.whl

# The user the chart runs as (podSecurityContext.runAsUser); numeric below, so Kubernetes'
# runAsNonRoot can check it. /var/lib/kring is the instance folder (an emptyDir in the chart).
RUN groupadd --system --gid 10001 kring \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /var/lib/kring \
      --shell /usr/sbin/nologin kring \
 && mkdir -p /var/lib/kring /app \
 && chown 10001:10001 /var/lib/kring

# Tenants as code: `kring tenants sync /app/tenants` loads the shipped tenant files.
COPY --chown=root:root tenants /app/tenants

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    KRING_ENV=production \
    KRING_INSTANCE_PATH=/var/lib/kring

WORKDIR /app
USER 10001:10001
EXPOSE 8000

# No HEALTHCHECK: workers and the scheduler serve no HTTP. The web's health is GET /healthz.
CMD ["gunicorn", "--config", "python:kring.observe.gunicorn", "--bind", "0.0.0.0:8000", "--workers", "3", "--graceful-timeout", "20", "kring.wsgi:app"]
