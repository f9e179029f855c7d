"""The read model of attainment per indicator and review period (standing), filled from the source rows

Revision ID: 0021_standing
Revises: 0020_data_stamp
Create Date: 2026-12-07 02:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0021_standing'
down_revision = '0020_data_stamp'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('standing',
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('factor', sa.Double(), nullable=False),
    sa.Column('to_date', sa.Double(), nullable=True),
    sa.Column('pct', sa.Double(), nullable=True),
    sa.Column('reviews_due', sa.Integer(), nullable=False),
    sa.Column('reviews_entered', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['plan_indicator.id'], name=op.f('fk_standing_indicator_id_plan_indicator'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_standing_plan_id_plan'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['review_id'], ['review_period.id'], name=op.f('fk_standing_review_id_review_period'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('indicator_id', 'review_id', name=op.f('pk_standing'))
    )
    op.create_index('ix_standing_review_plan', 'standing', ['review_id', 'plan_id'], unique=False)
    op.create_index(op.f('ix_standing_plan_id'), 'standing', ['plan_id'], unique=False)
    # filled by 0022_plan_standing: the fill statement follows the latest schema of the read model


def downgrade():
    op.drop_index(op.f('ix_standing_plan_id'), table_name='standing')
    op.drop_index('ix_standing_review_plan', table_name='standing')
    op.drop_table('standing')
