"""Tenant keys indexed with tenant_id first: (tenant_id, circle_id) instead of (circle_id)

Every read of a tenant table names its tenant, and so does a composite key's own check when a
row it points at is deleted; an index on the key's column alone served those reads from every
tenant's rows. The EXPLAIN test of the hot pages (tests/structure/
test_hot_queries_use_tenant_indexes.py) found them; kring.core.tenancy now makes the index of a
tenant key (index=True) lead with tenant_id.

Revision ID: 0014b
Revises: 0013a
Create Date: 2026-12-03 17:09:51.118286
"""
from alembic import op

revision = '0014b'
down_revision = '0013a'
branch_labels = None
depends_on = None


KEYS = (
    ("activity", "organisation_id"),
    ("activity_feed", "organisation_id"),
    ("activity_suggestion", "activity_id"),
    ("activity_suggestion", "circle_id"),
    ("activity_suggestion", "person_id"),
    ("api_token", "client_id"),
    ("audit", "circle_id"),
    ("audit_action", "audit_id"),
    ("audit_finding", "audit_id"),
    ("circle", "neighbourhood_id"),
    ("circle", "organisation_id"),
    ("circle_contact", "circle_id"),
    ("circle_contact", "person_id"),
    ("circle_member", "circle_id"),
    ("circle_member", "person_id"),
    ("encounter", "circle_id"),
    ("encounter", "other_id"),
    ("encounter", "person_id"),
    ("escalation", "circle_id"),
    ("escalation", "person_id"),
    ("exchange_talent", "person_id"),
    ("exchange_wish", "person_id"),
    ("fidelity_score", "circle_id"),
    ("help_request", "asked_by_id"),
    ("help_request", "circle_id"),
    ("help_request", "offered_by_id"),
    ("invitation", "organisation_id"),
    ("meeting_attendance", "person_id"),
    ("meeting_feed", "person_id"),
    ("meeting_guest", "meeting_id"),
    ("member_status_change", "member_id"),
    ("methodology_enablement", "organisation_id"),
    ("neighbourhood_statistics", "neighbourhood_id"),
    ("outbox_message", "circle_id"),
    ("outbox_message", "person_id"),
    ("outside_contact", "person_id"),
    ("phase_transition", "circle_id"),
    ("plan", "person_id"),
    ("plan_event", "plan_id"),
    ("plan_goal", "plan_id"),
    ("plan_note", "goal_id"),
    ("plan_note", "plan_id"),
    ("plan_step", "goal_id"),
    ("plan_step", "supporter_id"),
    ("role_grant", "organisation_id"),
    ("screening_record", "person_id"),
    ("sign_in_link", "person_id"),
    ("signal", "assigned_to_id"),
    ("signal", "circle_id"),
    ("signal", "organisation_id"),
    ("survey_response", "circle_id"),
    ("survey_response", "person_id"),
    ("training_exception", "person_id"),
    ("training_record", "person_id"),
)
"""(table, column) of every tenant key whose index was on the column alone."""


def upgrade():
    for table, column in KEYS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f"ix_{table}_{column}")
            batch_op.create_index(f"ix_{table}_tenant_{column}", ["tenant_id", column])


def downgrade():
    for table, column in reversed(KEYS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f"ix_{table}_tenant_{column}")
            batch_op.create_index(f"ix_{table}_{column}", [column])
