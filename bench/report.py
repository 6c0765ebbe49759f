"""The Markdown report: the machine, the settings, and one row per page.

Raw requests/s depend on the machine; the ratio to the ceiling and the query counts do not,
so those are the figures to compare between runs. The machine is described anyway, to tell
whether two reports are comparable at all.
"""

from __future__ import annotations

import os
import platform
import statistics
from dataclasses import dataclass, field
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

from pages import Page
from servers import GUNICORN_SETTINGS
from wrkload import LOAD, SINGLE, Comparison


@dataclass
class PageResult:
    """Everything measured for one page, per tenant size (number of people)."""

    page: Page
    queries: dict[int, int] = field(default_factory=dict)
    median_ms: dict[int, float] = field(default_factory=dict)
    load: dict[int, Comparison] = field(default_factory=dict)

    def growth(self, small: int, large: int) -> float:
        return self.median_ms[large] / self.median_ms[small]


@dataclass(frozen=True)
class Setup:
    """How the figures were taken, for the report's header."""

    postgres: str
    wrk: str
    rounds: int
    seconds: float
    warmup_seconds: float
    idle_rounds: int
    idle_seconds: float
    seeding_seconds: dict[int, float]
    load_average: str
    """``/proc/loadavg`` before the run: above zero, something else was using the CPUs."""


def machine() -> list[tuple[str, str]]:
    """CPU model, cores, memory, Python: what makes raw numbers differ between machines."""
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if "model name" in line),
        platform.processor() or "unknown",
    )
    meminfo = Path("/proc/meminfo").read_text().split()
    ram_gib = int(meminfo[meminfo.index("MemTotal:") + 1]) / 1024**2
    return [
        ("CPU", model),
        ("Cores", str(os.cpu_count())),
        ("RAM", f"{ram_gib:.1f} GiB"),
        ("Python", platform.python_version()),
    ]


def render(results: list[PageResult], setup: Setup, sizes: tuple[int, int], total: float) -> str:
    """The whole report as Markdown."""
    small, large = sizes
    settings = " ".join(GUNICORN_SETTINGS)
    lines = [
        "# Kring page benchmark",
        "",
        f"Date: {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}. Run took {total / 60:.1f} min.",
        "",
        *(f"- {name}: {value}" for name, value in machine()),
        f"- Load average before the run (1, 5, 15 min): {setup.load_average}",
        f"- PostgreSQL: {setup.postgres}",
        f"- Gunicorn {version('gunicorn')} (Kring and ceiling alike): `{settings}`",
        f"- {setup.wrk}: load `{LOAD.describe()}`, {setup.warmup_seconds:g} s warm-up per page "
        f"and size, then {setup.rounds} alternating rounds of {setup.seconds:g} s "
        f"(ceiling, page, ...)",
        f"- Median time of one request: `{SINGLE.describe()}` (one at a time, idle server), "
        f"{setup.idle_rounds} rounds of {setup.idle_seconds:g} s alternating between the sizes "
        f"({small}, {large}, ...), median of the rounds' medians",
        "- Seeding (`kring tenants sync`): "
        + ", ".join(f"{n:,} people {s:.1f} s" for n, s in setup.seeding_seconds.items()),
        "",
        f"Load figures at {large:,} people. Ratio: the page's requests/s over the ceiling's "
        "(one primary-key query in bare Flask + Flask-SQLAlchemy) in the same alternating "
        "rounds; compare ratios between runs, raw requests/s only on a quiet machine. "
        "Latencies under load: median of the rounds.",
        "",
        f"| page | queries {small} | queries {large} | median ms {small} | median ms {large} "
        f"| growth ({large}/{small}) | req/s | ratio to ceiling | p50 ms | p95 ms | p99 ms |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in results:
        lines.append(
            f"| {r.page.name} | {r.queries[small]} | {r.queries[large]} "
            f"| {r.median_ms[small]:.1f} | {r.median_ms[large]:.1f} "
            f"| {r.growth(small, large):.2f}x | {_load_cells(r.load.get(large))} |"
        )
    lines += _ceiling_note(results, large)
    lines += goals(results, sizes)
    if all(small in r.load for r in results):
        lines += ["", f"Load figures at {small:,} people:", "", _small_table(results, small)]
        lines += _ceiling_note(results, small)
    return "\n".join(lines) + "\n"


RATIO_GOAL = 0.6
P95_GOAL_MS = 50.0
GOAL_PAGES = ("circle page", "circle API", "home", "volunteer home", "coach home")
"""The pages the throughput goal names: the circle page, the homes and the API circle detail."""


def goals(results: list[PageResult], sizes: tuple[int, int]) -> list[str]:
    """Each goal of the pages, met or missed: throughput at least 60% of the ceiling's and p95
    at most 50 ms at 8 connections for the goal's pages, and the same query count at both
    sizes for every page."""
    small, large = sizes
    lines = [
        "",
        "Goals (at the larger size, 8 concurrent connections):",
        "",
        "| page | ratio to ceiling (goal 0.60) | p95 ms (goal 50) | same queries at both sizes |",
        "|---|---|---|---|",
    ]
    for r in results:
        load = r.load.get(large)
        same = "met" if r.queries[small] == r.queries[large] else "missed"
        if r.page.name not in GOAL_PAGES or load is None:
            lines.append(f"| {r.page.name} | - | - | {same} |")
            continue
        ratio = f"{load.ratio:.2f} {'met' if load.ratio >= RATIO_GOAL else 'missed'}"
        p95 = load.percentile_ms("p95")
        lines.append(
            f"| {r.page.name} | {ratio} | {p95:.1f} {'met' if p95 <= P95_GOAL_MS else 'missed'} "
            f"| {same} |"
        )
    return lines


def _load_cells(c: Comparison | None) -> str:
    if c is None:
        return "- | - | - | - | -"
    return (
        f"{c.requests_per_s:.0f} | {c.ratio:.3f} | {c.percentile_ms('p50'):.1f} "
        f"| {c.percentile_ms('p95'):.1f} | {c.percentile_ms('p99'):.1f}"
    )


def _small_table(results: list[PageResult], size: int) -> str:
    rows = ["| page | req/s | ratio to ceiling | p50 ms | p95 ms | p99 ms |", "|---|" + "--:|" * 5]
    rows += [f"| {r.page.name} | {_load_cells(r.load[size])} |" for r in results]
    return "\n".join(rows)


def _ceiling_note(results: list[PageResult], size: int) -> list[str]:
    """The ceiling's own spread over its rounds: when it is wide, something else was using the
    machine, and only the ratios (taken in alternating rounds) remain comparable."""
    rates = [run.requests_per_s for r in results if size in r.load for run in r.load[size].ceiling]
    if not rates:
        return []
    return [
        "",
        f"Ceiling at {size:,} people: {min(rates):.0f} to {max(rates):.0f} req/s over its rounds "
        f"(median {statistics.median(rates):.0f}).",
    ]
