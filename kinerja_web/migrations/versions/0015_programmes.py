"""Programmes across agencies: the programme, its agencies and shared RHK; a staff RHK's link to one

Revision ID: 0015_programmes
Revises: 0014_development
Create Date: 2026-12-06 20:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0015_programmes'
down_revision = '0014_development'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('programme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('lead_agency_id', sa.Integer(), nullable=False),
    sa.Column('goals', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['lead_agency_id'], ['agency.id'], name=op.f('fk_programme_lead_agency_id_agency')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme'))
    )
    with op.batch_alter_table('programme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_year'), ['year'], unique=False)
        batch_op.create_index(batch_op.f('ix_programme_lead_agency_id'), ['lead_agency_id'], unique=False)
    op.create_table('programme_agency',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_programme_agency_programme_id_programme')),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_programme_agency_agency_id_agency')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_agency')),
    sa.UniqueConstraint('programme_id', 'agency_id', name=op.f('uq_programme_agency_programme_id'))
    )
    with op.batch_alter_table('programme_agency', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_agency_programme_id'), ['programme_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_programme_agency_agency_id'), ['agency_id'], unique=False)
    op.create_table('programme_result',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('indicator', sa.String(length=500), nullable=False),
    sa.Column('target_value', sa.Numeric(precision=18, scale=4), nullable=True),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_programme_result_programme_id_programme')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_result'))
    )
    with op.batch_alter_table('programme_result', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_result_programme_id'), ['programme_id'], unique=False)
    with op.batch_alter_table('work_result', schema=None) as batch_op:
        batch_op.add_column(sa.Column('programme_result_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_work_result_programme_result_id'), ['programme_result_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_work_result_programme_result_id_programme_result'),
                                    'programme_result', ['programme_result_id'], ['id'])


def downgrade():
    with op.batch_alter_table('work_result', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_work_result_programme_result_id_programme_result'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_work_result_programme_result_id'))
        batch_op.drop_column('programme_result_id')
    with op.batch_alter_table('programme_result', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_result_programme_id'))
    op.drop_table('programme_result')
    with op.batch_alter_table('programme_agency', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_agency_agency_id'))
        batch_op.drop_index(batch_op.f('ix_programme_agency_programme_id'))
    op.drop_table('programme_agency')
    with op.batch_alter_table('programme', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_lead_agency_id'))
        batch_op.drop_index(batch_op.f('ix_programme_year'))
    op.drop_table('programme')
