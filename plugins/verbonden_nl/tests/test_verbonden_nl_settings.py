"""The target group a tenant's buurtteams reach first: 75 and over unless set otherwise."""

from __future__ import annotations

from datetime import date

import pytest
from kring_verbonden_nl.settings import VerbondenSettings, is_in_target_group

from kring.plugins import MethodologyHooks

TODAY = date(2026, 3, 2)


def test_settings_schema_is_the_verbonden_settings_when_a_tenant_syncs(
    hooks: MethodologyHooks,
) -> None:
    assert hooks.settings_schema() is VerbondenSettings


def test_target_group_starts_at_75_when_nothing_is_set() -> None:
    settings = VerbondenSettings()

    assert settings.target_min_age == 75
    assert is_in_target_group(date(1951, 3, 2), TODAY, settings)
    assert not is_in_target_group(date(1951, 3, 3), TODAY, settings)


def test_target_group_follows_the_tenant_when_the_age_is_set() -> None:
    settings = VerbondenSettings(target_min_age=65)

    assert is_in_target_group(date(1961, 3, 1), TODAY, settings)
    assert not is_in_target_group(date(1961, 3, 3), TODAY, settings)


def test_birthday_on_29_february_counts_from_1_march_when_the_year_has_none() -> None:
    settings = VerbondenSettings()

    assert not is_in_target_group(date(1952, 2, 29), date(2027, 2, 28), settings)
    assert is_in_target_group(date(1952, 2, 29), date(2027, 3, 1), settings)


def test_resident_is_outside_the_target_group_when_the_birth_date_is_unknown() -> None:
    assert not is_in_target_group(None, TODAY, VerbondenSettings())


@pytest.mark.parametrize("age", [0, -1, 120, 150, True, "75", 75.0])
def test_settings_are_refused_when_the_age_is_not_between_1_and_119(age: object) -> None:
    with pytest.raises(ValueError, match="target_min_age"):
        VerbondenSettings(target_min_age=age)  # type: ignore[arg-type]


@pytest.mark.parametrize("age", [1, 119])
def test_settings_are_accepted_when_the_age_is_at_an_edge(age: int) -> None:
    assert VerbondenSettings(target_min_age=age).target_min_age == age
