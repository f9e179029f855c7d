"""The benchmark's province generator (bench/province.py, issue 8 §5) keeps working on a small province:
it builds through the current schema, the demo accounts exist, every level of the org chart is there,
every plan is approved with its indicators and realisations, NIPs are valid, the evaluations are what
the service computes, and the app serves it."""
from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from kinerja_web import create_app
from kinerja_web.demo import DEMO_PASSWORD
from kinerja_web.extensions import db
from kinerja_web.models import (
    Agency,
    Employee,
    Evaluation,
    Plan,
    PlanIndicator,
    Realization,
    ReviewPeriod,
    User,
    WorkResult,
)
from kinerja_web.nip import parse_nip
from tests.helpers import Client

EMPLOYEES = 300


def _province_module():
    path = Path(__file__).resolve().parents[2] / "bench" / "province.py"
    spec = importlib.util.spec_from_file_location("bench_province", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    province = _province_module()
    folder = tmp_path_factory.mktemp("bench")
    url = "sqlite:///" + str(folder / "province.sqlite3")
    result = province.build(url, EMPLOYEES, out=lambda line: None)
    app = create_app(province.app_config(url, TESTING=True, EVIDENCE_DIR=str(folder / "evidence")))
    with app.app_context():
        yield province, url, result, app
        db.session.remove()
        db.engine.dispose()


def _employee(username):
    return db.session.scalar(select(Employee).join(User, User.employee_id == Employee.id)
                             .where(User.username == username))


def test_the_province_has_every_level_as_designed(built):
    province, url, result, app = built
    codes = list(app.extensions["kinerja_registry"].agencies)
    assert result["employees"] == EMPLOYEES == db.session.scalar(select(func.count(Employee.id)))
    assert db.session.scalars(select(Agency.code).order_by(Agency.id)).all() == codes
    for n, code in enumerate(codes):
        size = EMPLOYEES // len(codes) + (1 if n < EMPLOYEES % len(codes) else 0)
        fan_out, direct, per_kasi = province.shape(size)
        kadis, kabid = _employee(f"kadis.{code}"), _employee(f"kabid.{code}")
        assert kadis.supervisor_id is None and kabid.supervisor_id == kadis.id
        kabids = db.session.scalars(select(Employee).where(Employee.supervisor_id == kadis.id)).all()
        kasis = db.session.scalars(select(Employee).where(Employee.supervisor_id.in_([k.id for k in kabids]),
                                                          Employee.position.has(kind="pengawas"))).all()
        staff = db.session.scalars(select(Employee).where(Employee.supervisor_id.in_([k.id for k in kasis]))).all()
        assert len(kabids) == fan_out >= 2 and len(kasis) == fan_out * fan_out
        assert len(staff) == sum(per_kasi) and min(per_kasi) >= 1
        assert 1 + len(kabids) + len(kasis) + len(staff) + direct == size
        assert db.session.scalar(select(func.count(Employee.id)).where(Employee.supervisor_id == kabid.id)) \
            == 2 * fan_out  # the supervisor home's big team: his kasi and his own staff
        assert {e.position.kind for e in (kadis, kabid, kasis[0], staff[0])} == \
            {"jpt", "administrator", "pengawas", staff[0].position.kind}
        assert kasis[0].unit.parent_id == kabid.unit_id and kabid.unit.parent_id == kadis.unit_id


def test_the_demo_accounts_exist_and_every_employee_can_log_in(built):
    _, _, _, app = built
    codes = list(app.extensions["kinerja_registry"].agencies)
    names = {"admin", *(f"{role}.{code}" for code in codes for role in ("admin", "kadis", "kabid", "kasi", "staf"))}
    users = dict(db.session.execute(select(User.username, User.role).where(User.username.in_(names))).all())
    assert set(users) == names and users["admin"] == "province_admin"
    assert {users[f"admin.{c}"] for c in codes} == {"agency_admin"}
    without = db.session.scalar(select(func.count(Employee.id)).where(~Employee.id.in_(
        select(User.employee_id).where(User.employee_id.is_not(None)))))
    assert without == 0
    hashes = db.session.scalars(select(User.password_hash).distinct()).all()
    assert len(hashes) == 1 and User(password_hash=hashes[0]).check_password(DEMO_PASSWORD)


def test_nips_are_valid_and_unique(built):
    province, _, _, _ = built
    nips = db.session.scalars(select(Employee.nip)).all()
    assert len(set(nips)) == len(nips) == EMPLOYEES
    for nip in nips:
        parse_nip(nip, province.TODAY)  # raises NipError when invalid


def test_every_plan_is_approved_with_indicators_and_realisations(built):
    province, _, _, _ = built
    plans = db.session.scalars(select(Plan).where(Plan.status == "approved")).all()
    assert len(plans) == EMPLOYEES and len({p.employee_id for p in plans}) == EMPLOYEES
    others = Counter(db.session.scalars(select(Plan.status).where(Plan.status != "approved")))
    assert set(others) <= {"submitted"}  # the revisions waiting in the first kabid's queue
    per_plan = Counter(db.session.scalars(select(WorkResult.plan_id).join(PlanIndicator)
                                          .where(WorkResult.plan_id.in_([p.id for p in plans]))))
    assert set(per_plan.values()) == {len(province.RESULTS) * province.PER_RESULT}

    by_employee = {p.employee_id: p for p in plans}
    for plan in plans[:40]:  # the main RHK serve the supervisor's, the head's serve the agency goals
        boss = plan.employee.supervisor_id
        for result in plan.results:
            if result.kind == "utama" and boss:
                assert result.parent.plan_id == by_employee[boss].id
            elif result.kind == "utama":
                assert result.goal_id is not None

    ended = db.session.scalars(select(ReviewPeriod).where(ReviewPeriod.ends_on < province.TODAY)).all()
    assert {r.seq for r in ended} == {1, 2, 3}
    counts = dict(db.session.execute(select(Realization.review_id, func.count(Realization.id))
                                     .group_by(Realization.review_id)).all())
    indicators = db.session.scalar(select(func.count(PlanIndicator.id)).join(WorkResult)
                                   .where(WorkResult.plan_id.in_([p.id for p in plans])))
    for review in ended:
        if review.seq < 3:
            assert counts[review.id] == indicators // 3  # three agencies, one period each
        else:  # the late third of each team misses some realisations of the latest period
            assert 0.8 * indicators // 3 <= counts[review.id] < indicators // 3
    assert not set(counts) - {r.id for r in ended}  # nothing entered yet in the open quarter


def test_evaluations_are_what_the_service_computes(built):
    from kinerja_web.evaluation import service

    _, _, _, app = built
    final = db.session.scalars(select(Evaluation).where(Evaluation.status == "final")).all()
    assert len(final) > EMPLOYEES
    assert all(service.verify(ev) is True for ev in final)
    report = app.test_cli_runner().invoke(args=["kinerja", "recompute", "--dry-run"])
    assert report.exit_code == 0, report.output
    assert report.output.strip().splitlines()[-1].startswith(f"0 of {len(final)} final evaluations")
    statuses = Counter(db.session.scalars(select(Evaluation.status)))
    assert set(statuses) == {"final", "self_assessed"}


def test_the_database_is_consistent(built):
    assert db.session.execute(text("PRAGMA foreign_key_check")).all() == []
    assert db.session.execute(text("PRAGMA integrity_check")).scalar() == "ok"


def test_the_marker_says_what_was_built(built):
    province, url, _, _ = built
    assert province.current(url, EMPLOYEES)["people"] == EMPLOYEES
    assert province.current(url, EMPLOYEES + 1) is None


def test_the_app_serves_the_province(built):
    _, _, _, app = built
    codes = list(app.extensions["kinerja_registry"].agencies)
    client = Client(app.test_client())
    client.login(f"kabid.{codes[0]}")
    response = client.get("/beranda")
    assert response.status_code == 200
    staff = Client(app.test_client())
    staff.login(f"staf.{codes[0]}")
    plan = db.session.scalar(select(Plan).where(Plan.employee_id == _employee(f"staf.{codes[0]}").id))
    assert staff.get(f"/skp/{plan.id}/pemantauan").status_code == 200
