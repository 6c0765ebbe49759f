"""The fidelity score: how faithfully a circle follows its methodology, 0 to 100.

The score weighs the methodology's audit criteria (``AuditCriterion.weight``): the share of the
weight whose criteria are met. A criterion the data cannot judge yet (an automatic check that
answers "cannot tell", such as weekly meetings for a circle two weeks old) is left out of the
sum, so a young circle is not punished for its age; a manual criterion without evidence counts
as not met, because the circle can change that and the score should say so. What would raise
the score is the unmet criteria's advice, the biggest gain first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kring.core.methodology import AuditCriterion, Phrase


@dataclass(frozen=True)
class Gain:
    """One unmet criterion and how many points meeting it would add to the score."""

    key: str
    title: Phrase
    advice: Phrase | None
    points: int


@dataclass(frozen=True)
class Fidelity:
    """A circle's score from its criteria, or ``None`` when no criterion could be judged."""

    score: int | None
    met: Mapping[str, bool | None]
    gains: tuple[Gain, ...]


def score(criteria: Sequence[AuditCriterion], met: Mapping[str, bool | None]) -> Fidelity:
    """The score (rounded to whole points) from whether each criterion is met, with the gains
    of each unmet one, biggest first. ``met[key]`` is None for "cannot tell"; a manual
    criterion missing from ``met`` counts as not met, an automatic one as "cannot tell"."""
    judged = {c.key: _judged(c, met) for c in criteria}
    counted = [c for c in criteria if judged[c.key] is not None]
    total = sum(c.weight for c in counted)
    if total == 0:
        return Fidelity(None, judged, ())
    got = sum(c.weight for c in counted if judged[c.key])
    now = round(100 * got / total)
    gains = [
        Gain(c.key, c.title, c.advice, round(100 * (got + c.weight) / total) - now)
        for c in counted
        if not judged[c.key]
    ]
    gains.sort(key=lambda g: (-g.points, g.key))
    return Fidelity(now, judged, tuple(gains))


def _judged(criterion: AuditCriterion, met: Mapping[str, bool | None]) -> bool | None:
    if criterion.key in met:
        value = met[criterion.key]
        if value is None and not criterion.is_automatic:
            return False
        return value
    return None if criterion.is_automatic else False
