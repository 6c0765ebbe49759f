"""The pseudonymised research export: one row per circle per month of a year, for evaluations
of the circles a viewer is responsible for.

Pseudonymised by construction: the circle is named by an HMAC of its number under a key made
for this one export and then forgotten (stable within the file, different in the next, and not
to be turned back into the circle); every column is a phase, a count, an average or a score,
never a name, address, note or free text; a count of people under five, and an average
resting on fewer than five answers, is left empty so a small circle's residents cannot be
singled out. Its columns are documented in ``docs/research-export.md``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kring.core.methodology import Methodology
from kring.reports.yearly import Month

SMALL = 5
"""A count of people under this, or an average over fewer answers, is left empty."""

COLUMNS = (
    "circle",
    "methodology",
    "organisation_kind",
    "month",
    "phase",
    "participants",
    "meetings_held",
    "attendance_pct",
    "help_done",
    "fidelity",
)
"""The fixed columns; then two per outcome instrument of the methodologies in the export:
``<instrument>_average`` and ``<instrument>_answers``."""


@dataclass(frozen=True)
class Export:
    """The export's rows, with what the access log needs: how many residents' records it was
    drawn from."""

    header: tuple[str, ...]
    rows: list[tuple[object, ...]]
    residents: int


def counted(number: int) -> int | None:
    """A count of people as it may leave Kring: empty under five."""
    return number if number >= SMALL else None


def averaged(values: Sequence[float]) -> float | None:
    """An average as it may leave Kring: empty when it rests on fewer than five answers."""
    return round(sum(values) / len(values), 2) if len(values) >= SMALL else None


def attendance(month: Month) -> int | None:
    """The share of attendance records that say present, in percent; empty for a circle of
    fewer than five participants or without attendance taken."""
    if not month.attendance_taken or len(month.participants) < SMALL:
        return None
    return round(100 * month.present / month.attendance_taken)


def export(months: Sequence[Month], methodologies: Mapping[str, Methodology]) -> Export:
    """The research export of ``months`` (from ``yearly.year_of``)."""
    surveys = sorted({s.key for m in methodologies.values() for s in m.surveys})
    header = (*COLUMNS, *(f"{key}_{part}" for key in surveys for part in ("average", "answers")))
    key = secrets.token_bytes(32)  # this export's alone, forgotten when it is written
    residents: set[int] = set()
    rows: list[tuple[object, ...]] = []
    for month in months:
        residents |= month.participants
        pseudonym = hmac.new(key, str(month.circle_id).encode(), hashlib.sha256).hexdigest()[:16]
        outcomes: list[object] = []
        for survey in surveys:
            values = month.outcomes.get(survey, ())
            outcomes += [averaged(values), counted(len(values))]
        rows.append(
            (
                pseudonym,
                month.methodology_key,
                month.organisation_kind,
                month.month.strftime("%Y-%m"),
                month.phase,
                counted(len(month.participants)),
                month.meetings_held,
                attendance(month),
                month.help_done,
                month.fidelity,
                *outcomes,
            )
        )
    return Export(header, rows, len(residents))
