"""Reading tenant files (``tenants/<slug>.yaml``): every field checked, every mistake named
with its file and place, before anything is written.

A file is read to its end even after a mistake: each entry (an organisation, a user, a person,
a circle, a member) is checked on its own and its mistake noted, so that one reading names every
mistake of the file, not only the first (``kring tenants validate`` shows each with its line).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from email_validator import EmailNotValidError, validate_email

from kring.core.accounts import Role, normalise_email
from kring.core.tenancy import TenantKind, TenantStatus
from kring.organisations.models import OrganisationKind
from kring.people.models import is_postcode, is_postcode_area
from kring.plans.models import Domain
from kring.tenants.specs import (
    CircleSpec,
    CirclesSpec,
    MemberSpec,
    NeighbourhoodSpec,
    OrganisationSpec,
    PersonSpec,
    TenantFileError,
    TenantSpec,
    UserSpec,
)

if TYPE_CHECKING:
    from kring.plugins import PluginHost


class Mistakes:
    """The mistakes of one file, gathered entry by entry."""

    def __init__(self) -> None:
        self.found: list[str] = []

    @contextmanager
    def noted(self) -> Iterator[None]:
        """Run one entry's checks; a mistake is noted and the reading goes on after the block."""
        try:
            yield
        except TenantFileError as exc:
            self.found.extend(exc.mistakes)
        except ValueError as exc:
            self.found.append(str(exc))

    def raise_any(self) -> None:
        if self.found:
            raise TenantFileError("\n".join(self.found), tuple(self.found))


def _get(data: dict[str, Any], key: str, where: str, default: Any = ..., kind: type = str) -> Any:
    if not isinstance(data, Mapping):
        raise TenantFileError(f"{where}: expected a mapping with '{key}'")
    if key not in data:
        if default is ...:
            raise TenantFileError(f"{where}: '{key}' is required")
        return default
    value = data[key]
    if not isinstance(value, kind):
        raise TenantFileError(f"{where}: '{key}' must be a {kind.__name__}")
    return value


def _enum(enum_type: Any, value: str, where: str, key: str) -> Any:
    try:
        return enum_type(value)
    except ValueError:
        allowed = ", ".join(e.value for e in enum_type)
        raise TenantFileError(f"{where}: '{key}' must be one of {allowed}, not {value!r}") from None


def _methodology(item: Any, where: str, host: PluginHost) -> tuple[str, dict[str, Any]]:
    """``key`` or ``{key: ..., settings: {...}}``; settings checked by the plugin's schema."""
    if isinstance(item, str):
        key, settings = item, {}
    elif isinstance(item, dict):
        key, settings = _get(item, "key", where), _get(item, "settings", where, {}, dict)
    else:
        raise TenantFileError(f"{where}: a methodology is a key or a mapping with 'key'")
    if key not in host.methodologies():
        raise TenantFileError(f"{where}: methodology {key!r} is not installed")
    schema = host.for_methodology(key).settings_schema()
    if schema is None:
        if settings:
            raise TenantFileError(f"{where}: {key} has no settings")
        return key, {}
    try:
        return key, asdict(schema(**settings))
    except (TypeError, ValueError) as exc:
        raise TenantFileError(f"{where}: settings of {key}: {exc}") from None


def parse(path: Path, host: PluginHost, allow_passwords: bool) -> TenantSpec:
    """One tenant file; passwords are refused unless ``allow_passwords`` (the demo only).
    Raises ``TenantFileError`` with every mistake of the file."""
    where = path.name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise TenantFileError(f"{where}: not valid YAML ({exc})") from None
    if not isinstance(data, dict):
        raise TenantFileError(f"{where}: expected a mapping at the top")
    mistakes = Mistakes()
    top: dict[str, Any] = {}
    with mistakes.noted():
        slug = top["slug"] = _get(data, "slug", where)
        if slug != path.stem:
            raise TenantFileError(f"{where}: slug {slug!r} must equal the file name {path.stem!r}")
    organisations = _organisations(data, where, host, mistakes)
    users = _users(data, where, allow_passwords, mistakes)
    with mistakes.noted():
        top["locale"] = _get(data, "locale", where, "nl")
        if top["locale"] not in ("nl", "en"):
            raise TenantFileError(f"{where}: 'locale' must be nl or en")
    top["retention"] = retention = data.get("retention_months", 24)
    if not isinstance(retention, int) or isinstance(retention, bool) or not 1 <= retention <= 120:
        mistakes.found.append(
            f"{where}: 'retention_months' must be a whole number of months from 1 to 120"
        )
    circles = parse_circles(data, where, host, organisations, mistakes)
    periods = _screening_periods(data, where, host, organisations, mistakes)
    listed = {p.name for p in circles.people}
    for i, user in enumerate(users):
        if user.person is not None and user.person not in listed:
            mistakes.found.append(f"{where} users[{i}]: {user.person!r} is not listed under people")
    for key, enum_type, default in (
        ("name", None, ...),
        ("kind", TenantKind, ...),
        ("status", TenantStatus, "active"),
    ):
        with mistakes.noted():
            top[key] = _get(data, key, where, default)
            if enum_type is not None:
                top[key] = _enum(enum_type, top[key], where, key)
    mistakes.raise_any()
    return TenantSpec(
        slug=top["slug"],
        name=top["name"],
        kind=top["kind"],
        locale=top["locale"],
        status=top["status"],
        organisations=tuple(organisations),
        users=tuple(users),
        circles=circles,
        screening_periods=periods,
        retention_months=retention,
        source=where,
    )


def _entries(data: Mapping[str, Any], key: str, where: str, mistakes: Mistakes) -> list[Any]:
    """The list under ``key`` (none when it is missing or is not a list, which is noted)."""
    with mistakes.noted():
        return list(_list(data, key, where))
    return []


def _organisations(
    data: Mapping[str, Any], where: str, host: PluginHost, mistakes: Mistakes
) -> list[OrganisationSpec]:
    organisations = []
    for i, item in enumerate(_entries(data, "organisations", where, mistakes)):
        w = f"{where} organisations[{i}]"
        with mistakes.noted():
            methodologies = tuple(
                _methodology(m, f"{w} methodologies[{j}]", host)
                for j, m in enumerate(_get(item, "methodologies", w, [], list))
            )
            organisations.append(
                OrganisationSpec(
                    name=_get(item, "name", w),
                    kind=_enum(OrganisationKind, _get(item, "kind", w, "care"), w, "kind"),
                    methodologies=methodologies,
                )
            )
    return organisations


def _users(
    data: Mapping[str, Any],
    where: str,
    allow_passwords: bool,
    mistakes: Mistakes,
) -> list[UserSpec]:
    org_names = names_in(data, "organisations")
    users = []
    for i, item in enumerate(_entries(data, "users", where, mistakes)):
        w = f"{where} users[{i}]"
        with mistakes.noted():
            try:
                email = validate_email(_get(item, "email", w), check_deliverability=False)
            except EmailNotValidError as exc:
                raise TenantFileError(f"{w}: 'email' is not valid ({exc})") from None
            password = _get(item, "password", w, None)
            if password is not None and not allow_passwords:
                raise TenantFileError(f"{w}: passwords in tenant files are for the demo only")
            organisation = _get(item, "organisation", w, None)
            if organisation is not None and organisation not in org_names:
                raise TenantFileError(
                    f"{w}: 'organisation' {organisation!r} is not listed in this file"
                )
            roles = tuple(_enum(Role, r, w, "roles") for r in _get(item, "roles", w, kind=list))
            users.append(
                UserSpec(
                    email=normalise_email(email.normalized),
                    name=_get(item, "name", w),
                    roles=roles,
                    organisation=organisation,
                    password=password,
                    locale=_get(item, "locale", w, None),
                    person=_get(item, "person", w, None),
                )
            )
    return users


def _screening_periods(
    data: Mapping[str, Any],
    where: str,
    host: PluginHost,
    organisations: Sequence[OrganisationSpec],
    mistakes: Mistakes,
) -> tuple[tuple[str, int], ...]:
    """The tenant's own renewal periods: ``screenings: {vog: {renewal_months: 24}}``, each a
    check of a methodology one of its organisations works with, from 1 to 120 months."""
    given = data.get("screenings") or {}
    if not isinstance(given, Mapping):
        mistakes.found.append(f"{where} screenings: expected a mapping of screening keys")
        return ()
    installed = host.methodologies()
    enabled = {
        s.key
        for o in organisations
        for key, _settings in o.methodologies
        for s in installed[key].screenings
    }
    periods = []
    for key, item in given.items():
        w = f"{where} screenings.{key}"
        if key not in enabled:
            mistakes.found.append(
                f"{w}: no methodology this tenant works with asks for {key!r}"
                f" (known: {', '.join(sorted(enabled)) or 'none'})"
            )
            continue
        months = item.get("renewal_months") if isinstance(item, Mapping) else None
        if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 120:
            mistakes.found.append(f"{w}: 'renewal_months' must be a whole number from 1 to 120")
            continue
        periods.append((str(key), months))
    return tuple(periods)


def load_directory(directory: Path, host: PluginHost, allow_passwords: bool) -> list[TenantSpec]:
    """Every ``*.yaml`` file of ``directory``, read and checked, in name order."""
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise TenantFileError(f"no tenant files (*.yaml) in {directory}")
    return [parse(f, host, allow_passwords) for f in files]


def _list(data: Mapping[str, Any], key: str, where: str) -> list[Any]:
    if not isinstance(data, Mapping):
        raise ValueError(f"{where}: expected a mapping with '{key}'")
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ValueError(f"{where}: '{key}' must be a list")
    return value


def _plan(member: Mapping[str, Any], where: str) -> tuple[tuple[Domain, str], ...]:
    """A member's development plan goals: ``- domain: social`` / ``goal: ...`` pairs."""
    goals = []
    for k, item in enumerate(_list(member, "plan", where)):
        w = f"{where} plan[{k}]"
        if not isinstance(item, dict):
            raise ValueError(f"{w}: must be a mapping with 'domain' and 'goal'")
        domain = str(_text(item, "domain", w))
        if domain not in {d.value for d in Domain}:
            raise ValueError(f"{w}: 'domain' must be one of {', '.join(d.value for d in Domain)}")
        goals.append((Domain(domain), str(_text(item, "goal", w))))
    return tuple(goals)


def _text(data: Mapping[str, Any], key: str, where: str, required: bool = True) -> str | None:
    if not isinstance(data, Mapping):
        raise ValueError(f"{where}: expected a mapping with '{key}'")
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


def parse_circles(
    data: Mapping[str, Any],
    where: str,
    host: PluginHost,
    organisations: Sequence[OrganisationSpec],
    mistakes: Mistakes,
) -> CirclesSpec:
    """The circles part of a tenant file: names and references checked here, the methodology's
    rules when the circles are built. Each neighbourhood, person and circle is checked on its
    own; their mistakes are noted in ``mistakes``."""
    neighbourhoods = []
    for i, item in enumerate(_entries(data, "neighbourhoods", where, mistakes)):
        w = f"{where} neighbourhoods[{i}]"
        with mistakes.noted():
            codes = tuple(str(c) for c in _list(item, "postcodes", w))
            wrong = [c for c in codes if not is_postcode_area(c)]
            if wrong:
                raise ValueError(f"{w}: not postcodes: {', '.join(wrong)}")
            neighbourhoods.append(
                NeighbourhoodSpec(
                    str(_text(item, "name", w)), _text(item, "cbs_code", w, False), codes
                )
            )
    known_trainings = {t.key for m in host.methodologies().values() for t in m.trainings}
    known_screenings = {s.key for m in host.methodologies().values() for s in m.screenings}
    persons = []
    for i, item in enumerate(_entries(data, "people", where, mistakes)):
        with mistakes.noted():
            persons.append(_person(item, f"{where} people[{i}]", known_trainings, known_screenings))
    person_names = names_in(data, "people")
    nbh_names = names_in(data, "neighbourhoods")
    enabled = {(o.name, key) for o in organisations for key, _ in o.methodologies}
    parsed, org_names = {o.name for o in organisations}, names_in(data, "organisations")
    found = []
    for i, item in enumerate(_entries(data, "circles", where, mistakes)):
        w = f"{where} circles[{i}]"
        with mistakes.noted():
            key = str(_text(item, "methodology", w))
            organisation = str(_text(item, "organisation", w))
            neighbourhood = str(_text(item, "neighbourhood", w))
            if key not in host.methodologies():
                raise ValueError(f"{w}: 'methodology' {key!r} is not installed")
            if organisation not in org_names:
                raise ValueError(f"{w}: 'organisation' {organisation!r} is not listed in this file")
            if organisation in parsed and (organisation, key) not in enabled:
                raise ValueError(f"{w}: 'organisation' {organisation!r} does not list {key!r}")
            if neighbourhood not in nbh_names:
                raise ValueError(
                    f"{w}: 'neighbourhood' {neighbourhood!r} is not listed in this file"
                )
            m = host.methodology(key)
            members = []
            for j, member in enumerate(_entries(item, "members", w, mistakes)):
                with mistakes.noted():
                    members.append(_member(member, f"{w} members[{j}]", person_names))
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
                    _date(item["started_on"], f"{w} started_on") if "started_on" in item else None,
                )
            )
    return CirclesSpec(tuple(neighbourhoods), tuple(persons), tuple(found))


def names_in(data: Mapping[str, Any], key: str) -> set[str]:
    """The names the entries under ``key`` give, also of entries with another mistake, so that
    a reference to them is not noted as a second mistake."""
    entries = data.get(key)
    if not isinstance(entries, list):
        return set()
    return {
        item["name"].strip()
        for item in entries
        if isinstance(item, Mapping) and isinstance(item.get("name"), str)
    }


def _person(
    item: Mapping[str, Any], w: str, known_trainings: set[str], known_screenings: set[str]
) -> PersonSpec:
    trainings = []
    for j, record in enumerate(_list(item, "trainings", w)):
        key = _text(record, "training", f"{w} trainings[{j}]")
        if key not in known_trainings:
            raise ValueError(f"{w} trainings[{j}]: {key!r} is no training of a methodology")
        trainings.append((str(key), _date(record.get("completed_on"), f"{w} trainings[{j}]")))
    screenings = []
    for j, record in enumerate(_list(item, "screenings", w)):
        key = _text(record, "screening", f"{w} screenings[{j}]")
        if key not in known_screenings:
            raise ValueError(f"{w} screenings[{j}]: {key!r} is no screening of a methodology")
        screenings.append((str(key), _date(record.get("issued_on"), f"{w} screenings[{j}]")))
    birth = item.get("birth_date")
    postcode = _text(item, "postcode", w, False)
    if postcode and not is_postcode(str(postcode)):
        raise ValueError(f"{w}: 'postcode' must be a Dutch or UK postcode, not {postcode!r}")
    return PersonSpec(
        name=str(_text(item, "name", w)),
        postcode=postcode,
        birth_date=_date(birth, w) if birth is not None else None,
        trainings=tuple(trainings),
        screenings=tuple(screenings),
    )


def _member(member: Mapping[str, Any], mw: str, person_names: set[str]) -> MemberSpec:
    person, intake_by = _text(member, "person", mw), _text(member, "intake_by", mw, False)
    for name in filter(None, (person, intake_by)):
        if name not in person_names:
            raise ValueError(f"{mw}: {name!r} is not listed under people")
    attributes = member.get("attributes", {})
    if not isinstance(attributes, dict):
        raise ValueError(f"{mw}: 'attributes' must be a mapping")
    return MemberSpec(
        str(person), str(_text(member, "role", mw)), attributes, intake_by, _plan(member, mw)
    )
