"""Action plans (rencana aksi) per RHK and review period; a daily progress entry may name the one it serves

Revision ID: 0019_action_plans
Revises: 0018_status_changes
Create Date: 2026-12-06 22:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0019_action_plans'
down_revision = '0018_status_changes'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('action_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('result_id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=True),
    sa.Column('quantity', sa.Numeric(precision=18, scale=4), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_action_plan_plan_id_plan')),
    sa.ForeignKeyConstraint(['result_id'], ['work_result.id'], name=op.f('fk_action_plan_result_id_work_result')),
    sa.ForeignKeyConstraint(['review_id'], ['review_period.id'],
                            name=op.f('fk_action_plan_review_id_review_period')),
    sa.ForeignKeyConstraint(['indicator_id'], ['plan_indicator.id'],
                            name=op.f('fk_action_plan_indicator_id_plan_indicator')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_action_plan_created_by_id_user')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_action_plan_updated_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_plan'))
    )
    with op.batch_alter_table('action_plan', schema=None) as batch_op:
        batch_op.create_index('ix_action_plan_plan_review', ['plan_id', 'review_id', 'result_id', 'seq'],
                              unique=False)
    with op.batch_alter_table('progress_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('action_plan_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_progress_entry_action_plan_id_action_plan'), 'action_plan',
                                    ['action_plan_id'], ['id'])


def downgrade():
    with op.batch_alter_table('progress_entry', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_progress_entry_action_plan_id_action_plan'), type_='foreignkey')
        batch_op.drop_column('action_plan_id')
    with op.batch_alter_table('action_plan', schema=None) as batch_op:
        batch_op.drop_index('ix_action_plan_plan_review')
    op.drop_table('action_plan')
