"""Load with wrk: a page against the ceiling in alternating rounds, and single-request timing.

Rounds alternate (ceiling, page, ceiling, page, ...) so that whatever else the machine does
during the run weighs on both sides alike; the ratio of their throughputs is then a property
of the page, comparable between runs and machines, where raw requests/s are not.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path

LUA = Path(__file__).with_name("latency.lua")


@dataclass(frozen=True)
class WrkSettings:
    threads: int
    connections: int
    timeout: str = "30s"  # wrk's default of 2 s would count a slow page as an error

    def describe(self) -> str:
        return f"-t{self.threads} -c{self.connections} --timeout {self.timeout}"


LOAD = WrkSettings(threads=2, connections=8)
SINGLE = WrkSettings(threads=1, connections=1)  # one request at a time: no queueing


@dataclass(frozen=True)
class Run:
    """One wrk run, as ``latency.lua`` reports it (times in microseconds)."""

    requests: int
    duration_us: int
    bytes: int
    requests_per_s: float
    p50_us: int
    p95_us: int
    p99_us: int
    non2xx: int
    connect_errors: int
    read_errors: int
    write_errors: int
    timeouts: int

    @property
    def failures(self) -> int:
        """Answers that were not 2xx or never came: any of them makes the figures meaningless."""
        errors = self.connect_errors + self.read_errors + self.write_errors + self.timeouts
        return self.non2xx + errors


@dataclass(frozen=True)
class Comparison:
    """A page and the ceiling measured in the same alternating rounds."""

    page: list[Run]
    ceiling: list[Run]

    @property
    def requests_per_s(self) -> float:
        return _throughput(self.page)

    @property
    def ceiling_requests_per_s(self) -> float:
        return _throughput(self.ceiling)

    @property
    def ratio(self) -> float:
        return self.requests_per_s / self.ceiling_requests_per_s

    def percentile_ms(self, name: str) -> float:
        """The median over the rounds of one percentile: wrk cannot merge its histograms."""
        return statistics.median(getattr(run, f"{name}_us") for run in self.page) / 1000

    @property
    def failures(self) -> int:
        return sum(run.failures for run in self.page + self.ceiling)


def _throughput(runs: list[Run]) -> float:
    return sum(r.requests for r in runs) / (sum(r.duration_us for r in runs) / 1e6)


def require_wrk() -> str:
    """wrk's version line; without wrk, say how to install it instead of failing midway."""
    if shutil.which("wrk") is None:
        raise SystemExit("bench: wrk is missing. Install it: apt-get install -y wrk")
    done = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
    return (done.stdout or done.stderr).splitlines()[0].split(" Copyright")[0].strip()


def wrk(url: str, headers: dict[str, str], settings: WrkSettings, seconds: float) -> Run:
    """One wrk run against ``url``; returns what ``latency.lua`` prints."""
    command = ["wrk", f"-t{settings.threads}", f"-c{settings.connections}"]
    command += [f"-d{seconds:g}s", "--timeout", settings.timeout, "-s", str(LUA)]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    done = subprocess.run([*command, url], capture_output=True, text=True, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("BENCH ")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"bench: wrk failed on {url}:\n{done.stdout}{done.stderr}")
    return Run(**json.loads(lines[-1].removeprefix("BENCH ")))


def compare(
    ceiling_url: str, page_url: str, headers: dict[str, str], rounds: int, seconds: float
) -> Comparison:
    """Alternate ceiling and page under ``LOAD``, ``rounds`` times each, ceiling first."""
    ceiling, page = [], []
    for _ in range(rounds):
        ceiling.append(wrk(ceiling_url, headers, LOAD, seconds))
        page.append(wrk(page_url, headers, LOAD, seconds))
    return Comparison(page=page, ceiling=ceiling)
