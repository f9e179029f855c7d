"""requests to the agency admin (reopening, supervisor correction); the appraisal snapshot on evaluations

Revision ID: 0009_requests
Revises: 0008_indexes
Create Date: 2026-12-01 22:05:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0009_requests'
down_revision = '0008_indexes'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reopen_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.Column('reopening_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_reopen_request_decided_by_id_user')),
    sa.ForeignKeyConstraint(['employee_id'], ['employee.id'], name=op.f('fk_reopen_request_employee_id_employee')),
    sa.ForeignKeyConstraint(['reopening_id'], ['reopening.id'],
                            name=op.f('fk_reopen_request_reopening_id_reopening')),
    sa.ForeignKeyConstraint(['review_id'], ['review_period.id'],
                            name=op.f('fk_reopen_request_review_id_review_period')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reopen_request'))
    )
    with op.batch_alter_table('reopen_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reopen_request_employee_id'), ['employee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reopen_request_status'), ['status'], unique=False)
    op.create_table('supervisor_correction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('current_supervisor_id', sa.Integer(), nullable=True),
    sa.Column('suggested_supervisor_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['current_supervisor_id'], ['employee.id'],
                            name=op.f('fk_supervisor_correction_current_supervisor_id_employee')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_supervisor_correction_decided_by_id_user')),
    sa.ForeignKeyConstraint(['employee_id'], ['employee.id'],
                            name=op.f('fk_supervisor_correction_employee_id_employee')),
    sa.ForeignKeyConstraint(['suggested_supervisor_id'], ['employee.id'],
                            name=op.f('fk_supervisor_correction_suggested_supervisor_id_employee')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supervisor_correction'))
    )
    with op.batch_alter_table('supervisor_correction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supervisor_correction_employee_id'), ['employee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_supervisor_correction_status'), ['status'], unique=False)
    with op.batch_alter_table('evaluation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('snapshot', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('evaluation', schema=None) as batch_op:
        batch_op.drop_column('snapshot')
    with op.batch_alter_table('supervisor_correction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supervisor_correction_status'))
        batch_op.drop_index(batch_op.f('ix_supervisor_correction_employee_id'))
    op.drop_table('supervisor_correction')
    with op.batch_alter_table('reopen_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reopen_request_status'))
        batch_op.drop_index(batch_op.f('ix_reopen_request_employee_id'))
    op.drop_table('reopen_request')
