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

# Tables that belong to no single tenant, each for a reason. The trainer's facts keep a
# tenant_id (to compare tenants and to go when a tenant goes) yet are read across tenants.
GLOBAL_TABLES = {
    "tenant": "the tenants themselves",
    "user_account": "one login may work for several tenants",
    "trainer_grant": "central trainers work across every tenant using their methodology",
    "trainer_circle_fact": "a trainer's pseudonymised facts of circles across tenants",
    "trainer_circle_month": "the monthly history of those facts, for trends",
    "trainer_circle_outcome": "circles' outcome averages, for trainers across tenants",
    "trainer_circle_training": "circles' training counts, for trainers across tenants",
    "trainer_tenant_fact": "those facts added up per tenant, for the trainer's overview",
    "trainer_tenant_month": "the monthly history added up per tenant, for trend lines",
    "tenant_signup": "a tenant's sign-up, read by the platform admin across tenants",
    "tenant_deletion": "a tenant marked for deletion, found across tenants by the purge",
    "second_factor": "a login's authenticator app, shared by every tenant it works for",
    "recovery_code": "a login's single-use recovery codes",
    "sign_in_session": "a login's sign-ins: one cookie opens every tenant it holds a role in",
    "external_identity": "a provider account links to a login, which is global too",
}


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
