"""Real ``kring worker`` and ``kring scheduler`` processes for tests: the commands an operator
runs, pointed at the test database, the test Redis and an SMTP sink on loopback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

KRING = Path(sys.executable).with_name("kring")


def worker_env(instance: Path, smtp_port: int, **settings: str) -> dict[str, str]:
    """The environment of a worker on the services of ``make test`` (``KRING_TEST_*``)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KRING_")}
    env.update(
        KRING_ENV="test",
        KRING_SECRET_KEY="test-secret-key-that-is-long-enough-000",
        KRING_DATABASE_URL=os.environ["KRING_TEST_DATABASE_URL"],
        KRING_REDIS_URL=os.environ["KRING_TEST_REDIS_URL"],
        KRING_INSTANCE_PATH=str(instance),
        KRING_MAIL_SERVER="127.0.0.1",
        KRING_MAIL_PORT=str(smtp_port),
        KRING_MAIL_USE_TLS="false",
    )
    env.update({f"KRING_{k.upper()}": v for k, v in settings.items()})
    return env


def start_worker(
    instance: Path, smtp_port: int, *args: str, log: IO[Any] | None = None, **settings: str
) -> subprocess.Popen[bytes]:
    """``kring worker`` in a process of its own (``args``: ``"--burst"``); its output goes to
    ``log`` (a file), or is dropped."""
    return start_kring("worker", instance, smtp_port, *args, log=log, **settings)


def start_kring(
    command: str,
    instance: Path,
    smtp_port: int,
    *args: str,
    log: IO[Any] | None = None,
    **settings: str,
) -> subprocess.Popen[bytes]:
    """``kring <command>`` (``worker``, ``scheduler``) in a process of its own."""
    return subprocess.Popen(
        [str(KRING), command, *args],
        env=worker_env(instance, smtp_port, **settings),
        stdout=log or subprocess.DEVNULL,
        stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
    )
