"""The one access policy: ``may(user, action, obj)``.

Roles are derived from the org chart where it already says them: the
employee's supervisor is the Pejabat Penilai, the supervisor's supervisor the
Atasan Pejabat Penilai. Stored roles are only staff, agency admin, province
admin. Views call :func:`require`, which answers 404 where the user may not
even see the object (no leaking of ids) and 403 where they may see but not act.
"""
from __future__ import annotations

from flask import abort

from .models.plan import EDITABLE_STATES


def agency_active(user) -> bool:
    """Users of a deactivated agency can do nothing until the province reactivates it."""
    if user.role == "province_admin":
        return True
    layout = getattr(user, "layout", None)
    if layout is not None:  # read with the user in the request's first query
        return layout["agency_active"]
    agency = user.agency if user.agency_id is not None else (user.employee.agency if user.employee else None)
    return agency is None or agency.active


def is_province_admin(user) -> bool:
    return user.is_authenticated and user.role == "province_admin"


def administers(user, agency_id) -> bool:
    """Agency admin of that agency, or province admin."""
    if is_province_admin(user):
        return True
    return user.is_authenticated and user.role == "agency_admin" and user.agency_id == agency_id


# The principal of an API request (kinerja_web.api.auth): a token, never a logged-in person.
API_READER = "api_reader"


def reads_by_token(user, agency_id) -> bool:
    """An API token reads the agency it was made for; a province token (``agency_id`` None) reads every
    agency. ``agency_id`` None asks for every agency at once, which only a province token may."""
    if getattr(user, "role", None) != API_READER:
        return False
    return user.agency_id is None or user.agency_id == agency_id


def _me(user):
    return getattr(user, "employee_id", None)


def is_owner(user, plan) -> bool:
    return _me(user) is not None and plan.employee_id == _me(user)


def is_supervisor(user, employee) -> bool:
    return _me(user) is not None and employee.supervisor_id == _me(user)


def is_second_supervisor(user, employee) -> bool:
    boss = employee.supervisor
    return boss is not None and _me(user) is not None and boss.supervisor_id == _me(user)


def is_head_of(user, agency) -> bool:
    """The head of the agency: its employee with no supervisor in the system."""
    emp = getattr(user, "employee", None)
    return emp is not None and emp.agency_id == agency.id and emp.supervisor_id is None


def is_unit_head(emp) -> bool:
    """By the org chart, an active employee whose supervisor is none or works in another unit heads their unit."""
    return emp is not None and emp.active and (emp.supervisor_id is None or emp.supervisor.unit_id != emp.unit_id)


def heads_unit(user, unit) -> bool:
    """The user heads ``unit`` or a unit above it (:func:`is_unit_head`)."""
    emp = getattr(user, "employee", None)
    if not is_unit_head(emp):
        return False
    seen = set()
    while unit is not None and unit.id not in seen:  # a looped tree ends too
        if unit.id == emp.unit_id:
            return True
        seen.add(unit.id)
        unit = unit.parent
    return False


def is_appraiser(user, employee) -> bool:
    """Pejabat Penilai Kinerja: the supervisor; for a head of agency, whose appraiser
    (the head of region) is outside the system, the province HR office (BKD) acts."""
    return is_supervisor(user, employee) or (employee.supervisor_id is None and is_province_admin(user))


def appraises(user, plan) -> bool:
    """The appraiser of this SKP: for a part closed by a move (``ends_on``), whoever appraised the employee
    then (the plan's supervisor), else :func:`is_appraiser` by the org chart now."""
    if plan.ends_on is not None:
        return _me(user) is not None and plan.supervisor_id == _me(user)
    return is_appraiser(user, plan.employee)


def is_second_appraiser(user, employee) -> bool:
    """Atasan Pejabat Penilai: the supervisor's supervisor, or the BKD where that is the head of region."""
    if is_second_supervisor(user, employee):
        return True
    boss = employee.supervisor
    return is_province_admin(user) and (boss is None or boss.supervisor_id is None)


def _within_objection_window(ev) -> bool:
    from datetime import timedelta

    from .clock import local_date, today

    return ev.finalized_at is not None and today() <= local_date(ev.finalized_at) + timedelta(days=14)


def _works_in(user, agency) -> bool:
    emp = getattr(user, "employee", None)
    return emp is not None and emp.active and emp.agency_id == agency.id


def _plan_view(user, plan) -> bool:
    emp = plan.employee
    return (is_owner(user, plan) or is_supervisor(user, emp) or is_second_supervisor(user, emp)
            or (_me(user) is not None and plan.supervisor_id == _me(user))
            or administers(user, emp.agency_id))


def _sees_quadrant(user, scope) -> bool:
    """An agency's kuadran: its admins and its head; a unit's: also whoever heads it or a unit above it."""
    unit = scope if scope.__class__.__name__ == "Unit" else None
    agency = unit.agency if unit is not None else scope
    return administers(user, agency.id) or is_head_of(user, agency) or (unit is not None and heads_unit(user, unit))


RULES = {
    "plan.view": _plan_view,
    "plan.edit": lambda u, p: is_owner(u, p) and p.status in EDITABLE_STATES,
    "plan.submit": lambda u, p: is_owner(u, p) and p.status in EDITABLE_STATES,
    "plan.review": lambda u, p: p.status == "submitted" and is_appraiser(u, p.employee),
    "plan.revise": lambda u, p: is_owner(u, p) and p.status == "approved",
    "plan.create": lambda u, emp: _me(u) == emp.id and emp.active,
    "realization.edit": lambda u, p: is_owner(u, p) and p.status == "approved",
    "progress.write": lambda u, p: is_owner(u, p) and p.status == "approved",  # only one's own entries
    "progress.view": lambda u, p: p.status == "approved" and _plan_view(u, p),  # supervisor chain, admins
    # rencana aksi: the owner of an approved SKP writes them; whoever reads daily progress reads them
    "action_plan.write": lambda u, p: is_owner(u, p) and p.status == "approved",
    "action_plan.view": lambda u, p: p.status == "approved" and _plan_view(u, p),
    # filling in the exported realisation sheet of one's own approved plan and uploading it
    "realization.import": lambda u, p: is_owner(u, p) and p.status == "approved",
    "feedback.write": lambda u, p: p.status == "approved" and is_supervisor(u, p.employee),
    "feedback.reply": lambda u, p: is_owner(u, p),
    "peer.view": lambda u, p: is_supervisor(u, p.employee) or is_second_supervisor(u, p.employee),
    "peer.answer": lambda u, peer: _me(u) == peer.rater_id,
    "evidence.view": lambda u, ev: _plan_view(u, ev.realization.indicator.result.plan),
    "deadline.reopen": lambda u, emp: administers(u, emp.agency_id),
    # the person asks for their own closed period; the admin of their agency (or the province) decides
    "reopening.ask": lambda u, emp: _me(u) == emp.id and emp.active,
    "reopen_request.view": lambda u, req: _me(u) == req.employee_id or administers(u, req.employee.agency_id),
    "reopen_request.decide": lambda u, req: administers(u, req.employee.agency_id),
    "calibration.view": lambda u, agency: administers(u, agency.id) or is_head_of(u, agency),
    "dashboard.view": lambda u, agency: administers(u, agency.id) or is_head_of(u, agency),
    # a unit's dashboard (and the rows behind its numbers): the agency's leaders, and whoever heads the unit
    # or a unit above it; the province dashboard, per agency: the province admin only
    "dashboard.unit": lambda u, unit: (administers(u, unit.agency_id) or is_head_of(u, unit.agency)
                                       or heads_unit(u, unit)),
    "dashboard.province": lambda u, _obj: is_province_admin(u),
    # the agency's SKP, realisations and predikat of a year in the e-Kinerja structure (export.ekinerja)
    "ekinerja.export": lambda u, agency: administers(u, agency.id),
    "calibration.set": lambda u, agency: is_head_of(u, agency) or is_province_admin(u),
    "evaluation.view": lambda u, ev: _plan_view(u, ev.plan) or appraises(u, ev.plan),
    "evaluation.self_assess": lambda u, ev: is_owner(u, ev.plan) and ev.status in ("open", "self_assessed"),
    "evaluation.rate": lambda u, ev: appraises(u, ev.plan) and ev.status in (
        "open", "self_assessed", "rated"),
    "evaluation.finalize": lambda u, ev: appraises(u, ev.plan) and ev.status == "rated",
    "evaluation.object": lambda u, ev: (is_owner(u, ev.plan) and ev.status == "final" and ev.objection is None
                                        and _within_objection_window(ev)),
    "evaluation.decide": lambda u, ev: (ev.objection is not None and ev.decision_outcome is None
                                        and is_second_appraiser(u, ev.plan.employee)),
    "evaluation.develop": lambda u, ev: is_appraiser(u, ev.plan.employee),
    # the EV. KINERJA sheet of a plan for a period: whoever may see the plan's evaluations (RULES.md §2.1)
    "sheet.view": lambda u, plan: _plan_view(u, plan) or is_appraiser(u, plan.employee),
    # the kuadran of an agency (its admins, its head) or of one unit (also whoever heads it or a unit above)
    "quadrant.view": lambda u, scope: _sees_quadrant(u, scope),
    "employee.view": lambda u, emp: (_me(u) == emp.id or is_supervisor(u, emp)
                                     or is_second_supervisor(u, emp) or administers(u, emp.agency_id)),
    # units, positions and employees of an agency from a file (the agency's admin, the province admin)
    "employees.import": lambda u, agency: administers(u, agency.id),
    "agency.manage": lambda u, obj: administers(u, obj.id if obj.__class__.__name__ == "Agency"
                                                else obj.agency_id),
    "province.manage": lambda u, _obj: is_province_admin(u),
    "admin.enter": lambda u, _obj: u.is_authenticated and u.role in ("agency_admin", "province_admin"),
    # hierarchy guardrails: the admin's list and fixes; the employee's own "this is not my supervisor"
    "hierarchy.view": lambda u, agency: administers(u, agency.id),
    "hierarchy.fix": lambda u, emp: administers(u, emp.agency_id),
    # statuses with dates (leave, moves, retirement, discipline): the agency's admins, audited
    "employee.status": lambda u, emp: administers(u, emp.agency_id),
    "employee.report_supervisor": lambda u, emp: _me(u) == emp.id and emp.active,
    "correction.view": lambda u, c: _me(u) == c.employee_id or administers(u, c.agency_id),
    "correction.decide": lambda u, c: c.status == "pending" and administers(u, c.agency_id),
    "notification.read": lambda u, note: note.user_id == u.id,
    # the public satisfaction survey (IKM): the agency admin runs a unit's survey; the agency's head and the
    # head of the unit (or of a unit above it) read its results and comments
    "ikm.list": lambda u, _obj: True,
    "ikm.view": lambda u, s: (administers(u, s.agency_id) or is_head_of(u, s.agency) or heads_unit(u, s.unit)),
    "ikm.manage": lambda u, s: administers(u, s.agency_id),
    # the performance tree: the agency's people see it (a unit head their unit's part, staff their own
    # chain, see tree.views); the agency's head and admins the whole agency, the province admin any agency
    "tree.view": lambda u, agency: administers(u, agency.id) or _works_in(u, agency),
    "tree.view_agency": lambda u, agency: administers(u, agency.id) or is_head_of(u, agency),
    # a candidate rule change replayed on the agency's results: its admins and head simulate; adopting it is
    # the head's decision (or the province's), as setting the organisation predikat is
    "simulation.view": lambda u, agency: administers(u, agency.id) or is_head_of(u, agency),
    "simulation.adopt": lambda u, agency: is_head_of(u, agency) or is_province_admin(u),
}

RULES.update({
    # the read-only JSON API: a token reads what the admin of its agency sees on the pages (employees, plans,
    # realisations, evaluations) and nothing more; ``obj`` is an agency, a row with ``agency_id``, or None for
    # every agency at once. A token passes no other rule, so it can change nothing.
    "api.read": lambda u, obj: reads_by_token(u, obj.id if obj.__class__.__name__ == "Agency"
                                              else getattr(obj, "agency_id", None)),
    # API tokens are made and revoked by the admin of their agency, province-wide ones by the province admin
    "api_token.manage": lambda u, t: (administers(u, t.agency_id) if t.agency_id is not None
                                      else is_province_admin(u)),
})

def _programme(obj):
    """A programme rule's object: the programme, a programme RHK, or (programme, agency id) for one agency's part."""
    obj = obj[0] if isinstance(obj, tuple) else obj
    return obj.programme if obj.__class__.__name__ == "ProgrammeResult" else obj


def takes_part(user, programme) -> bool:
    """Programmes across agencies: the province admin, and the admins and active employees of an agency
    taking part (the lead or a member)."""
    if is_province_admin(user):
        return True
    emp = getattr(user, "employee", None)
    if emp is not None:
        return emp.active and emp.agency_id in programme.member_ids
    return user.role == "agency_admin" and user.agency_id in programme.member_ids


def leads(user, programme) -> bool:
    """Runs the programme: the province admin and the admins of the lead agency."""
    return administers(user, programme.lead_agency_id)


# Programmes across agencies (program lintas instansi). Everyone taking part sees the programme, its shared RHK
# and each agency's contribution as counts and attainment per agency; who is behind an agency's linked RHK
# (names, units, attainment per RHK) only the programme's leaders and that agency's own admins see; no member
# ever sees another agency's evaluations. The leaders edit the programme and its membership; an agency admin
# starts a programme led by their own agency; staff of an agency taking part link their RHK to a programme RHK.
RULES.update({
    "programme.list": lambda u, _obj: True,
    "programme.create": lambda u, agency: (administers(u, agency.id) if agency is not None
                                           else u.role in ("agency_admin", "province_admin")),
    "programme.view": lambda u, obj: takes_part(u, _programme(obj)),
    "programme.manage": lambda u, obj: leads(u, _programme(obj)),
    "programme.people": lambda u, pair: (takes_part(u, pair[0]) and pair[1] in pair[0].member_ids
                                         and (leads(u, pair[0]) or administers(u, pair[1]))),
    "programme.link": lambda u, result: (_me(u) is not None and u.employee.active
                                         and u.employee.agency_id in result.programme.member_ids),
})

RULES.update({
    # competence development: a person's completed development and JP are seen by whoever may see the person
    # (themselves, their supervisors, the agency's admins); only the person records their own
    "development.view": lambda u, emp: RULES["employee.view"](u, emp),
    "development.record": lambda u, emp: _me(u) == emp.id and emp.active,
    # the training-needs analysis of an agency (its admins, its head) or of a unit (also whoever heads it)
    "training_needs.view": lambda u, scope: _sees_quadrant(u, scope),
})

# What a user must be allowed first for a denial to be a 403 rather than a 404.
VISIBILITY = {"plan": "plan.view", "employee": "employee.view", "realization": "plan.view",
              "employees": "agency.manage",
              "feedback": "plan.view", "peer": "peer.answer", "evidence": "evidence.view",
              "evaluation": "evaluation.view", "calibration": "calibration.view",
              "notification": "notification.read", "reopening": "employee.view",
              "reopen_request": "reopen_request.view", "correction": "correction.view",
              "ikm": "ikm.view", "sheet": "sheet.view", "quadrant": "quadrant.view",
              "tree": "tree.view", "api": "api.read", "api_token": "api_token.manage",
              "simulation": "simulation.view",
              "programme": "programme.view",
              "progress": "plan.view", "action_plan": "plan.view",
              "development": "development.view", "training_needs": "training_needs.view"}


def may(user, action: str, obj=None) -> bool:
    """Whether ``user`` may do ``action`` to ``obj``. Unknown actions are refused."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if not agency_active(user):
        return False
    rule = RULES.get(action)
    return bool(rule and rule(user, obj))


def require(user, action: str, obj=None) -> None:
    """Abort with 404 when the object is hidden from the user, else 403."""
    if not may(user, action, obj):
        abort(404 if _hidden(user, action, obj) else 403)


def _hidden(user, action: str, obj) -> bool:
    if obj is None:
        return False
    visible = VISIBILITY.get(action.split(".")[0])
    if visible:
        return not may(user, visible, obj)
    # An admin of another agency must not learn that an id exists there.
    return action in ("agency.manage", "ekinerja.export") and may(user, "admin.enter")
