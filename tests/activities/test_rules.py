"""The calendar's rules: recurrences with their exceptions and summer time, the filters, and
what an organiser may not enter."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from kring.activities import service
from kring.activities.words import repeat_of, rrule_for
from kring.people import service as people
from tests.activities.conftest import an_activity


def test_a_weekly_activity_repeats_without_its_exceptions_when_expanded(tenant: object) -> None:
    walk = an_activity(rrule="FREQ=WEEKLY", exdates=(date(2026, 3, 10),))
    found = service.expand([walk], date(2026, 3, 1), date(2026, 3, 31))
    assert [moment.date() for _a, moment in found] == [
        date(2026, 3, 3),
        date(2026, 3, 17),
        date(2026, 3, 24),
        date(2026, 3, 31),
    ]


def test_a_recurring_activity_keeps_its_wall_clock_time_when_summer_time_starts(
    tenant: object,
) -> None:
    walk = an_activity(rrule="FREQ=WEEKLY")
    found = service.expand([walk], date(2026, 3, 24), date(2026, 4, 1))
    assert [m.time() for _a, m in found] == [time(14), time(14)]
    assert [m.utcoffset().total_seconds() / 3600 for _a, m in found] == [1, 2]  # type: ignore[union-attr]


def test_a_one_off_activity_happens_once_when_expanded(tenant: object) -> None:
    once = an_activity()
    assert len(service.expand([once], date(2026, 1, 1), date(2026, 12, 31))) == 1


def test_an_activity_in_another_time_zone_shows_in_its_own_time_when_expanded(
    tenant: object,
) -> None:
    london = an_activity(timezone="Europe/London", starts_local=datetime(2026, 3, 3, 10, 0))
    ((_a, moment),) = service.expand([london], date(2026, 3, 1), date(2026, 3, 5))
    assert moment.hour == 10 and str(moment.tzinfo) == "Europe/London"


@pytest.mark.parametrize(
    ("rule", "field"),
    [("FREQ=SOMETIMES", "rrule"), ("FREQ=MINUTELY", "rrule"), ("nonsense", "rrule")],
)
def test_a_rule_is_refused_naming_the_field_when_it_is_no_daily_or_slower_rrule(
    tenant: object, rule: str, field: str
) -> None:
    with pytest.raises(service.Invalid) as refused:
        an_activity(rrule=rule)
    assert refused.value.field == field


def test_an_unknown_audience_time_zone_or_neighbourhood_is_refused_when_publishing(
    tenant: object,
) -> None:
    for details, field in (
        ({"audiences": ("martians",)}, "audiences"),
        ({"access": ("lift",)}, "access"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"neighbourhood_id": 999999}, "neighbourhood_id"),
        ({"title": "  "}, "title"),
    ):
        with pytest.raises(service.Invalid) as refused:
            an_activity(**details)
        assert refused.value.field == field


def test_filters_keep_town_wide_and_everyone_activities_when_narrowing(tenant: object) -> None:
    north = people.create_neighbourhood("Noord", ["1111"], None, None)
    south = people.create_neighbourhood("Zuid", ["2222"], None, None)
    mine = an_activity(title="Noord 75+", neighbourhood_id=north.id, audiences=("seniors_75",))
    org = mine.organisation_id
    an_activity(org, title="Zuid jeugd", neighbourhood_id=south.id, audiences=("youth",))
    an_activity(org, title="Hele stad", audiences=("everyone",), access=("wheelchair",))
    start = date(2026, 3, 1)

    def titles(**f: object) -> list[str]:
        found = service.listing(service.Filters(**f), start, 14)  # type: ignore[arg-type]
        return sorted(o.activity.title for o in found.occurrences)

    assert titles(neighbourhood_id=north.id) == ["Hele stad", "Noord 75+"]
    assert titles(audience="seniors_75") == ["Hele stad", "Noord 75+"]
    assert titles(access=("wheelchair",)) == ["Hele stad"]
    assert titles(weekday=1) == ["Hele stad", "Noord 75+", "Zuid jeugd"]  # 3 March: a Tuesday
    assert titles(weekday=2) == []


def test_the_forms_repeat_choices_become_rules_and_back_when_edited() -> None:
    tuesday = date(2026, 3, 10)  # the second Tuesday of March
    assert rrule_for("monthly_weekday", tuesday, None) == "FREQ=MONTHLY;BYDAY=2TU"
    assert rrule_for("fortnightly", tuesday, date(2026, 6, 30)) == (
        "FREQ=WEEKLY;INTERVAL=2;UNTIL=20260630T215959Z"
    )
    assert repeat_of("FREQ=WEEKLY;INTERVAL=2;UNTIL=20260630T215959Z") == (
        "fortnightly",
        date(2026, 6, 30),
    )
    assert repeat_of("FREQ=MONTHLY;BYDAY=2TU") == ("monthly_weekday", None)
    assert repeat_of("FREQ=YEARLY;BYMONTH=12") == ("custom", None)
    assert repeat_of(None) == ("", None)


def test_skipping_a_day_adds_an_exception_when_a_recurring_activity_is_off(
    tenant: object,
) -> None:
    walk = an_activity(rrule="FREQ=WEEKLY")
    service.skip(walk, date(2026, 3, 17))
    days = [m.date() for _a, m in service.expand([walk], date(2026, 3, 16), date(2026, 3, 25))]
    assert days == [date(2026, 3, 24)]
