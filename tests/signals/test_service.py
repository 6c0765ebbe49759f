from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask

from kring.core.methodology import TargetGroup, age_on
from kring.core.rules import Refused
from kring.organisations import service as organisations
from kring.signals import service as signals
from kring.signals.models import SignalStatus
from kring.testing.factories import OrganisationFactory

TODAY = date(2026, 3, 2)


@pytest.fixture
def methodologies(app: Flask) -> Any:
    return app.extensions["kring.plugins"].methodologies()


def _destination(methodologies: Any, **settings: Any) -> signals.Destination:
    organisation = OrganisationFactory()
    organisations.enable(organisation, "verbonden_nl", methodologies, None, settings or None)
    return next(
        d for d in signals.destinations(methodologies) if d.organisation.id == organisation.id
    )


def test_only_methodologies_with_a_target_group_take_signals(
    tenant: Any, methodologies: Any
) -> None:
    organisations.enable(OrganisationFactory(), "buurtcirkel_nl", methodologies, None)
    destination = _destination(methodologies)
    assert [d.methodology.key for d in signals.destinations(methodologies)] == ["verbonden_nl"]
    assert destination.min_age == 75


def test_the_organisation_may_set_its_own_target_age(tenant: Any, methodologies: Any) -> None:
    assert _destination(methodologies, target_min_age=70).min_age == 70


def test_target_group_new_signals_come_first(tenant: Any, methodologies: Any) -> None:
    destination = _destination(methodologies)
    young = signals.report(destination, "Jonge Jan", None, date(1990, 1, 1), "Alleen", None, TODAY)
    unknown = signals.report(destination, "Onbekend", None, None, "Alleen", None, TODAY)
    old = signals.report(
        destination, "Oude Oma", "3961 ab", date(1945, 5, 5), "Alleen", None, TODAY
    )
    handled = signals.report(
        destination, "Al Gebeld", None, date(1940, 1, 1), "Alleen", None, TODAY
    )
    signals.set_status(handled, SignalStatus.contacted, "Gebeld", None)
    rows = signals.listing(methodologies, TODAY).items
    assert [r.signal.resident_name for r in rows] == [
        "Oude Oma",
        "Jonge Jan",
        "Onbekend",
        "Al Gebeld",
    ]
    assert [r.in_target_group for r in rows] == [True, False, False, True]
    assert old.postcode == "3961AB"
    assert young.id and unknown.id


def test_the_target_age_counts_birthdays_exactly() -> None:
    group = TargetGroup(min_age=75)
    assert group.includes(date(1951, 3, 2), TODAY)
    assert not group.includes(date(1951, 3, 3), TODAY)
    assert not group.includes(None, TODAY)
    assert group.includes(date(1961, 3, 2), TODAY, min_age=65)


def test_a_signal_without_name_or_reason_is_refused_naming_both(
    tenant: Any, methodologies: Any
) -> None:
    destination = _destination(methodologies)
    with pytest.raises(Refused) as refused:
        signals.report(destination, " ", None, date(2030, 1, 1), "", None, TODAY)
    assert [u.rule for u in refused.value.unmet] == [
        "signal.name",
        "signal.reason",
        "signal.birth_date",
    ]


def test_the_order_comes_from_the_database_so_pages_follow_it(
    tenant: Any, methodologies: Any
) -> None:
    destination = _destination(methodologies, target_min_age=70)
    for n in range(3):
        signals.report(destination, f"Jong {n}", None, date(1990, 1, 1), "Alleen", None, TODAY)
    for n in range(2):
        signals.report(destination, f"Oud {n}", None, date(1950, 1, 1), "Alleen", None, TODAY)
    first = signals.listing(methodologies, TODAY, size=2)
    second = signals.listing(methodologies, TODAY, number=2, size=2)
    assert [r.signal.resident_name for r in first.items] == ["Oud 0", "Oud 1"]
    assert first.has_next and [r.signal.resident_name for r in second.items] == ["Jong 0", "Jong 1"]


def test_the_last_birth_date_of_the_group_agrees_with_counting_years() -> None:
    group = TargetGroup(min_age=75)
    for today in (date(2026, 3, 2), date(2028, 2, 29), date(2027, 2, 28), date(2026, 12, 31)):
        for offset in range(-400, 400):
            born = group.born_by(today) + timedelta(days=offset)
            age = age_on(born, today)
            assert group.includes(born, today) == (age is not None and age >= 75), (today, born)
    assert group.born_by(date(2028, 2, 29)) == date(1953, 2, 28)
