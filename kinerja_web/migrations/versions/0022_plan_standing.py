"""The read model per approved SKP and review period (plan_standing), each period's own value in standing,
and both filled from the source rows

Revision ID: 0022_plan_standing
Revises: 0021_standing
Create Date: 2026-12-07 04:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0022_plan_standing'
down_revision = '0021_standing'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('standing', schema=None) as batch_op:
        batch_op.add_column(sa.Column('own_value', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('own_pct', sa.Double(), nullable=True))
    op.create_table('plan_standing',
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('indicators', sa.Integer(), nullable=False),
    sa.Column('values_due', sa.Integer(), nullable=False),
    sa.Column('values_entered', sa.Integer(), nullable=False),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('pct_n', sa.Integer(), nullable=False),
    sa.Column('pct_sum', sa.Double(), nullable=False),
    sa.Column('own_entered', sa.Integer(), nullable=False),
    sa.Column('own_pct_n', sa.Integer(), nullable=False),
    sa.Column('own_pct_sum', sa.Double(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_plan_standing_plan_id_plan'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['review_id'], ['review_period.id'], name=op.f('fk_plan_standing_review_id_review_period'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('plan_id', 'review_id', name=op.f('pk_plan_standing'))
    )
    op.create_index('ix_plan_standing_review_plan', 'plan_standing', ['review_id', 'plan_id'], unique=False)
    # fill both from the rows already there (the statements of the app: a later migration that changes the
    # tables they read must move this fill to itself)
    from kinerja_web.models import Standing
    from kinerja_web.workflow.standing import fill_statement, plan_fill_statement
    bind = op.get_bind()
    bind.execute(sa.delete(Standing))
    bind.execute(fill_statement(None))
    bind.execute(plan_fill_statement(None))


def downgrade():
    op.drop_index('ix_plan_standing_review_plan', table_name='plan_standing')
    op.drop_table('plan_standing')
    with op.batch_alter_table('standing', schema=None) as batch_op:
        batch_op.drop_column('own_pct')
        batch_op.drop_column('own_value')
