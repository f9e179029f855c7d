"""Rule adoptions: an agency's decision to evaluate with a candidate rule set from a review period on

Revision ID: 0016_rule_adoption
Revises: 0015_programmes
Create Date: 2026-12-06 21:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0016_rule_adoption'
down_revision = '0015_programmes'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rule_adoption',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('candidate_code', sa.String(length=60), nullable=False),
    sa.Column('candidate_version', sa.Integer(), nullable=False),
    sa.Column('plugin', sa.String(length=100), nullable=False),
    sa.Column('plugin_version', sa.String(length=40), nullable=False),
    sa.Column('start_review_id', sa.Integer(), nullable=False),
    sa.Column('start_year', sa.Integer(), nullable=False),
    sa.Column('start_seq', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_rule_adoption_agency_id_agency')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_rule_adoption_decided_by_id_user')),
    sa.ForeignKeyConstraint(['start_review_id'], ['review_period.id'],
                            name=op.f('fk_rule_adoption_start_review_id_review_period')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rule_adoption')),
    sa.UniqueConstraint('agency_id', 'start_review_id', name=op.f('uq_rule_adoption_agency_id'))
    )
    with op.batch_alter_table('rule_adoption', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rule_adoption_agency_id'), ['agency_id'], unique=False)
    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rules_adopted', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.drop_column('rules_adopted')
    with op.batch_alter_table('rule_adoption', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rule_adoption_agency_id'))
    op.drop_table('rule_adoption')
