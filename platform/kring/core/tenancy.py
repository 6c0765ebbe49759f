"""Tenants, and the one place where tenant scoping happens.

Three walls keep tenants apart:

1. An ORM listener (``do_orm_execute``) adds ``tenant_id = <current tenant>`` to every select,
   update and delete that touches a ``TenantScoped`` model, and raises when no tenant is set
   outside an explicit, logged ``system_scope``. ``before_flush`` stamps ``tenant_id`` on inserts.
2. On PostgreSQL, row-level security on ``tenant_id`` reads a per-transaction setting that this
   module writes at the start of every transaction (``set_config(..., true)``, never per
   connection, so nothing leaks across the pool). The app connects as a role that cannot bypass it.
3. In the schema, on every engine: a key from one tenant table to another (``tenant_key``) is the
   composite ``(tenant_id, x_id) -> x (tenant_id, id)``, so the database itself refuses a row
   that points into another tenant, even when the ORM and row-level security are not in the way
   (raw SQL as the schema owner, a migration, SQLite).

The current tenant lives in a ``ContextVar``: the request, the job decorator and the CLI's
``--tenant`` set it through ``tenant_scope``; nothing else changes it.
"""

from __future__ import annotations

import enum
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import (
    CheckConstraint,
    Engine,
    Enum,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Select,
    String,
    Table,
    UniqueConstraint,
    cast,
    event,
    func,
    select,
    true,
)
from sqlalchemy.orm import (
    Mapped,
    MappedColumn,
    Mapper,
    ORMExecuteState,
    Session,
    declared_attr,
    mapped_column,
    with_loader_criteria,
)
from sqlalchemy.orm import (
    relationship as _relationship,
)
from sqlalchemy.sql.elements import ColumnElement

from kring.core.db import Model, utcnow

log = logging.getLogger(__name__)

_NO_TENANT = -1  # matches no row: tenant ids are positive


@dataclass(frozen=True)
class _Scope:
    tenant_id: int | None
    system_reason: str | None = None


_current: ContextVar[_Scope] = ContextVar(
    "kring_tenant_scope",
    default=_Scope(None),  # noqa: B039 - a frozen dataclass, never mutated
)


class TenantNotSet(RuntimeError):
    """A tenant-owned table was queried with no tenant in scope: a bug, never user error."""


class CrossTenantWrite(RuntimeError):
    """An object of one tenant was flushed while another tenant is in scope."""


class TenantKind(enum.StrEnum):
    """Who signed up: a municipality, a housing corporation or a care or welfare organisation."""

    municipality = "municipality"
    housing_corporation = "housing_corporation"
    care_welfare = "care_welfare"


class TenantStatus(enum.StrEnum):
    """A tenant works in Kring only when active; pending and suspended tenants see a clear page."""

    pending = "pending"
    active = "active"
    suspended = "suspended"


SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$"


ZONES = {"nl": "Europe/Amsterdam", "en": "Europe/London"}


def zone(locale: str) -> ZoneInfo:
    """The time zone a tenant's people live in, from the tenant's language (Kring's tenants are
    Dutch and British): meetings are planned and quiet hours kept in it."""
    return ZoneInfo(ZONES.get(locale, "Europe/Amsterdam"))


class Tenant(Model):
    """A municipality, housing corporation or care/welfare organisation that signed up for Kring."""

    __tablename__ = "tenant"

    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[TenantKind] = mapped_column(Enum(TenantKind, native_enum=False, length=40))
    locale: Mapped[str] = mapped_column(String(5), default="nl")
    status: Mapped[TenantStatus] = mapped_column(
        Enum(TenantStatus, native_enum=False, length=20), default=TenantStatus.pending
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    retention_months: Mapped[int] = mapped_column(default=24, server_default="24")
    """How long a former participant's data stays after they left their last circle; then the
    retention job erases it (``kring.privacy.retention``)."""

    __table_args__ = (
        CheckConstraint("locale in ('nl', 'en')", name="locale"),
        CheckConstraint("retention_months >= 1", name="retention_months_positive"),
        CheckConstraint("length(slug) >= 1", name="slug_not_empty"),
    )

    @property
    def is_active(self) -> bool:
        return self.status is TenantStatus.active

    def __repr__(self) -> str:
        return f"<Tenant {self.slug}>"


class TenantScoped:
    """Mixin for every tenant-owned model: adds ``tenant_id``, puts the model behind the walls.

    Its table also gets ``UNIQUE (tenant_id, id)``, the target of other tables' ``tenant_key``s,
    and a composite foreign key for each ``tenant_key`` column (see ``_add_tenant_keys``).
    """

    @declared_attr
    def tenant_id(cls) -> Mapped[int]:
        return mapped_column(
            ForeignKey("tenant.id", ondelete="CASCADE"), index=True, nullable=False
        )


def relationship(*args: Any, **kwargs: Any) -> Any:
    """``sqlalchemy.orm.relationship`` that raises on lazy loads, so N+1 queries fail in tests."""
    kwargs.setdefault("lazy", "raise")
    return _relationship(*args, **kwargs)


# --- the current tenant -------------------------------------------------------------------


def current_tenant_id() -> int | None:
    """The tenant in scope, or None (outside a tenant, or in a system scope)."""

    return _current.get().tenant_id


def in_system_scope() -> bool:
    """Whether the code runs across tenants, in a logged ``system_scope``."""

    return _current.get().system_reason is not None


@contextmanager
def tenant_scope(tenant: Tenant | int) -> Iterator[None]:
    """Run the block as ``tenant``: every ORM query sees only its rows."""
    tenant_id = tenant if isinstance(tenant, int) else tenant.id
    if tenant_id is None:
        raise ValueError("tenant_scope needs a saved tenant (flush it first)")
    token = _current.set(_Scope(tenant_id))
    _sync_transaction_setting()
    try:
        yield
        _flush_pending()  # rows added in the scope are stamped with its tenant, not the next one
    finally:
        _current.reset(token)
        _sync_transaction_setting()


@contextmanager
def system_scope(reason: str) -> Iterator[None]:
    """Run the block across tenants. Rare, logged, and always with a reason a reviewer can judge."""
    if not reason.strip():
        raise ValueError("system_scope needs a reason")
    log.info("system scope entered: %s", reason)
    token = _current.set(_Scope(None, reason))
    _sync_transaction_setting()
    try:
        yield
    finally:
        _current.reset(token)
        _sync_transaction_setting()


def set_request_tenant(tenant: Tenant | None) -> Any:
    """Set the tenant for a request; returns a token for ``reset_request_tenant``."""
    token = _current.set(_Scope(tenant.id if tenant else None))
    _sync_transaction_setting()
    return token


def enter_request_tenant(slug: str) -> tuple[Tenant | None, Any]:
    """The tenant a request names, read and made the request's scope in one round trip: on
    PostgreSQL the statement that finds it by slug also tells the transaction its tenant
    (``set_request_tenant`` would send a second statement right after, on every request).
    Returns the tenant and the token for ``reset_request_tenant``, or ``(None, None)`` when
    no tenant has that slug, and then nothing is set."""
    from kring.extensions import db

    statement = _by_slug(slug)
    if statement is None:
        return None, None
    if db.session.get_bind().dialect.name == "postgresql":
        statement = statement.add_columns(*_settings(cast(Tenant.id, String), "off"))
    row = db.session.execute(statement).first()
    if row is None:
        return None, None
    tenant: Tenant = row[0]
    return tenant, _current.set(_Scope(tenant.id))


def reset_request_tenant(token: Any) -> None:
    """End the request's tenant scope (the teardown of every request)."""

    _current.reset(token)


# --- wall 1: the ORM listener -------------------------------------------------------------


def _touches_tenant_table(state: ORMExecuteState) -> bool:
    return any(issubclass(m.class_, TenantScoped) for m in state.all_mappers)


@event.listens_for(Session, "do_orm_execute")
def _scope_to_tenant(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete) or state.is_column_load:
        return
    scope = _current.get()
    if scope.system_reason is not None:
        return
    if scope.tenant_id is None and _touches_tenant_table(state):
        raise TenantNotSet(
            "a tenant-owned table was queried with no tenant in scope; "
            "use tenant_scope(tenant) or system_scope(reason)"
        )
    tenant_id = scope.tenant_id if scope.tenant_id is not None else _NO_TENANT
    state.statement = state.statement.options(
        with_loader_criteria(
            TenantScoped,
            lambda cls: cls.tenant_id == tenant_id,
            include_aliases=True,
        )
    )


@event.listens_for(Session, "before_flush")
def _stamp_tenant(session: Session, _context: Any, _instances: Any) -> None:
    scope = _current.get()
    for obj in session.new:
        if not isinstance(obj, TenantScoped):
            continue
        if obj.tenant_id is None:
            if scope.tenant_id is None:
                raise TenantNotSet(f"cannot save {type(obj).__name__} without a tenant in scope")
            obj.tenant_id = scope.tenant_id
        elif scope.system_reason is None and obj.tenant_id != scope.tenant_id:
            raise CrossTenantWrite(f"{type(obj).__name__} belongs to another tenant")
    if scope.system_reason is None:
        for obj in session.dirty:
            if isinstance(obj, TenantScoped) and obj.tenant_id != scope.tenant_id:
                raise CrossTenantWrite(f"{type(obj).__name__} belongs to another tenant")


# --- wall 2: PostgreSQL row-level security ------------------------------------------------

RLS_SETTING = "kring.tenant_id"
RLS_SYSTEM_SETTING = "kring.system"


def _setting_values() -> tuple[str, str]:
    scope = _current.get()
    tenant = "" if scope.tenant_id is None else str(scope.tenant_id)
    return tenant, "on" if scope.system_reason is not None else "off"


_UNTOUCHED = "kring.settings_untouched"
"""In a connection's info while its transaction has not had a ``set_config`` of ours yet."""

_DEFAULTS = ("", "off")
"""The settings of no tenant outside a system scope: what the policies read when none is set
(``NULLIF(current_setting(...), '')`` is NULL for both, and neither is ``'on'``)."""


def _apply_setting(connection: Any) -> None:
    if connection.dialect.name != "postgresql":
        return
    connection.info.pop(_UNTOUCHED, None)
    connection.execute(select(*_settings(*_setting_values())))


def _settings(tenant: ColumnElement[str] | str, system: str) -> tuple[ColumnElement[Any], ...]:
    """The two settings the policies read, as ``set_config`` columns to select. is_local=true:
    the values die with the transaction, so a pooled connection never keeps them."""
    return (
        func.set_config(RLS_SETTING, tenant, true()),
        func.set_config(RLS_SYSTEM_SETTING, system, true()),
    )


@event.listens_for(Engine, "begin")
def _untouched(connection: Any) -> None:
    """Mark a transaction as just begun; the first session's ``after_begin`` or any
    ``_apply_setting`` takes the mark away. (Code that sets the settings itself with ``text``,
    the migrations as the schema owner, wants them for a session it binds there too.)"""
    connection.info[_UNTOUCHED] = True


@event.listens_for(Session, "after_begin")
def _set_transaction_tenant(_session: Session, _transaction: Any, connection: Any) -> None:
    """Tell PostgreSQL the tenant of the transaction a session begins. A transaction that has
    just begun holds neither setting, which is what no tenant outside a system scope means, so
    then the statement is left out: each request begins with a global read (its tenant, by
    slug) and would otherwise pay a round trip to say nothing before ``set_request_tenant``
    says who. A session joining a transaction begun earlier (a savepoint in the tests) finds
    the mark gone and always sets them."""
    if connection.info.pop(_UNTOUCHED, False) and _setting_values() == _DEFAULTS:
        return
    _apply_setting(connection)


def _flush_pending() -> None:
    from flask import has_app_context

    if not has_app_context():
        return
    from kring.extensions import db

    session = db.session()
    if session.new or session.dirty or session.deleted:
        session.flush()


def _sync_transaction_setting() -> None:
    """When the scope changes inside an open transaction, tell PostgreSQL too."""
    from flask import has_app_context

    if not has_app_context():
        return
    from kring.extensions import db

    session = db.session()
    if not session.in_transaction():
        return
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return
    _apply_setting(session.connection())


# --- wall 3: composite foreign keys -------------------------------------------------------

_TENANT_KEY = "kring.tenant_key"  # in a column's info: (target table, ON DELETE)
_KEYS_ADDED = "kring.tenant_keys_added"  # in a table's info
PARTITIONED_BY = "kring.partitioned_by"
"""In a table's info: the column a PostgreSQL table is partitioned by (the access log, by
month). Its unique keys must include that column, so it has no ``UNIQUE (tenant_id, id)`` and
no key may point at it."""


def tenant_key(
    table: str, *, ondelete: Literal["CASCADE", "RESTRICT"], **column: Any
) -> MappedColumn[Any]:
    """A column pointing at a row of another tenant table, by a key that includes the tenant.

    ``person_id: Mapped[int] = tenant_key("person", ondelete="RESTRICT", index=True)`` becomes
    ``FOREIGN KEY (tenant_id, person_id) REFERENCES person (tenant_id, id)``, so the database
    refuses a row that names another tenant's person. Keys to global tables (``tenant``,
    ``user_account``) stay plain ``ForeignKey``s.

    ``SET NULL`` is refused: on a composite key it would null ``tenant_id`` too, and PostgreSQL's
    ``SET NULL (person_id)`` has no SQLite twin. Clear such a reference in the service instead.
    A relationship over the key names the column alone, ``relationship(Person,
    foreign_keys=[person_id])``, so it never copies ``tenant_id`` from the row it points at.
    """
    if ondelete not in ("CASCADE", "RESTRICT"):
        raise ValueError(f"tenant_key({table!r}): ondelete must be CASCADE or RESTRICT")
    return mapped_column(info={_TENANT_KEY: (table, ondelete)}, **column)


@event.listens_for(TenantScoped, "after_mapper_constructed", propagate=True)
def _add_tenant_keys(mapper: Mapper[Any], _cls: type) -> None:
    """Give a tenant table ``UNIQUE (tenant_id, id)`` and a composite key per ``tenant_key``.

    Done when the class is mapped, so a model needs no ``__table_args__`` of its own for it.
    """
    table = mapper.local_table
    if not isinstance(table, Table) or table.info.get(_KEYS_ADDED):
        return  # a subclass sharing its parent's table: the parent has them already
    table.info[_KEYS_ADDED] = True
    if PARTITIONED_BY not in table.info:
        table.append_constraint(UniqueConstraint("tenant_id", "id"))
    for column in list(table.columns):
        if _TENANT_KEY not in column.info:
            continue
        target, ondelete = column.info[_TENANT_KEY]
        table.append_constraint(
            ForeignKeyConstraint(
                ["tenant_id", column.name],
                [f"{target}.tenant_id", f"{target}.id"],
                ondelete=ondelete,
                # the name the single-column key had: fk_<table>_<column>_<target>
                name=f"fk_{table.name}_{column.name}_{target}",
            )
        )
        _lead_with_tenant(table, column)


def _lead_with_tenant(table: Table, column: Any) -> None:
    """A tenant key's index (``index=True``) leads with ``tenant_id``: ``(tenant_id, column)``
    instead of the column alone. Every read names its tenant, and so does the key's own check
    when a row it points at is deleted; an index on the column alone would serve those reads
    from every tenant's rows (``tests/structure/test_hot_queries_use_tenant_indexes.py``)."""
    alone = [
        index
        for index in table.indexes
        if [c.name for c in index.columns] == [column.name] and not index.unique
    ]
    if not alone:
        return
    for index in alone:
        table.indexes.discard(index)
    column.index = None
    Index(f"ix_{table.name}_tenant_{column.name}", table.c.tenant_id, column)


# --- lookups ------------------------------------------------------------------------------

M = TypeVar("M", bound=Model)


def get_in_tenant(model: type[M], record_id: int) -> M | None:
    """The record with this id in the current tenant, or None: another tenant's id is not found.

    Always runs SQL (unlike ``Session.get``), so the identity map can never hand back a row that
    was loaded under another tenant.
    """
    from kring.extensions import db

    return db.session.execute(select(model).where(model.id == record_id)).scalar_one_or_none()


def tenant_by_slug(slug: str) -> Tenant | None:
    """The tenant a request names in its path or subdomain, whatever its status."""

    from kring.extensions import db

    statement = _by_slug(slug)
    return None if statement is None else db.session.execute(statement).scalar_one_or_none()


def _by_slug(slug: str) -> Select[Tenant] | None:
    """The read of the tenant named ``slug``; None for a name that cannot be a slug (a NUL byte,
    which PostgreSQL refuses to compare), which names no tenant."""
    if not re.fullmatch(SLUG_PATTERN, slug):
        return None
    return select(Tenant).where(Tenant.slug == slug)
