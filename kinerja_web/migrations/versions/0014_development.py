"""Development items (the training-needs read model of development plans) and completed development in JP

Revision ID: 0014_development
Revises: 0013_api_tokens
Create Date: 2026-12-06 20:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0014_development'
down_revision = '0013_api_tokens'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('development_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('development_plan_id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('value_code', sa.String(length=40), nullable=True),
    sa.Column('area', sa.String(length=500), nullable=False),
    sa.Column('gap', sa.Text(), nullable=False),
    sa.Column('action_type', sa.String(length=20), nullable=False),
    sa.Column('action', sa.Text(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_development_item_agency_id_agency')),
    sa.ForeignKeyConstraint(['development_plan_id'], ['development_plan.id'],
                            name=op.f('fk_development_item_development_plan_id_development_plan')),
    sa.ForeignKeyConstraint(['employee_id'], ['employee.id'], name=op.f('fk_development_item_employee_id_employee')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_development_item'))
    )
    with op.batch_alter_table('development_item', schema=None) as batch_op:
        batch_op.create_index('ix_development_item_agency_year', ['agency_id', 'year'], unique=False)
        batch_op.create_index(batch_op.f('ix_development_item_development_plan_id'), ['development_plan_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_development_item_employee_id'), ['employee_id'], unique=False)

    op.create_table('development_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=False),
    sa.Column('hours', sa.Integer(), nullable=False),
    sa.Column('evidence_link', sa.String(length=500), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=True),
    sa.Column('stored_name', sa.String(length=100), nullable=True),
    sa.Column('content_type', sa.String(length=100), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_development_record_agency_id_agency')),
    sa.ForeignKeyConstraint(['employee_id'], ['employee.id'], name=op.f('fk_development_record_employee_id_employee')),
    sa.ForeignKeyConstraint(['item_id'], ['development_item.id'],
                            name=op.f('fk_development_record_item_id_development_item')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_development_record_created_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_development_record'))
    )
    with op.batch_alter_table('development_record', schema=None) as batch_op:
        batch_op.create_index('ix_development_record_employee_year', ['employee_id', 'year'], unique=False)
        batch_op.create_index(batch_op.f('ix_development_record_agency_id'), ['agency_id'], unique=False)
    _backfill()


def _backfill():
    """An item row for every entry of the development plans saved before this revision."""
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT d.id, d.items, e.id, e.agency_id, p.year FROM development_plan d "
        "JOIN evaluation v ON v.id = d.evaluation_id JOIN plan s ON s.id = v.plan_id "
        "JOIN employee e ON e.id = s.employee_id JOIN period p ON p.id = s.period_id")).all()
    table = sa.table('development_item', *(sa.column(n) for n in (
        'development_plan_id', 'employee_id', 'agency_id', 'year', 'kind', 'value_code', 'area', 'gap',
        'action_type', 'action')))
    import json
    out = []
    for dev_id, items, employee_id, agency_id, year in rows:
        for item in (json.loads(items) if isinstance(items, str) else items) or []:
            out.append({'development_plan_id': dev_id, 'employee_id': employee_id, 'agency_id': agency_id,
                        'year': year, 'kind': str(item.get('kind') or 'other')[:20],
                        'value_code': item.get('value_code'), 'area': str(item.get('area') or '')[:500],
                        'gap': str(item.get('gap') or ''), 'action_type': str(item.get('action_type') or '')[:20],
                        'action': str(item.get('action') or '')})
    if out:
        op.bulk_insert(table, out)


def downgrade():
    with op.batch_alter_table('development_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_development_record_agency_id'))
        batch_op.drop_index('ix_development_record_employee_year')
    op.drop_table('development_record')
    with op.batch_alter_table('development_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_development_item_employee_id'))
        batch_op.drop_index(batch_op.f('ix_development_item_development_plan_id'))
        batch_op.drop_index('ix_development_item_agency_year')
    op.drop_table('development_item')
