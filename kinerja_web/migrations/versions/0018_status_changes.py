"""People who move: employee statuses with dates, and an SKP in parts when someone moves post mid-year

Revision ID: 0018_status_changes
Revises: 0017_daily_progress
Create Date: 2026-12-06 21:05:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0018_status_changes'
down_revision = '0017_daily_progress'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('status_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('effective_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('old_unit_id', sa.Integer(), nullable=True),
    sa.Column('new_unit_id', sa.Integer(), nullable=True),
    sa.Column('new_position_id', sa.Integer(), nullable=True),
    sa.Column('new_supervisor_id', sa.Integer(), nullable=True),
    sa.Column('closed_plan_id', sa.Integer(), nullable=True),
    sa.Column('opened_plan_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['employee_id'], ['employee.id'], name=op.f('fk_status_change_employee_id_employee')),
    sa.ForeignKeyConstraint(['old_unit_id'], ['unit.id'], name=op.f('fk_status_change_old_unit_id_unit')),
    sa.ForeignKeyConstraint(['new_unit_id'], ['unit.id'], name=op.f('fk_status_change_new_unit_id_unit')),
    sa.ForeignKeyConstraint(['new_position_id'], ['position.id'],
                            name=op.f('fk_status_change_new_position_id_position')),
    sa.ForeignKeyConstraint(['new_supervisor_id'], ['employee.id'],
                            name=op.f('fk_status_change_new_supervisor_id_employee')),
    sa.ForeignKeyConstraint(['closed_plan_id'], ['plan.id'], name=op.f('fk_status_change_closed_plan_id_plan')),
    sa.ForeignKeyConstraint(['opened_plan_id'], ['plan.id'], name=op.f('fk_status_change_opened_plan_id_plan')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_status_change_created_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_status_change'))
    )
    with op.batch_alter_table('status_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_status_change_employee_id'), ['employee_id'], unique=False)
    with op.batch_alter_table('employee', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=20), server_default='aktif', nullable=False))
        batch_op.add_column(sa.Column('status_since', sa.Date(), nullable=True))
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('part', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('starts_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('ends_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('closing_snapshot', sa.JSON(), nullable=True))
        # a person's SKP of a year may come in parts now: the version counts within a part
        batch_op.drop_constraint('uq_plan_employee_id', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_plan_employee_id'),
                                          ['employee_id', 'period_id', 'part', 'version'])


def downgrade():
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_constraint('uq_plan_employee_id', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_plan_employee_id'), ['employee_id', 'period_id', 'version'])
        batch_op.drop_column('closing_snapshot')
        batch_op.drop_column('ends_on')
        batch_op.drop_column('starts_on')
        batch_op.drop_column('part')
    with op.batch_alter_table('employee', schema=None) as batch_op:
        batch_op.drop_column('status_since')
        batch_op.drop_column('status')
    with op.batch_alter_table('status_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_status_change_employee_id'))
    op.drop_table('status_change')
