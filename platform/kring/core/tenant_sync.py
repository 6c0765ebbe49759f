"""Tenants as code: read ``tenants/<slug>.yaml`` files and make the database match, idempotently.

Used for the demo tenants and as a GitOps way to run real ones. Everything is validated before
anything is written, and the whole directory is applied in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select

from kring.core import enablement, tenant_circles
from kring.core.accounts import Role, RoleGrant, User, find_user_by_email, normalise_email
from kring.core.tenancy import (
    Organisation,
    OrganisationKind,
    Tenant,
    TenantKind,
    TenantStatus,
    tenant_scope,
)
from kring.core.tenant_circles import CirclesSpec
from kring.extensions import db

if TYPE_CHECKING:
    from kring.plugins import PluginHost


class TenantFileError(ValueError):
    """A tenant file is invalid; the message names the file and the field."""


@dataclass(frozen=True)
class UserSpec:
    email: str
    name: str
    roles: tuple[Role, ...]
    organisation: str | None = None
    password: str | None = None
    locale: str | None = None


@dataclass(frozen=True)
class OrganisationSpec:
    name: str
    kind: OrganisationKind
    methodologies: tuple[tuple[str, dict[str, Any]], ...] = ()
    """(methodology key, validated settings) pairs."""


@dataclass(frozen=True)
class TenantSpec:
    slug: str
    name: str
    kind: TenantKind
    locale: str
    status: TenantStatus
    organisations: tuple[OrganisationSpec, ...] = ()
    users: tuple[UserSpec, ...] = ()
    circles: CirclesSpec = field(default_factory=CirclesSpec)
    source: str = ""


@dataclass
class SyncReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    logins: list[tuple[str, str, str, str]] = field(
        default_factory=list
    )  # tenant, email, password, roles


def _get(data: dict[str, Any], key: str, where: str, default: Any = ..., kind: type = str) -> Any:
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
    where = path.name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise TenantFileError(f"{where}: not valid YAML ({exc})") from None
    if not isinstance(data, dict):
        raise TenantFileError(f"{where}: expected a mapping at the top")
    slug = _get(data, "slug", where)
    if slug != path.stem:
        raise TenantFileError(f"{where}: slug {slug!r} must equal the file name {path.stem!r}")
    organisations = []
    for i, item in enumerate(_get(data, "organisations", where, [], list)):
        w = f"{where} organisations[{i}]"
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
    org_names = {o.name for o in organisations}
    users = []
    for i, item in enumerate(_get(data, "users", where, [], list)):
        w = f"{where} users[{i}]"
        try:
            email = validate_email(_get(item, "email", w), check_deliverability=False).normalized
        except EmailNotValidError as exc:
            raise TenantFileError(f"{w}: 'email' is not valid ({exc})") from None
        password = _get(item, "password", w, None)
        if password is not None and not allow_passwords:
            raise TenantFileError(f"{w}: passwords in tenant files are for the demo only")
        organisation = _get(item, "organisation", w, None)
        if organisation is not None and organisation not in org_names:
            raise TenantFileError(f"{w}: organisation {organisation!r} is not listed in this file")
        roles = tuple(_enum(Role, r, w, "roles") for r in _get(item, "roles", w, kind=list))
        users.append(
            UserSpec(
                email=normalise_email(email),
                name=_get(item, "name", w),
                roles=roles,
                organisation=organisation,
                password=password,
                locale=_get(item, "locale", w, None),
            )
        )
    locale = _get(data, "locale", where, "nl")
    if locale not in ("nl", "en"):
        raise TenantFileError(f"{where}: 'locale' must be nl or en")
    return TenantSpec(
        slug=slug,
        name=_get(data, "name", where),
        kind=_enum(TenantKind, _get(data, "kind", where), where, "kind"),
        locale=locale,
        status=_enum(TenantStatus, _get(data, "status", where, "active"), where, "status"),
        organisations=tuple(organisations),
        users=tuple(users),
        circles=tenant_circles.parse(data, where, host, organisations),
        source=where,
    )


def load_directory(directory: Path, host: PluginHost, allow_passwords: bool) -> list[TenantSpec]:
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise TenantFileError(f"no tenant files (*.yaml) in {directory}")
    return [parse(f, host, allow_passwords) for f in files]


def apply(
    specs: list[TenantSpec],
    host: PluginHost,
    today: date,
    progress: Callable[[str], None] = lambda _: None,
) -> SyncReport:
    """Create or update every tenant with its organisations, users, people and circles; commit
    once at the end, or roll everything back when a circle breaks its methodology's rules."""
    report = SyncReport()
    for spec in specs:
        progress(spec.slug)
        tenant = db.session.execute(
            select(Tenant).where(Tenant.slug == spec.slug)
        ).scalar_one_or_none()
        if tenant is None:
            tenant = Tenant(slug=spec.slug)
            db.session.add(tenant)
            report.created.append(spec.slug)
        else:
            report.updated.append(spec.slug)
        tenant.name, tenant.kind, tenant.locale, tenant.status = (
            spec.name,
            spec.kind,
            spec.locale,
            spec.status,
        )
        db.session.flush()
        with tenant_scope(tenant):
            organisations = _apply_tenant(spec, host, report)
            try:
                tenant_circles.apply(spec.circles, host, organisations, today)
            except tenant_circles.CircleFileError as exc:
                db.session.rollback()
                raise TenantFileError(f"{spec.source} {exc}") from None
    db.session.commit()
    return report


def _apply_tenant(
    spec: TenantSpec, host: PluginHost, report: SyncReport
) -> dict[str, Organisation]:
    existing = {o.name: o for o in db.session.execute(select(Organisation)).scalars()}
    for org_spec in spec.organisations:
        organisation = existing.get(org_spec.name)
        if organisation is None:
            organisation = Organisation(name=org_spec.name, kind=org_spec.kind)
            db.session.add(organisation)
            db.session.flush()
            existing[org_spec.name] = organisation
        organisation.kind = org_spec.kind
        for key, settings in org_spec.methodologies:
            enablement.enable(organisation, key, host.methodologies(), None, settings)
    for user_spec in spec.users:
        user = find_user_by_email(user_spec.email)
        if user is None:
            user = User(email=user_spec.email, name=user_spec.name, locale=user_spec.locale)
            db.session.add(user)
        user.name = user_spec.name
        if user_spec.password and not user.check_password(user_spec.password):
            user.set_password(user_spec.password)
        db.session.flush()
        organisation_id = existing[user_spec.organisation].id if user_spec.organisation else None
        held = {
            (g.role, g.organisation_id)
            for g in db.session.execute(
                select(RoleGrant).where(RoleGrant.user_id == user.id)
            ).scalars()
        }
        for role in user_spec.roles:
            if (role, organisation_id) not in held:
                db.session.add(
                    RoleGrant(user_id=user.id, role=role, organisation_id=organisation_id)
                )
        report.logins.append(
            (
                spec.slug,
                user_spec.email,
                user_spec.password or "",
                ", ".join(r.value for r in user_spec.roles),
            )
        )
    return existing
