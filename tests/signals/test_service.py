from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask

from kring.core.methodology import TargetGroup, age_on
from kring.core.rules import Refused
from kring.organisations import service as organisations
from kring.signals import service as signals
from kring.signals.models import Signal, SignalStatus
from kring.testing.factories import OrganisationFactory

TODAY = date(2026, 3, 2)


@pytest.fixture
def methodologies(app: Flask) -> Any:
    return app.extensions["kring.plugins"].methodologies()


def _report(
    destination: signals.Destination,
    name: str,
    postcode: str | None,
    born: date | None,
    reason: str = "Alleen",
    consent: bool = True,
) -> Signal:
    """A signal to ``destination`` (no team covers the postcodes used here)."""
    told = signals.Report(
        postcode=postcode or "1234AB",
        reason=reason,
        has_consent=consent,
        resident_name=name,
        birth_date=born,
    )
    return signals.report([destination], destination, told, None, TODAY)


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
    young = _report(destination, "Jonge Jan", None, date(1990, 1, 1))
    unknown = _report(destination, "Onbekend", None, None)
    old = _report(destination, "Oude Oma", "3961 ab", date(1945, 5, 5))
    handled = _report(destination, "Al Gebeld", None, date(1940, 1, 1))
    handled.status = SignalStatus.contacted
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


def test_a_signal_without_name_address_or_reason_is_refused_naming_each(
    tenant: Any, methodologies: Any
) -> None:
    destination = _destination(methodologies)
    with pytest.raises(Refused) as refused:
        _report(destination, " ", None, date(2030, 1, 1), reason="")
    assert [u.rule for u in refused.value.unmet] == [
        "signal.resident_name",
        "signal.reason",
        "signal.birth_date",
    ]


def test_the_order_comes_from_the_database_so_pages_follow_it(
    tenant: Any, methodologies: Any
) -> None:
    destination = _destination(methodologies, target_min_age=70)
    for n in range(3):
        _report(destination, f"Jong {n}", None, date(1990, 1, 1))
    for n in range(2):
        _report(destination, f"Oud {n}", None, date(1950, 1, 1))
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


def test_without_consent_no_name_or_birth_date_is_kept(tenant: Any, methodologies: Any) -> None:
    destination = _destination(methodologies)
    told = signals.Report(
        postcode="1234AB",
        reason="Gordijnen altijd dicht",
        has_consent=False,
        resident_name="Gerrit Geheim",
        address="Dorpsstraat 4",
        birth_date=date(1940, 1, 1),
    )
    signal = signals.report([destination], destination, told, None, TODAY)
    assert (signal.resident_name, signal.birth_date, signal.has_consent) == (None, None, False)
    assert (signal.address, signal.postcode) == ("Dorpsstraat 4", "1234AB")


def test_no_team_and_no_organisation_chosen_is_refused(tenant: Any, methodologies: Any) -> None:
    destination = _destination(methodologies)
    told = signals.Report(postcode="9999ZZ", reason="Alleen", has_consent=True, address="Weg 1")
    with pytest.raises(Refused) as refused:
        signals.report([destination], None, told, None, TODAY)
    assert [u.rule for u in refused.value.unmet] == ["signal.destination"]
