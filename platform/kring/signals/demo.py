"""The signals' demo life: in each tenant where a methodology takes signals, a handful of
invented residents signalled by its signaller to the neighbourhood team, at every stage of the
follow-up (waiting, asked, spoken to with a loneliness score, ended), so the team's queue,
the signal pages and the dashboard show real work. A tenant with signals is left alone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from kring.circles.models import Circle
from kring.core.accounts import Role, RoleGrant
from kring.core.methodology import Methodology
from kring.extensions import db
from kring.http.methodology import hooks_for, methodologies
from kring.people.models import Neighbourhood
from kring.signals import followup
from kring.signals import service as signals
from kring.signals.models import Signal, SignalOutcome

RESIDENTS = (
    # name, house, born, what was seen, days ago, how far
    (
        "Wim Hoogland",
        "Kerkstraat 12",
        date(1941, 2, 3),
        "Eet alleen nog brood, ziet niemand.",
        2,
        "new",
    ),
    ("", "Molenweg 5", None, "Gordijnen overdag dicht, reageert niet op de bel.", 4, "anonymous"),
    (
        "Truus Verweij",
        "Lindelaan 8",
        date(1946, 7, 21),
        "Weduwe sinds kort, huilt vaak.",
        9,
        "assigned",
    ),
    (
        "Gerrit Mulder",
        "Beukenhof 3",
        date(1939, 11, 30),
        "Komt de deur niet meer uit.",
        20,
        "spoken",
    ),
    (
        "Lies de Bruin",
        "Esdoornlaan 17",
        date(1950, 4, 12),
        "Vertelt dat ze zich eenzaam voelt.",
        45,
        "ended",
    ),
)
ANSWERS = {
    "emptiness": "yes",
    "rely_on": "more or less",
    "trust": "no",
    "miss_people": "yes",
    "close_to": "more or less",
    "rejected": "no",
}


def give_life(today: date) -> None:
    """Signal the invented residents to each team that takes signals, and follow them up as
    far as each one got."""
    if db.session.execute(select(Signal.id).limit(1)).first() is not None:
        return
    found = signals.destinations(methodologies())
    signaller = db.session.execute(
        select(RoleGrant.user_id).where(RoleGrant.role == Role.signaler).order_by(RoleGrant.id)
    ).scalar()
    teams = db.session.execute(
        select(Circle, Neighbourhood)
        .join(Neighbourhood, Neighbourhood.id == Circle.neighbourhood_id)
        .where(Circle.methodology_key.in_({d.methodology.key for d in found}))
        .order_by(Circle.id)
    ).all()
    for circle, neighbourhood in teams:
        if not neighbourhood.postcodes:
            continue
        m = hooks_for(circle.methodology_key).methodology
        prefix = neighbourhood.postcodes[0]
        postcode = f"{prefix}AB" if len(prefix) == 4 else prefix
        for name, house, born, seen, days, stage in RESIDENTS:
            told = signals.Report(
                postcode=postcode,
                reason=seen,
                has_consent=stage != "anonymous",
                resident_name=name,
                address=house,
                birth_date=born,
            )
            signal = signals.report(found, None, told, signaller, today)
            signal.created_at = datetime.combine(today - timedelta(days=days), time(10), UTC)
            _follow(signal, stage, m, today)
    db.session.flush()


def _follow(signal: Signal, stage: str, m: Methodology, today: date) -> None:
    if stage in ("new", "anonymous"):
        return
    helpers = followup.volunteers(signal, m)
    if not helpers:
        return
    asked = signal.created_at + timedelta(days=1)
    followup.assign(signal, helpers[0].person_id, m, None, asked)
    if stage == "assigned":
        return
    spoken_on = (asked + timedelta(days=2)).date()
    survey = followup.scale_of(m)
    scores = hooks_for(m.key).score_survey(survey.key, ANSWERS) if survey else {}
    followup.record_conversation(
        signal,
        spoken_on,
        "Koffie gedronken; wil graag mee naar de wandelgroep.",
        ANSWERS if scores else None,
        scores,
        None,
        asked + timedelta(days=2),
    )
    if stage == "ended":
        followup.close(
            signal,
            SignalOutcome.joined_activity,
            "Loopt elke dinsdag mee.",
            None,
            asked + timedelta(days=7),
        )
