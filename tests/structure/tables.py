"""The tables the structural tests walk, with every model loaded first.

Parametrizing by table happens when pytest collects, before any app exists; loading the models
the way ``create_app`` does means a table is never missed because no earlier import happened to
load its area.
"""

from __future__ import annotations

from sqlalchemy import Table

from kring.app import CORE_MODELS, MODULES
from kring.core.tenancy import TenantScoped
from kring.extensions import db
from kring.module import load


def tenant_tables() -> list[Table]:
    """Every table of a ``TenantScoped`` model, by name."""
    for path in (*CORE_MODELS, *(m for module in MODULES for m in module.models)):
        load(path)
    tables = {
        m.local_table.name: m.local_table
        for m in db.Model.registry.mappers
        if issubclass(m.class_, TenantScoped) and isinstance(m.local_table, Table)
    }
    return [tables[name] for name in sorted(tables)]
