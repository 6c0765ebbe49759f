"""Per-tenant settings: whom a municipality's neighbourhood teams reach first.

Wijk bij Duurstede starts with residents aged 75 and over, where loneliness is greatest, and
means to widen the group once the teams stand. Another municipality may start elsewhere, so the
age is a setting rather than a rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kring.core.methodology import TargetGroup


@dataclass(frozen=True, slots=True)
class VerbondenSettings:
    target_min_age: int = 75
    """Residents this old or older are the target group."""

    def __post_init__(self) -> None:
        age = self.target_min_age
        if isinstance(age, bool) or not isinstance(age, int) or not 0 < age < 120:
            raise ValueError(f"target_min_age must be a whole number from 1 to 119, got {age!r}")


def is_in_target_group(birth_date: date | None, today: date, settings: VerbondenSettings) -> bool:
    """Whether a resident born on ``birth_date`` belongs to the target group on ``today``, at
    the tenant's age (the core's rule: an unknown birth date is not in the group)."""
    return TargetGroup(min_age=settings.target_min_age).includes(birth_date, today)
