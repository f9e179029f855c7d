"""plugin fields and provenance on realisations, growth baselines, plugin switches and faults

Revision ID: 0011_plugin_fields
Revises: 0010_list_indexes
Create Date: 2026-12-06 02:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0011_plugin_fields'
down_revision = '0010_list_indexes'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('realization', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fields', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('provenance', sa.JSON(), nullable=True))
    with op.batch_alter_table('plan_indicator', schema=None) as batch_op:
        batch_op.add_column(sa.Column('baseline_value', sa.Numeric(precision=18, scale=4), nullable=True))
        batch_op.add_column(sa.Column('baseline_source', sa.String(length=300), server_default='', nullable=False))
        batch_op.add_column(sa.Column('due_rule', sa.String(length=64), server_default='', nullable=False))
    op.create_table('plugin_switch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_code', sa.String(length=32), nullable=False),
    sa.Column('plugin', sa.String(length=100), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['changed_by_id'], ['user.id'], name=op.f('fk_plugin_switch_changed_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plugin_switch')),
    sa.UniqueConstraint('agency_code', 'plugin', name=op.f('uq_plugin_switch_agency_code'))
    )
    op.create_table('plugin_fault',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plugin', sa.String(length=100), nullable=False),
    sa.Column('hook', sa.String(length=80), nullable=False),
    sa.Column('agency_code', sa.String(length=32), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plugin_fault'))
    )
    with op.batch_alter_table('plugin_fault', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plugin_fault_plugin'), ['plugin'], unique=False)
        batch_op.create_index(batch_op.f('ix_plugin_fault_created_at'), ['created_at'], unique=False)


def downgrade():
    op.drop_table('plugin_fault')
    op.drop_table('plugin_switch')
    with op.batch_alter_table('plan_indicator', schema=None) as batch_op:
        batch_op.drop_column('due_rule')
        batch_op.drop_column('baseline_source')
        batch_op.drop_column('baseline_value')
    with op.batch_alter_table('realization', schema=None) as batch_op:
        batch_op.drop_column('provenance')
        batch_op.drop_column('fields')
