"""The overview's chart: one bar split by status, its coordinates computed here so the page
draws an inline SVG without script, with the same counts in words beside it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kring.trainings.service import STATUSES

WIDTH = 300
"""The bar's width in the SVG's own units; it scales with the page."""


@dataclass(frozen=True)
class Segment:
    """One status's share of the bar."""

    status: str
    count: int
    x: float
    width: float


def bar(counts: Mapping[str, int], width: int = WIDTH) -> list[Segment]:
    """The statuses with a count, in the order of ``STATUSES``, side by side over ``width``."""
    total = sum(counts.get(s, 0) for s in STATUSES)
    segments: list[Segment] = []
    x = 0.0
    for status in STATUSES:
        count = counts.get(status, 0)
        if not count or not total:
            continue
        share = width * count / total
        segments.append(Segment(status, count, round(x, 2), round(share, 2)))
        x += share
    return segments
