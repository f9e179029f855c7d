"""the public satisfaction survey (IKM, PermenPANRB 14/2017): surveys per unit and their anonymous answers

Revision ID: 0012_ikm_survey
Revises: 0011_plugin_fields
Create Date: 2026-12-06 03:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0012_ikm_survey'
down_revision = '0011_plugin_fields'
branch_labels = None
depends_on = None

ANSWERS = tuple(f'u{n}' for n in range(1, 10))


def upgrade():
    op.create_table('survey',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('token', sa.String(length=43), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_survey_agency_id_agency')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_survey_created_by_id_user')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_survey_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey')),
    sa.UniqueConstraint('code', name=op.f('uq_survey_code')),
    sa.UniqueConstraint('token', name=op.f('uq_survey_token')),
    sa.UniqueConstraint('unit_id', name=op.f('uq_survey_unit_id'))
    )
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_agency_id'), ['agency_id'], unique=False)

    op.create_table('survey_response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    *[sa.Column(name, sa.SmallInteger(), nullable=False) for name in ANSWERS],
    sa.Column('age_group', sa.String(length=10), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=False),
    sa.Column('education', sa.String(length=10), nullable=False),
    sa.Column('occupation', sa.String(length=20), nullable=False),
    sa.Column('comment', sa.String(length=1000), nullable=False),
    sa.Column('device_key', sa.String(length=64), nullable=False),
    sa.CheckConstraint(' AND '.join(f'{a} BETWEEN 1 AND 4' for a in ANSWERS),
                       name=op.f('ck_survey_response_answers_1_to_4')),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_survey_response_survey_id_survey')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_response'))
    )
    with op.batch_alter_table('survey_response', schema=None) as batch_op:
        batch_op.create_index('ix_survey_response_survey_created', ['survey_id', 'created_at'], unique=False)
        batch_op.create_index('ix_survey_response_device', ['survey_id', 'device_key', 'created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('survey_response', schema=None) as batch_op:
        batch_op.drop_index('ix_survey_response_device')
        batch_op.drop_index('ix_survey_response_survey_created')
    op.drop_table('survey_response')
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_agency_id'))
    op.drop_table('survey')
