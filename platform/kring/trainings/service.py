"""Trainings and screening: recording completed courses and background checks, exceptions to a
role's courses, and where each person stands on a day.

Where someone stands is one of five words (``STATUSES``): a course or check is *valid*, valid
but *lapsing* within ``LAPSING_SOON``, *lapsed*, *missing* (never recorded) or covered by an
*exception* a project leader recorded. ``training_status`` answers it for any number of people
in one query; the circle rules (a role's courses, a phase's checks), the overview for
project leaders, the audit and the central trainer all read it, so they never disagree.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal, TypeAlias, TypeVar

from sqlalchemy import Select, literal, or_, select, union_all
from sqlalchemy.orm import QueryableAttribute

from kring.core import journal
from kring.core.methodology import (
    Methodology,
    Phrase,
    Screening,
    Training,
    Unmet,
    add_months,
)
from kring.core.rules import Refused, refusal
from kring.extensions import db
from kring.people.models import Person
from kring.trainings.models import (
    ScreeningPeriod,
    ScreeningRecord,
    TrainingException,
    TrainingRecord,
)

Status: TypeAlias = Literal["valid", "lapsing", "lapsed", "missing", "exception"]
STATUSES: tuple[Status, ...] = ("valid", "lapsing", "lapsed", "missing", "exception")
HELD: frozenset[str] = frozenset({"valid", "lapsing", "exception"})
"""The statuses in which someone holds a course or check: the role may be given, the phase
entered."""
LAPSING_SOON = timedelta(days=30)
"""A completion or check that lapses within this time is "lapsing": time to renew it."""
REASON_MAX = 500


# --- reading --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Held:
    """Where one person stands with one course or check on a day, and until when: the day a
    completion or check stays valid to, or an exception's last day (None: for good, or
    nothing recorded)."""

    status: Status
    until: date | None = None


def standings(
    person_ids: Collection[int], methodology: Methodology, on: date
) -> dict[int, dict[str, Held]]:
    """``training_status`` with the days: person id -> {key: ``Held``}. One query, whatever
    the number of people: the completions, the exceptions in force and the checks, each
    read along its person index, side by side (``UNION ALL``)."""
    ids = set(person_ids)
    training_keys = [t.key for t in methodology.trainings]
    screening_keys = [s.key for s in methodology.screenings]
    found: dict[int, dict[str, Held]] = {
        p: dict.fromkeys([*training_keys, *screening_keys], Held("missing")) for p in ids
    }
    if not ids:
        return found
    parts = []
    if training_keys:
        completed = (
            TrainingRecord.person_id,
            TrainingRecord.training_key,
            TrainingRecord.completed_on,
            TrainingRecord.expires_on,
        )
        excepted = (
            TrainingException.person_id,
            TrainingException.training_key,
            TrainingException.granted_on,
            TrainingException.until,
        )
        parts.append(_rows(_COMPLETED, completed, ids, training_keys))
        parts.append(
            _rows(_EXCEPTED, excepted, ids, training_keys).where(
                TrainingException.granted_on <= on,
                or_(TrainingException.until.is_(None), TrainingException.until >= on),
            )
        )
    if screening_keys:
        checked = (
            ScreeningRecord.person_id,
            ScreeningRecord.screening_key,
            ScreeningRecord.issued_on,
            ScreeningRecord.expires_on,
        )
        parts.append(_rows(_CHECKED, checked, ids, screening_keys))
    if not parts:
        return found
    rows = db.session.execute(union_all(*parts)).all()
    recorded = latest_expiry(
        (person_id, key, happened_on, until)
        for kind, person_id, key, happened_on, until in rows
        if kind != _EXCEPTED
    )
    for (person_id, key), expires_on in recorded.items():
        found[person_id][key] = Held(_standing(expires_on, on), expires_on)
    for kind, person_id, key, _granted_on, until in rows:
        if kind == _EXCEPTED and found[person_id][key].status not in HELD:
            found[person_id][key] = Held("exception", until)
    return found


_COMPLETED, _EXCEPTED, _CHECKED = "completed", "excepted", "checked"
"""What a row of ``standings`` is: a completion, an exception in force, a check."""


def _rows(
    kind: str,
    columns: tuple[QueryableAttribute[int], QueryableAttribute[str], Any, Any],
    ids: Collection[int],
    keys: list[str],
) -> Select[Any]:
    """One part of ``standings``: (kind, person, key, day it happened, until when) of these
    people and keys, read along the person index; ``columns`` are the table's own four."""
    person, key, happened_on, until = columns
    return select(
        literal(kind).label("kind"),
        person.label("person_id"),
        key.label("key"),
        happened_on.label("happened_on"),
        until.label("until"),
    ).where(person.in_(ids), key.in_(keys))


def training_status(
    person_ids: Collection[int], methodology: Methodology, on: date
) -> dict[int, dict[str, str]]:
    """Where each person stands on ``on`` with every course and background check of
    ``methodology``: person id -> {training or screening key: "valid" | "lapsing" | "lapsed" |
    "missing" | "exception"}. One query per table whatever the number of people.

    The latest completion counts (a renewal replaces a lapsed one); an exception counts only
    where no completion is held and only until its ``until`` day."""
    return {
        person_id: {key: held.status for key, held in keys.items()}
        for person_id, keys in standings(person_ids, methodology, on).items()
    }


@dataclass(frozen=True)
class Asked:
    """A course or check a role asks: ``bars_role`` when the role is not given without it
    (``RoleSpec.needs_training``), ``kind`` ``training`` or ``screening``."""

    key: str
    title: Phrase
    kind: Literal["training", "screening"]
    bars_role: bool


def asked_of(methodology: Methodology, role: str) -> list[Asked]:
    """What ``role`` is asked in ``methodology``: its courses, then its background checks."""
    spec = methodology.role(role)
    needed = spec.needs_training if spec else ()
    return [
        Asked(t.key, t.title, "training", t.key in needed) for t in methodology.courses_for(role)
    ] + [Asked(s.key, s.title, "screening", False) for s in methodology.screenings_for(role)]


def latest_expiry(
    rows: Iterable[tuple[int, str, date, date | None]],
) -> dict[tuple[int, str], date | None]:
    """From (person, key, day it happened, expiry) rows, per person and key the expiry of the
    most recent one: a renewal replaces what came before, even when it lapses sooner."""
    newest: dict[tuple[int, str], tuple[date, date | None]] = {}
    for person_id, key, happened_on, expires_on in rows:
        seen = newest.get((person_id, key))
        if seen is None or happened_on > seen[0]:
            newest[(person_id, key)] = (happened_on, expires_on)
    return {k: v[1] for k, v in newest.items()}


def _standing(expires_on: date | None, on: date) -> Status:
    if expires_on is None:
        return "valid"
    if expires_on < on:
        return "lapsed"
    return "lapsing" if expires_on - on <= LAPSING_SOON else "valid"


def held(
    person_ids: Collection[int], methodology: Methodology, on: date
) -> dict[int, frozenset[str]]:
    """The keys of the courses and checks each person holds on ``on`` (valid, lapsing or
    excepted): what the circle rules ask of a member."""
    return {
        person_id: frozenset(k for k, s in keys.items() if s in HELD)
        for person_id, keys in training_status(person_ids, methodology, on).items()
    }


def unmet_for_role(person: Person, role: str, methodology: Methodology, on: date) -> list[Unmet]:
    """Why ``person`` may not be given ``role`` yet: one reason per course the role needs
    (``RoleSpec.needs_training``) that they do not hold on ``on``, in the methodology's words.
    Empty when nothing stands in the way."""
    spec = methodology.role(role)
    if spec is None or not spec.needs_training:
        return []
    standing = training_status([person.id], methodology, on)[person.id]
    return [
        refusal(
            "role.needs_training",
            "A {role_term} needs {training} first ({person}: {standing})",
            "Een {role_term} heeft eerst {training} nodig ({person}: {standing_nl})",
            role_term=role,
            training=key,
            person=person.name,
            standing=STATUS_WORDS[standing_key].en,
            standing_nl=STATUS_WORDS[standing_key].nl,
        )
        for key in spec.needs_training
        if (standing_key := standing.get(key, "missing")) not in HELD
    ]


@dataclass(frozen=True)
class _Words:
    en: str
    nl: str


STATUS_WORDS: Mapping[str, _Words] = {
    "valid": _Words("valid", "geldig"),
    "lapsing": _Words("lapsing soon", "verloopt binnenkort"),
    "lapsed": _Words("lapsed", "verlopen"),
    "missing": _Words("not recorded", "niet vastgelegd"),
    "exception": _Words("exception recorded", "uitzondering vastgelegd"),
}
"""Each status in both languages, for refusals (pages translate their own)."""


def offered(methodologies: Mapping[str, Methodology]) -> dict[str, Training]:
    """The courses of ``methodologies`` (the tenant's enabled ones) by key: only these may be
    recorded for the tenant's people."""
    return {t.key: t for m in methodologies.values() for t in m.trainings}


def offered_screenings(methodologies: Mapping[str, Methodology]) -> dict[str, Screening]:
    """The background checks of ``methodologies`` (the tenant's enabled ones) by key."""
    return {s.key: s for m in methodologies.values() for s in m.screenings}


def trainings_of(person: Person) -> list[TrainingRecord]:
    """A person's completed courses, oldest first (every renewal kept)."""
    return list(
        db.session.execute(
            select(TrainingRecord)
            .where(TrainingRecord.person_id == person.id)
            .order_by(TrainingRecord.completed_on, TrainingRecord.id)
        ).scalars()
    )


def screenings_of(person: Person) -> list[ScreeningRecord]:
    """A person's background checks, oldest first (every renewal kept)."""
    return list(
        db.session.execute(
            select(ScreeningRecord)
            .where(ScreeningRecord.person_id == person.id)
            .order_by(ScreeningRecord.issued_on, ScreeningRecord.id)
        ).scalars()
    )


def exceptions_of(person: Person) -> list[TrainingException]:
    """The exceptions recorded for a person, newest first."""
    return list(
        db.session.execute(
            select(TrainingException)
            .where(TrainingException.person_id == person.id)
            .order_by(TrainingException.granted_on.desc(), TrainingException.id.desc())
        ).scalars()
    )


def renewal_months(screening: Screening) -> int:
    """How long a check stays valid in this tenant: its own period when its tenant file sets
    one, else the methodology's."""
    own = db.session.execute(
        select(ScreeningPeriod.renewal_months).where(ScreeningPeriod.screening_key == screening.key)
    ).scalar_one_or_none()
    return own if own is not None else screening.renewal_months


# --- changing -------------------------------------------------------------------------------


def _not_in_future(day: date, today: date, field: str) -> None:
    if day > today:
        raise Refused(
            [
                refusal(
                    f"{field}.future",
                    "The date lies in the future",
                    "De datum ligt in de toekomst",
                    is_input=True,
                    field=field,
                )
            ]
        )


def record_training(
    person: Person,
    training: Training,
    completed_on: date,
    recorded_by_id: int | None,
    today: date,
) -> TrainingRecord:
    """Record that ``person`` completed ``training`` on ``completed_on``; it lapses after the
    course's ``valid_months``. A later completion renews it; recording the same day again
    changes nothing."""
    _not_in_future(completed_on, today, "completed_on")
    return _record_once(
        TrainingRecord,
        person,
        ("training", training.key),
        ("completed_on", completed_on),
        training.expires_on(completed_on),
        recorded_by_id,
    )


def record_screening(
    person: Person,
    screening: Screening,
    issued_on: date,
    recorded_by_id: int | None,
    today: date,
) -> ScreeningRecord:
    """Record a background check issued on ``issued_on``; it is valid for the tenant's renewal
    period. A later check renews it; recording the same day again changes nothing."""
    _not_in_future(issued_on, today, "issued_on")
    return _record_once(
        ScreeningRecord,
        person,
        ("screening", screening.key),
        ("issued_on", issued_on),
        add_months(issued_on, renewal_months(screening)),
        recorded_by_id,
    )


Record = TypeVar("Record", TrainingRecord, ScreeningRecord)


def _record_once(
    model: type[Record],
    person: Person,
    what: tuple[str, str],
    when: tuple[str, date],
    expires_on: date | None,
    recorded_by_id: int | None,
) -> Record:
    """A training's completion or a check's issue, written once per person, course or check,
    and day (the same day again returns the first), and journaled: ``what`` is ``("training",
    key)`` or ``("screening", key)``, ``when`` the date field and its day."""
    (kind, key), (day_field, day) = what, when
    values = {f"{kind}_key": key, day_field: day}
    existing = db.session.execute(
        select(model).filter_by(person_id=person.id, **values)
    ).scalar_one_or_none()
    if existing is not None:
        return existing
    record = model(
        person_id=person.id, expires_on=expires_on, recorded_by_id=recorded_by_id, **values
    )
    db.session.add(record)
    db.session.flush()
    journal.record(
        f"{kind}.recorded", person, recorded_by_id, **{kind: key, day_field: day.isoformat()}
    )
    return record


def grant_exception(
    person: Person,
    training: Training,
    reason: str,
    granted_by_id: int | None,
    today: date,
    until: date | None = None,
) -> TrainingException:
    """Let ``person`` hold a role without ``training``, for ``reason``, until ``until`` (or for
    good). Recorded by a project leader; the reason is kept with who granted it."""
    reason = " ".join(reason.split())
    problems = []
    if not reason:
        problems.append(
            refusal(
                "exception.reason",
                "Say why the exception is made",
                "Zeg waarom de uitzondering wordt gemaakt",
                is_input=True,
                field="reason",
            )
        )
    elif len(reason) > REASON_MAX:
        problems.append(
            refusal(
                "exception.reason",
                "The reason is longer than {maximum} characters",
                "De reden is langer dan {maximum} tekens",
                is_input=True,
                field="reason",
                maximum=REASON_MAX,
            )
        )
    if until is not None and until < today:
        problems.append(
            refusal(
                "exception.until",
                "An exception cannot end before today",
                "Een uitzondering kan niet eindigen voor vandaag",
                is_input=True,
                field="until",
            )
        )
    if problems:
        raise Refused(problems)
    exception = TrainingException(
        person_id=person.id,
        training_key=training.key,
        reason=reason,
        granted_by_id=granted_by_id,
        granted_on=today,
        until=until,
    )
    db.session.add(exception)
    db.session.flush()
    journal.record("training.excepted", person, granted_by_id, training=training.key)
    return exception


def set_renewal_period(screening: Screening, months: int | None) -> None:
    """Set this tenant's renewal period for ``screening`` (None: the methodology's own). Checks
    recorded before keep the expiry they were given."""
    row = db.session.execute(
        select(ScreeningPeriod).where(ScreeningPeriod.screening_key == screening.key)
    ).scalar_one_or_none()
    if months is None:
        if row is not None:
            db.session.delete(row)
        return
    if not 1 <= months <= 120:
        raise ValueError(f"renewal_months must lie between 1 and 120, got {months}")
    if row is None:
        db.session.add(ScreeningPeriod(screening_key=screening.key, renewal_months=months))
    else:
        row.renewal_months = months
    db.session.flush()
