"""Daily progress entries (progres harian) that add up into a period's realisation

Revision ID: 0017_daily_progress
Revises: 0016_rule_adoption
Create Date: 2026-12-06 21:05:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0017_daily_progress'
down_revision = '0016_rule_adoption'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('progress_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=True),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('starts_at', sa.Time(), nullable=True),
    sa.Column('ends_at', sa.Time(), nullable=True),
    sa.Column('activity', sa.Text(), nullable=False),
    sa.Column('quantity', sa.Numeric(precision=18, scale=4), nullable=True),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('link', sa.String(length=1000), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_progress_entry_plan_id_plan')),
    sa.ForeignKeyConstraint(['review_id'], ['review_period.id'],
                            name=op.f('fk_progress_entry_review_id_review_period')),
    sa.ForeignKeyConstraint(['indicator_id'], ['plan_indicator.id'],
                            name=op.f('fk_progress_entry_indicator_id_plan_indicator')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_progress_entry_created_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_entry'))
    )
    with op.batch_alter_table('progress_entry', schema=None) as batch_op:
        batch_op.create_index('ix_progress_entry_plan_day', ['plan_id', 'day'], unique=False)
        batch_op.create_index('ix_progress_entry_review_indicator', ['review_id', 'indicator_id'], unique=False)


def downgrade():
    with op.batch_alter_table('progress_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_progress_entry_review_indicator')
        batch_op.drop_index('ix_progress_entry_plan_day')
    op.drop_table('progress_entry')
