"""Charts drawn on the server as SVG (the trainer's pages, the quality pages): the geometry is
worked out here, the template only places it (``_charts.html``), and every chart has the same
numbers in a table beside it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

ROW = 14
"""Height of one horizontal bar and its gap, in the drawing's units."""
WIDTH = 200


@dataclass(frozen=True)
class Bar:
    """One horizontal bar: its label, its value as shown, and where it is drawn."""

    label: str
    value: float
    y: int
    width: float


@dataclass(frozen=True)
class Bars:
    """A horizontal bar chart: its bars and the drawing's size."""

    bars: list[Bar]
    height: int
    width: int = WIDTH


def bars(values: Sequence[tuple[str, float | None]], top: float = 100) -> Bars:
    """Horizontal bars on a scale from 0 to ``top`` (fidelity: 0 to 100); a missing value
    draws no bar (the table says "not scored yet")."""
    drawn = [
        Bar(label, value, i * ROW, round(WIDTH * min(value, top) / top, 1) if top else 0)
        for i, (label, value) in enumerate(values)
        if value is not None
    ]
    return Bars(drawn, max(len(values), 1) * ROW)


@dataclass(frozen=True)
class Line:
    """A line over months: its points (``x,y`` pairs for ``<polyline>``) and dots."""

    points: str
    dots: list[tuple[float, float, float]]
    width: int
    height: int


def line(values: Sequence[float | None], top: float = 100, height: int = 80) -> Line:
    """A line of monthly values on a scale from 0 to ``top``; a month without a value is
    skipped, so the line joins the months that have one."""
    step = WIDTH / max(len(values) - 1, 1)
    dots = [
        (round(i * step, 1), round(height - height * min(v, top) / top, 1), v)
        for i, v in enumerate(values)
        if v is not None
    ]
    return Line(" ".join(f"{x},{y}" for x, y, _ in dots), dots, WIDTH, height)
