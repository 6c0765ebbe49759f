"""Per-tenant settings: whom a municipality's neighbourhood teams reach first.

Wijk bij Duurstede starts with residents aged 75 and over, where loneliness is greatest, and
means to widen the group once the teams stand. Another municipality may start elsewhere, so the
age is a setting rather than a rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kring.core import signals


@dataclass(frozen=True, slots=True)
class VerbondenSettings:
    target_min_age: int = 75
    """Residents this old or older are the target group."""

    def __post_init__(self) -> None:
        age = self.target_min_age
        if isinstance(age, bool) or not isinstance(age, int) or not 0 < age < 120:
            raise ValueError(f"target_min_age must be a whole number from 1 to 119, got {age!r}")


def is_in_target_group(birth_date: date | None, today: date, settings: VerbondenSettings) -> bool:
    """Whether a resident born on ``birth_date`` belongs to the target group on ``today``.

    An unknown birth date is not in the group: the teams may still help such a resident, but a
    list of whom to approach first should not guess.
    """
    return signals.is_in_target_group(birth_date, today, settings.target_min_age)
