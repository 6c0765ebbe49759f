"""The network picture drawn on the server: members on a circle, lines as thick as their count,
and the months' bars. Only coordinates here; the template writes the SVG and its text twin."""

from __future__ import annotations

import math
from dataclasses import dataclass

from kring.core.access import first_name
from kring.exchange.network import MonthCount, Network

SIZE = 320
"""The picture's square, in SVG units; it scales down to fit a 375 px screen."""
PAD = 40
"""Room left and right of the square for the names beside the outer dots."""
_RADIUS = 110
_DOT = 9


@dataclass(frozen=True)
class Dot:
    """A member on the circle, with where their name goes (the first name: the text
    alternative and the table beside the picture give the name as far as the reader reaches)."""

    person_id: int
    name: str
    label: str
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str


@dataclass(frozen=True)
class Line:
    """A line between two dots: ``kind`` "help" (helper to helped) or "met"."""

    kind: str
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    count: int
    source: str
    target: str


@dataclass(frozen=True)
class Picture:
    """The whole network picture: a square of ``size`` units with its dots and lines."""

    size: int
    dots: tuple[Dot, ...]
    lines: tuple[Line, ...]

    @property
    def view_box(self) -> str:
        return f"{-PAD} 0 {self.size + 2 * PAD} {self.size}"


def draw(net: Network) -> Picture:
    """Members evenly on a circle (the first at the top), and each edge as a line whose width
    grows with its count; a help line stops short of the dot it points at, for its arrow."""
    centre = SIZE / 2
    count = max(len(net.members), 1)
    dots = []
    for i, member in enumerate(net.members):
        angle = -math.pi / 2 + 2 * math.pi * i / count
        x, y = centre + _RADIUS * math.cos(angle), centre + _RADIUS * math.sin(angle)
        lx, ly = (
            centre + (_RADIUS + 18) * math.cos(angle),
            centre + (_RADIUS + 18) * math.sin(angle),
        )
        cos = math.cos(angle)
        anchor = "middle" if abs(cos) < 0.3 else ("start" if cos > 0 else "end")
        dots.append(
            Dot(
                member.person_id,
                member.name,
                first_name(member.name),
                _r(x),
                _r(y),
                _r(lx),
                _r(ly + 4),
                anchor,
            )
        )
    at = {d.person_id: d for d in dots}
    highest = max((e.count for e in net.edges), default=1)
    lines = []
    for edge in net.edges:
        a, b = at[edge.source], at[edge.target]
        x2, y2 = b.x, b.y
        if edge.kind == "help":
            length = math.hypot(b.x - a.x, b.y - a.y) or 1
            shorten = (_DOT + 4) / length
            x2, y2 = b.x - (b.x - a.x) * shorten, b.y - (b.y - a.y) * shorten
        width = 1.5 + 4.5 * edge.count / highest
        lines.append(
            Line(edge.kind, a.x, a.y, _r(x2), _r(y2), _r(width), edge.count, a.name, b.name)
        )
    return Picture(SIZE, tuple(dots), tuple(lines))


def _r(value: float) -> float:
    return round(value, 1)


@dataclass(frozen=True)
class Bar:
    """One month of help done as a bar: where it stands and how high it is."""

    month: MonthCount
    x: float
    height: float


CHART_HEIGHT = 100
BAR_STEP = 26


def bars(months: tuple[MonthCount, ...]) -> tuple[Bar, ...]:
    """The months' help done as bars, the highest month filling the chart."""
    highest = max((m.help_done for m in months), default=0) or 1
    return tuple(
        Bar(m, i * BAR_STEP + 4, _r(CHART_HEIGHT * m.help_done / highest))
        for i, m in enumerate(months)
    )
