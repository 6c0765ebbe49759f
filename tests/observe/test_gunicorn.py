"""Under gunicorn with several worker processes, ``/metrics`` adds up every worker's requests,
whichever worker answers the scrape; the metrics folder is made, and removed, by the config."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return str(response.read().decode())


def _healthz_count(text: str) -> float:
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "kring_http_request_duration_seconds_count"
        and sample.labels["endpoint"] == "site.healthz"
    )


def test_metrics_add_up_over_gunicorn_workers_when_served_by_several(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("KRING_", "PROMETHEUS_"))},
        "PYTHONPATH": str(ROOT / "platform"),
        "KRING_INSTANCE_PATH": str(tmp_path / "instance"),
        "KRING_LOG_FORMAT": "json",
        "TMPDIR": str(tmp_path),
    }
    command = [sys.executable, "-m", "gunicorn", "-c", "python:kring.observe.gunicorn"]
    server = subprocess.Popen(
        [*command, "--workers", "2", "--bind", f"127.0.0.1:{port}"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(f"{base}/healthz")
                break
            except OSError:
                assert server.poll() is None, server.communicate()[1]
                assert time.monotonic() < deadline, "gunicorn did not answer"
                time.sleep(0.3)
        (folder,) = tmp_path.glob("kring-prometheus-*")
        time.sleep(2)  # both workers booted, so requests spread over them
        # the waiting above may have counted a probe more than once (one that timed out)
        before = _healthz_count(_get(f"{base}/metrics"))
        assert before >= 1
        for _ in range(20):
            _get(f"{base}/healthz")
        scrapes = [_healthz_count(_get(f"{base}/metrics")) for _ in range(6)]
        assert scrapes == [before + 20] * 6
        assert list(folder.glob("histogram_*.db"))  # a file per worker process that counted
    finally:
        server.send_signal(signal.SIGTERM)
        _out, err = server.communicate(timeout=30)
    assert not list(tmp_path.glob("kring-prometheus-*"))  # removed when gunicorn stopped
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines
    parsed = [json.loads(line) for line in lines]  # every line, gunicorn's own too, is JSON
    assert {"gunicorn.error", "kring.core.tenancy"} <= {line["logger"] for line in parsed}


def test_the_config_empties_a_given_folder_and_marks_dead_workers(tmp_path: Path) -> None:
    """An operator's folder (an emptyDir) is used as given: emptied when gunicorn starts, a
    dead worker's live gauges removed, and the folder itself left in place at the end."""
    folder = tmp_path / "metrics"
    folder.mkdir()
    for stale in ("counter_11.db", "histogram_11.db", "gauge_livesum_12.db", "gauge_all_12.db"):
        (folder / stale).write_bytes(b"")
    script = """
import os, sys, types
from kring.observe import gunicorn as config
assert os.environ["PROMETHEUS_MULTIPROC_DIR"] == sys.argv[1]
config.on_starting(None)
print(sorted(os.listdir(sys.argv[1])))
open(os.path.join(sys.argv[1], "gauge_livesum_12.db"), "w").close()
open(os.path.join(sys.argv[1], "histogram_12.db"), "w").close()
config.child_exit(None, types.SimpleNamespace(pid=12))
config.on_exit(None)
print(sorted(os.listdir(sys.argv[1])))
"""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("KRING_", "PROMETHEUS_"))},
        "PYTHONPATH": str(ROOT / "platform"),
        "PROMETHEUS_MULTIPROC_DIR": str(folder),
    }
    done = subprocess.run(
        [sys.executable, "-c", script, str(folder)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["[]", "['histogram_12.db']"]


def test_importing_the_config_outside_gunicorn_changes_nothing(tmp_path: Path) -> None:
    """Tools that import every module of Kring (tests walk them) get no metrics folder."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("KRING_", "PROMETHEUS_"))},
        "PYTHONPATH": str(ROOT / "platform"),
        "TMPDIR": str(tmp_path),
    }
    script = "import os, kring.observe.gunicorn; print(os.environ.get('PROMETHEUS_MULTIPROC_DIR'))"
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "None" and not list(tmp_path.iterdir())
