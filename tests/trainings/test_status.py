"""Where people stand with their courses and checks (``training_status``): valid, lapsing,
lapsed, missing or excepted, renewals counting from the latest, one query whatever the number
of people."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from kring.core.methodology import Methodology, Screening, Trained, add_months
from kring.core.rules import Refused
from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.people import service as people
from kring.people.models import Person
from kring.testing.builders import hooks_for
from kring.trainings import service as trainings

TODAY = date(2026, 3, 2)


@pytest.fixture
def proefkring(app: Any) -> Methodology:
    return hooks_for(app, "proefkring").methodology


def _person(name: str = "Gerda Gids") -> Person:
    return people.create_person(None, name=name, postcode="1111AA")


def _course(m: Methodology, key: str) -> Any:
    course = m.training(key)
    assert course is not None
    return course


def _check(m: Methodology) -> Screening:
    check = m.screening("verklaring")
    assert check is not None
    return check


def test_add_months_keeps_the_day_within_the_month() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


def test_everything_is_missing_for_someone_with_nothing_recorded(
    tenant: Tenant, proefkring: Methodology
) -> None:
    person = _person()
    assert trainings.training_status([person.id], proefkring, TODAY) == {
        person.id: {"basis": "missing", "opfrisdag": "missing", "verklaring": "missing"}
    }


def test_a_course_without_validity_stays_valid(tenant: Tenant, proefkring: Methodology) -> None:
    person = _person()
    record = trainings.record_training(
        person, _course(proefkring, "basis"), date(2015, 1, 1), None, TODAY
    )
    assert record.expires_on is None
    assert trainings.training_status([person.id], proefkring, TODAY)[person.id]["basis"] == "valid"


def test_a_yearly_course_lapses_after_a_year_and_warns_a_month_before(
    tenant: Tenant, proefkring: Methodology
) -> None:
    person = _person()
    course = _course(proefkring, "opfrisdag")
    record = trainings.record_training(person, course, date(2025, 3, 20), None, TODAY)
    assert record.expires_on == date(2026, 3, 20)

    def on(day: date) -> str:
        return trainings.training_status([person.id], proefkring, day)[person.id]["opfrisdag"]

    assert on(date(2026, 2, 1)) == "valid"
    assert on(date(2026, 3, 2)) == "lapsing"
    assert on(date(2026, 3, 20)) == "lapsing"  # the last day it is valid
    assert on(date(2026, 3, 21)) == "lapsed"


def test_a_later_completion_renews_a_lapsed_one(tenant: Tenant, proefkring: Methodology) -> None:
    person = _person()
    course = _course(proefkring, "opfrisdag")
    trainings.record_training(person, course, date(2024, 1, 10), None, TODAY)
    assert trainings.training_status([person.id], proefkring, TODAY)[person.id]["opfrisdag"] == (
        "lapsed"
    )
    trainings.record_training(person, course, date(2026, 2, 10), None, TODAY)
    assert trainings.training_status([person.id], proefkring, TODAY)[person.id]["opfrisdag"] == (
        "valid"
    )
    assert len(trainings.trainings_of(person)) == 2  # the history stays


def test_recording_the_same_day_again_changes_nothing(
    tenant: Tenant, proefkring: Methodology
) -> None:
    person = _person()
    course = _course(proefkring, "basis")
    first = trainings.record_training(person, course, date(2026, 1, 5), None, TODAY)
    again = trainings.record_training(person, course, date(2026, 1, 5), None, TODAY)
    assert first.id == again.id


def test_a_completion_in_the_future_is_refused_as_input(
    tenant: Tenant, proefkring: Methodology
) -> None:
    with pytest.raises(Refused) as refused:
        trainings.record_training(
            _person(), _course(proefkring, "basis"), date(2026, 3, 3), None, TODAY
        )
    assert refused.value.status == 422


def test_an_exception_covers_a_missing_course_until_its_day(
    tenant: Tenant, proefkring: Methodology
) -> None:
    person = _person()
    trainings.grant_exception(
        person, _course(proefkring, "basis"), "Trained elsewhere", None, TODAY, date(2026, 6, 30)
    )

    def on(day: date) -> str:
        return trainings.training_status([person.id], proefkring, day)[person.id]["basis"]

    assert on(TODAY) == "exception"
    assert on(date(2026, 6, 30)) == "exception"
    assert on(date(2026, 7, 1)) == "missing"


def test_a_valid_completion_outranks_an_exception(tenant: Tenant, proefkring: Methodology) -> None:
    person = _person()
    course = _course(proefkring, "basis")
    trainings.grant_exception(person, course, "Booked for April", None, TODAY)
    trainings.record_training(person, course, TODAY, None, TODAY)
    assert trainings.training_status([person.id], proefkring, TODAY)[person.id]["basis"] == "valid"


def test_an_exception_needs_a_reason_and_no_past_end(
    tenant: Tenant, proefkring: Methodology
) -> None:
    with pytest.raises(Refused) as refused:
        trainings.grant_exception(
            _person(), _course(proefkring, "basis"), "  ", None, TODAY, date(2026, 3, 1)
        )
    assert [u.rule for u in refused.value.unmet] == ["exception.reason", "exception.until"]
    assert refused.value.status == 422


def test_a_check_is_valid_for_the_tenants_own_period(
    tenant: Tenant, proefkring: Methodology
) -> None:
    person, other = _person(), _person("Mo Maatje")
    check = _check(proefkring)
    first = trainings.record_screening(person, check, date(2024, 3, 1), None, TODAY)
    assert first.expires_on == date(2026, 3, 1)  # the methodology's 24 months
    trainings.set_renewal_period(check, 36)
    second = trainings.record_screening(other, check, date(2024, 3, 1), None, TODAY)
    assert second.expires_on == date(2027, 3, 1)
    status = trainings.training_status([person.id, other.id], proefkring, TODAY)
    assert (status[person.id]["verklaring"], status[other.id]["verklaring"]) == ("lapsed", "valid")


def test_status_costs_one_query(
    tenant: Tenant, proefkring: Methodology, count_queries: Any
) -> None:
    crowd = [_person(f"Persoon {n}") for n in range(12)]
    for person in crowd:
        trainings.record_training(person, _course(proefkring, "basis"), TODAY, None, TODAY)
        trainings.record_screening(person, _check(proefkring), TODAY, None, TODAY)
    db.session.flush()
    with count_queries() as queries:
        status = trainings.training_status([p.id for p in crowd], proefkring, TODAY)
    assert len(status) == 12
    assert queries.count == 1  # completions, exceptions and checks side by side


def test_a_methodology_without_courses_answers_without_a_query(
    tenant: Tenant, proefkring: Methodology, count_queries: Any
) -> None:
    bare = replace(
        proefkring,
        trainings=(),
        screenings=(),
        roles=tuple(replace(r, needs_training=()) for r in proefkring.roles),
        requirements=tuple(r for r in proefkring.requirements if not isinstance(r, Trained)),
    )
    person = _person()
    with count_queries() as queries:
        assert trainings.training_status([person.id], bare, TODAY) == {person.id: {}}
    assert queries.count == 0
