"""kring_analyze(tables): the app role may have the planner's statistics refreshed

A long transaction that writes many rows and then reads them back (a tenant file of 2,400
people synced at once) was planned with the statistics of the tables as they were before it:
the tenant's people taken for one row, every read of a circle's members a nested loop over all
of them, ten minutes for a file that takes half a minute. ANALYZE inside that transaction
fixes the plans (it counts the transaction's own rows), but only a table's owner may run it:
this function runs it as the owner, for tables the caller names, and only the app role and the
owner may call it (``kring.core.db.refresh_statistics``).

Revision ID: 0014c
Revises: 0014b
Create Date: 2026-12-04 18:30:00
"""
from alembic import op

revision = '0014c'
down_revision = '0014b'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        """
        CREATE FUNCTION kring_analyze(tables text[]) RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
        DECLARE name text;
        BEGIN
            FOREACH name IN ARRAY tables LOOP
                EXECUTE format('ANALYZE public.%I', name);
            END LOOP;
        END $$
        """
    )
    # Executing a function is granted to everyone by default; the app role gets it back in
    # env.py, with its other rights.
    op.execute("REVOKE ALL ON FUNCTION kring_analyze(text[]) FROM PUBLIC")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION kring_analyze(text[])")
