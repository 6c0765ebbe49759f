"""Buurtcirkel's yearly satisfaction measurement: the coach is asked once a year the circle
runs, in the month after each anniversary, through the reminder sweep."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from buurtcirkel_nl_circle import TODAY, Buurtcirkel
from sqlalchemy import select

from kring.extensions import db
from kring.notify import rules
from kring.notify.models import OutboxMessage
from kring.people.models import Person


def _coach_reads_mail(in_opstart: Buurtcirkel) -> None:
    assert in_opstart.coach is not None
    coach = db.session.get(Person, in_opstart.coach.person_id)
    assert coach is not None
    coach.email = "coach@example.org"


def _running(in_opstart: Buurtcirkel) -> Buurtcirkel:
    in_opstart.admit(5)
    in_opstart.move("realisatie")
    _coach_reads_mail(in_opstart)
    return in_opstart


def _at(days: int) -> datetime:
    return datetime.combine(TODAY + timedelta(days=days), time(10), UTC)


def _asked() -> list[str]:
    db.session.info.pop("kring_outbox_ids", None)
    return list(
        db.session.execute(
            select(OutboxMessage.subject).where(OutboxMessage.kind == "satisfaction_measurement")
        ).scalars()
    )


def test_the_coach_is_asked_for_the_measurement_once_a_year_the_circle_runs(
    in_opstart: Buurtcirkel,
) -> None:
    circle = _running(in_opstart)
    rules.plan(_at(364))
    assert _asked() == []
    rules.plan(_at(365))
    rules.plan(_at(380))
    assert _asked() == [f"Tijd voor de jaarlijkse tevredenheidsmeting van {circle.circle.name}"]
    rules.plan(_at(400))  # past the month after the anniversary: nothing new
    rules.plan(_at(731))  # the next year: asked again
    assert len(_asked()) == 2


def test_a_circle_still_starting_up_is_not_measured(in_opstart: Buurtcirkel) -> None:
    in_opstart.admit(5)
    _coach_reads_mail(in_opstart)
    rules.plan(_at(400))
    assert _asked() == []


def test_the_words_are_buurtcirkels_in_both_languages() -> None:
    from kring_buurtcirkel_nl.reminders import BODY, TITLE

    params = {"circle": "Buurtcirkel Oud-Beijerland"}
    assert TITLE.render("en", params).endswith(
        "satisfaction measurement of Buurtcirkel Oud-Beijerland"
    )
    assert "+Vijf" in BODY.render("nl", params) and "mark from 1 to 10" in BODY.render("en", params)
