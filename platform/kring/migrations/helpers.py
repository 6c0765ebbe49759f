"""What every migration that adds a tenant table must do on PostgreSQL: row-level security.

Kept here, frozen in time with the migrations that use it, rather than imported from the app.
"""

from __future__ import annotations

from alembic import op

APPEND_ONLY = ("access_log",)
"""Tables the app role may add to and read, but never change or empty (``env.py``)."""


def include_name(name: str | None, type_: str, _parents: object) -> bool:
    """What Alembic compares with the models: not the monthly partitions of an append-only
    log (``access_log_y2026m12``), which the database keeps beside the table the models name."""
    return not (
        type_ in ("table", "index")
        and name is not None
        and any(name.startswith(f"{log}_") for log in APPEND_ONLY)
    )


TENANT_SETTING = "kring.tenant_id"
SYSTEM_SETTING = "kring.system"

_CHECK = (
    f"tenant_id = NULLIF(current_setting('{TENANT_SETTING}', true), '')::integer "
    f"OR current_setting('{SYSTEM_SETTING}', true) = 'on'"
)


def protect_tenant_table(table: str) -> None:
    """Enable and force row-level security on ``table`` with the tenant policy (PostgreSQL only)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY tenant_isolation ON {table} USING ({_CHECK}) WITH CHECK ({_CHECK})")
