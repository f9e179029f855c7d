"""Everything the page layout needs, in the one query that loads the session's user."""
from __future__ import annotations

from functools import cache

from sqlalchemy import Integer, and_, bindparam, func, literal, or_, select
from sqlalchemy.orm import aliased, joinedload

from ..extensions import db
from ..models import Agency, Employee, Notification, Plan, PluginSwitch, User


@cache
def _statement():
    """Built once (building it costs more than running it); ``user_id`` and ``version`` are bound per call."""
    own_agency = aliased(Agency)
    staff_agency = aliased(Agency)
    me = User.employee_id
    pending = (select(func.count(Plan.id)).join(Employee, Plan.employee_id == Employee.id)
               .where(Employee.supervisor_id == me, Plan.status == "submitted").scalar_subquery())
    unread = (select(func.count(Notification.id))
              .where(Notification.user_id == User.id, Notification.read_at.is_(None)).scalar_subquery())
    report = aliased(Employee)
    has_reports = select(report.id).where(report.supervisor_id == me, report.active.is_(True)).exists()
    # whether any plugin is switched off anywhere: almost never, so the request asks for the switches only then
    plugins_off = select(PluginSwitch.id).where(PluginSwitch.enabled.is_(False)).exists()
    # heads a unit by the org chart (access.is_unit_head): the navigation offers the unit's dashboard
    boss = aliased(Employee)
    leads = and_(Employee.active.is_(True), or_(Employee.supervisor_id.is_(None), boss.unit_id != Employee.unit_id))
    active = or_(User.role == "province_admin",
                 and_(func.coalesce(own_agency.active, staff_agency.active, literal(True)).is_(True)))
    return (select(User, pending, unread, active, has_reports, plugins_off, leads)
            .outerjoin(Employee, Employee.id == User.employee_id)
            .outerjoin(boss, boss.id == Employee.supervisor_id)
            .outerjoin(own_agency, own_agency.id == User.agency_id)
            .outerjoin(staff_agency, staff_agency.id == Employee.agency_id)
            .where(User.id == bindparam("user_id", type_=Integer),
                   User.session_version == bindparam("version", type_=Integer), User.active.is_(True))
            .options(joinedload(User.employee).joinedload(Employee.position)))


def session_user(user_id: int, version: int) -> User | None:
    """The active user of a session, with the layout's counts attached, in one statement.

    ``user.layout`` holds ``pending_reviews`` (submitted SKP of direct reports),
    ``unread`` (notifications), ``agency_active``, ``has_reports`` (anyone active reports to
    this person) and ``plugins_off`` (a plugin is switched off for some agency); the access policy, the
    header, the home page and ``plugin_calls`` read them instead of asking again.
    """
    row = db.session.execute(_statement(), {"user_id": user_id, "version": version}).first()
    if row is None:
        return None
    user, pending_count, unread_count, agency_ok, reports, plugins_off, leads = row
    user.layout = {"pending_reviews": pending_count if user.employee_id else 0, "unread": unread_count,
                   "agency_active": bool(agency_ok), "has_reports": bool(reports and user.employee_id),
                   "plugins_off": bool(plugins_off), "leads_unit": bool(leads and user.employee_id)}
    return user
