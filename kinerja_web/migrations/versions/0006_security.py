"""security: revocable sessions, login failures counted in the database

Revision ID: 0006_security
Revises: 49c5bd318db6
Create Date: 2026-12-01 20:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0006_security'
down_revision = '49c5bd318db6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))
    op.create_table('login_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_failure'))
    )
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_failure_key'), ['key'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_failure_at'), ['at'], unique=False)


def downgrade():
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_failure_at'))
        batch_op.drop_index(batch_op.f('ix_login_failure_key'))
    op.drop_table('login_failure')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('session_version')
