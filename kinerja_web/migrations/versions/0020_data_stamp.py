"""The data generation the dashboards' aggregate cache is keyed by: one row, moved forward on each commit that
changes what they count

Revision ID: 0020_data_stamp
Revises: 0019_action_plans
Create Date: 2026-12-06 23:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0020_data_stamp'
down_revision = '0019_action_plans'
branch_labels = None
depends_on = None


def upgrade():
    stamp = op.create_table('data_stamp',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('generation', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_stamp'))
    )
    op.bulk_insert(stamp, [{'id': 1, 'generation': 0}])


def downgrade():
    op.drop_table('data_stamp')
