"""The circles part of a tenant file: neighbourhoods, people, trainings and circles.

Circles are built through the same core services as on the pages, member by member and phase
by phase, so a tenant file can never hold a circle that breaks its methodology's rules: the
sync stops with the refusal, explained. Circles are created once (matched by name) and left
alone afterwards, because after that they belong to the people who work with them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from kring.core import circles, people
from kring.core.people import Neighbourhood, Person, is_postcode
from kring.core.rules import explain
from kring.core.tenancy import Organisation
from kring.extensions import db

if TYPE_CHECKING:
    from kring.core.tenant_sync import OrganisationSpec
    from kring.plugins import PluginHost


class CircleFileError(ValueError):
    """A circle in a tenant file breaks its methodology's rules; the message explains how."""


@dataclass(frozen=True)
class NeighbourhoodSpec:
    name: str
    cbs_code: str | None
    postcodes: tuple[str, ...]


@dataclass(frozen=True)
class PersonSpec:
    name: str
    postcode: str | None = None
    birth_date: date | None = None
    trainings: tuple[tuple[str, date], ...] = ()


@dataclass(frozen=True)
class MemberSpec:
    person: str
    role: str
    attributes: Mapping[str, Any] = field(default_factory=dict)
    intake_by: str | None = None


@dataclass(frozen=True)
class CircleSpec:
    methodology: str
    organisation: str
    neighbourhood: str
    name: str | None
    members: tuple[MemberSpec, ...]
    phases: tuple[str, ...]


@dataclass(frozen=True)
class CirclesSpec:
    neighbourhoods: tuple[NeighbourhoodSpec, ...] = ()
    people: tuple[PersonSpec, ...] = ()
    circles: tuple[CircleSpec, ...] = ()


def _list(data: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ValueError(f"{where}: '{key}' must be a list")
    return value


def _text(data: Mapping[str, Any], key: str, where: str, required: bool = True) -> str | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: '{key}' must be text")
    return value.strip()


def _date(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def parse(
    data: Mapping[str, Any], where: str, host: PluginHost, organisations: Sequence[OrganisationSpec]
) -> CirclesSpec:
    """Check names and references; the methodology's rules are checked when applied."""
    from kring.core.tenant_sync import TenantFileError

    try:
        return _parse(data, where, host, organisations)
    except ValueError as exc:
        raise TenantFileError(str(exc)) from None


def _parse(
    data: Mapping[str, Any], where: str, host: PluginHost, organisations: Sequence[OrganisationSpec]
) -> CirclesSpec:
    neighbourhoods = []
    for i, item in enumerate(_list(data, "neighbourhoods", where)):
        w = f"{where} neighbourhoods[{i}]"
        codes = tuple(str(c) for c in _list(item, "postcodes", w))
        wrong = [c for c in codes if not is_postcode(c)]
        if wrong:
            raise ValueError(f"{w}: not postcodes: {', '.join(wrong)}")
        neighbourhoods.append(
            NeighbourhoodSpec(str(_text(item, "name", w)), _text(item, "cbs_code", w, False), codes)
        )
    known_trainings = {t.key for m in host.methodologies().values() for t in m.trainings}
    persons = []
    for i, item in enumerate(_list(data, "people", where)):
        w = f"{where} people[{i}]"
        trainings = []
        for j, record in enumerate(_list(item, "trainings", w)):
            key = _text(record, "training", f"{w} trainings[{j}]")
            if key not in known_trainings:
                raise ValueError(f"{w} trainings[{j}]: {key!r} is no training of a methodology")
            trainings.append((str(key), _date(record.get("completed_on"), f"{w} trainings[{j}]")))
        birth = item.get("birth_date")
        persons.append(
            PersonSpec(
                name=str(_text(item, "name", w)),
                postcode=_text(item, "postcode", w, False),
                birth_date=_date(birth, w) if birth is not None else None,
                trainings=tuple(trainings),
            )
        )
    person_names = {p.name for p in persons}
    nbh_names = {n.name for n in neighbourhoods}
    enabled = {(o.name, key) for o in organisations for key, _ in o.methodologies}
    found = []
    for i, item in enumerate(_list(data, "circles", where)):
        w = f"{where} circles[{i}]"
        key = str(_text(item, "methodology", w))
        organisation = str(_text(item, "organisation", w))
        neighbourhood = str(_text(item, "neighbourhood", w))
        if (organisation, key) not in enabled:
            raise ValueError(f"{w}: {organisation!r} does not list methodology {key!r}")
        if neighbourhood not in nbh_names:
            raise ValueError(f"{w}: neighbourhood {neighbourhood!r} is not listed in this file")
        m = host.methodology(key)
        members = []
        for j, member in enumerate(_list(item, "members", w)):
            mw = f"{w} members[{j}]"
            person, intake_by = _text(member, "person", mw), _text(member, "intake_by", mw, False)
            for name in filter(None, (person, intake_by)):
                if name not in person_names:
                    raise ValueError(f"{mw}: {name!r} is not listed under people")
            attributes = member.get("attributes", {})
            if not isinstance(attributes, dict):
                raise ValueError(f"{mw}: 'attributes' must be a mapping")
            members.append(
                MemberSpec(str(person), str(_text(member, "role", mw)), attributes, intake_by)
            )
        phases = tuple(str(p) for p in _list(item, "phases", w))
        unknown = [p for p in phases if m.phase_index(p) < 0]
        if unknown:
            raise ValueError(f"{w}: {', '.join(unknown)} are no phases of {key}")
        found.append(
            CircleSpec(
                key,
                organisation,
                neighbourhood,
                _text(item, "name", w, False),
                tuple(members),
                phases,
            )
        )
    return CirclesSpec(tuple(neighbourhoods), tuple(persons), tuple(found))


def apply(
    spec: CirclesSpec, host: PluginHost, organisations: Mapping[str, Organisation], today: date
) -> None:
    """Make the tenant in scope match ``spec`` (neighbourhoods and people updated, circles new)."""
    nbhs = {n.name: n for n in db.session.execute(select(Neighbourhood)).scalars()}
    for n in spec.neighbourhoods:
        if n.name not in nbhs:
            nbhs[n.name] = people.create_neighbourhood(n.name, list(n.postcodes), n.cbs_code, None)
    persons = {p.name: p for p in db.session.execute(select(Person)).scalars()}
    for p in spec.people:
        person = persons.get(p.name)
        if person is None:
            person = people.create_person(
                None, name=p.name, postcode=p.postcode, birth_date=p.birth_date
            )
            persons[p.name] = person
        for key, completed_on in p.trainings:
            people.record_training(person, key, completed_on)
    existing = set(db.session.execute(select(circles.Circle.name)).scalars())
    for i, c in enumerate(spec.circles):
        hooks = host.for_methodology(c.methodology)
        m = hooks.methodology
        name = (
            m.circle_name.render("nl", {"neighbourhood": c.neighbourhood})
            if m.circle_name
            else c.name
        )
        if name in existing:
            continue
        try:
            _build(c, hooks, organisations[c.organisation], nbhs[c.neighbourhood], persons, today)
        except circles.Refused as refused:
            reasons = "; ".join(explain(u, m, "en") for u in refused.unmet)
            raise CircleFileError(f"circles[{i}]: {reasons}") from None


def _build(
    c: CircleSpec,
    hooks: Any,
    organisation: Organisation,
    neighbourhood: Neighbourhood,
    persons: Mapping[str, Person],
    today: date,
) -> None:
    circle = circles.create_circle(hooks, organisation, neighbourhood, c.name, None, today)
    joined: dict[str, circles.CircleMember] = {}
    for member in c.members:
        joined[member.person] = circles.add_member(
            circle, persons[member.person], member.role, hooks, None, today, member.attributes
        )
        if member.intake_by is not None:
            interviewer = joined.get(member.intake_by)
            if interviewer is None:
                raise CircleFileError(f"{member.intake_by} must join before holding an intake")
            circles.complete_intake(
                joined[member.person], interviewer, True, None, hooks, None, today
            )
    for phase in c.phases:
        circles.move_phase(circle, phase, hooks, None, None, today)
