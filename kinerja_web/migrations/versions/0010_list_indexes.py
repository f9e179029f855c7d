"""indexes for the admin lists at province scale (employees by name, the audit trail newest first)

Revision ID: 0010_list_indexes
Revises: 0009_requests
Create Date: 2026-12-05 21:30:00

"""
from alembic import op


revision = '0010_list_indexes'
down_revision = '0009_requests'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_employee_agency_name', 'employee', ['agency_id', 'name', 'id'])
    op.create_index('ix_audit_entry_agency_newest', 'audit_entry', ['agency_id', 'id'])


def downgrade():
    op.drop_index('ix_audit_entry_agency_newest', table_name='audit_entry')
    op.drop_index('ix_employee_agency_name', table_name='employee')
