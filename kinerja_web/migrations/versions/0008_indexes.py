"""indexes for the scans the province benchmark found

Revision ID: 0008_indexes
Revises: 0006_security
Create Date: 2026-12-01 21:05:00

"""
from alembic import op


revision = '0008_indexes'
down_revision = '0006_security'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_plan_employee_status', 'plan', ['employee_id', 'status'])
    op.create_index('ix_plan_supervisor_status', 'plan', ['supervisor_id', 'status'])
    op.create_index(op.f('ix_feedback_parent_id'), 'feedback', ['parent_id'])
    op.create_index('ix_notification_user_unread', 'notification', ['user_id', 'read_at'])


def downgrade():
    op.drop_index('ix_notification_user_unread', table_name='notification')
    op.drop_index(op.f('ix_feedback_parent_id'), table_name='feedback')
    op.drop_index('ix_plan_supervisor_status', table_name='plan')
    op.drop_index('ix_plan_employee_status', table_name='plan')
