"""Everything a user typed is escaped on every page that shows it (issue 7 §2, stored HTML).

Every free-text column of every row gets a piece of markup naming the field; then the
pages of every role are opened: the markup never arrives as markup, and each field is
found, escaped, on at least one page.
"""
from __future__ import annotations

from sqlalchemy import select, update

from kinerja_web.extensions import db
from kinerja_web.models import (
    Agency,
    AgencyGoal,
    BehaviourExpectation,
    Calibration,
    Dialogue,
    Employee,
    Evaluation,
    Evidence,
    Feedback,
    PeerInput,
    Plan,
    PlanIndicator,
    Position,
    Realization,
    Reopening,
    ReviewPeriod,
    SelfAssessment,
    Unit,
    User,
    WorkResult,
)
from tests.helpers import employee, plan_of

RAW = '<b class="xss">'

FREE_TEXT = {
    Plan: ("return_reason", "resources", "accountability", "consequences"),
    WorkResult: ("text",),
    PlanIndicator: ("name", "target_text"),
    BehaviourExpectation: ("text",),
    Agency: ("name",),
    AgencyGoal: ("text",),
    Unit: ("name",),
    Position: ("name",),
    Employee: ("name", "rank"),
    Evaluation: ("results_reason", "behaviour_reason", "notes", "objection"),
    SelfAssessment: ("text",),
    Calibration: ("justification",),
    Realization: ("note",),
    Evidence: ("filename",),
    Feedback: ("body",),
    Dialogue: ("notes", "follow_ups"),
    PeerInput: ("strengths", "improvements", "collaboration"),
    Reopening: ("reason",),
}


def _mark(model, column: str) -> str:
    return f'{RAW}{model.__name__}.{column}</b> '


def _poison() -> None:
    """Prefix every free-text value with markup that names its field (row by row: a demo is small)."""
    for model, columns in FREE_TEXT.items():
        for row in db.session.scalars(select(model)):
            for column in columns:
                limit = model.__table__.c[column].type.length or 100_000
                setattr(row, column, (_mark(model, column) + (getattr(row, column) or ""))[:limit])
    db.session.commit()


def _prepare_rows():
    """Rows the demo lacks, so each field has somewhere to appear."""
    staff = employee("staf.dinkes")
    plan = plan_of("staf.dinkes")
    review = db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id)
                               .order_by(ReviewPeriod.seq))
    db.session.add(Reopening(employee_id=staff.id, review_id=review.id, until=review.input_deadline,
                             reason="Lupa mengunggah",
                             created_by_id=db.session.scalar(select(User.id).where(User.username == "admin.dinkes"))))
    returned = plan_of("staf4.dinkes")
    returned.status, returned.return_reason = "returned", "Perbaiki target"
    qualitative = returned.results[0].indicators[0]
    qualitative.target_kind, qualitative.target_text = "qualitative", "Laporan diterima pimpinan"
    returned.results.append(WorkResult(kind="utama", position=9, text="RHK tanpa indikator"))  # listed as a problem
    db.session.add(BehaviourExpectation(plan_id=plan.id, value_code="akuntabel", text="Tepat waktu"))
    from kinerja_web.clock import utcnow

    db.session.add(Calibration(agency_id=staff.agency_id, year=plan.period.year, review_id=None,
                               org_predicate="baik", justification="Sesuai pola", finalized_at=utcnow()))
    db.session.execute(update(Evaluation).where(Evaluation.status == "final").values(
        results_reason="Alasan hasil", behaviour_reason="Alasan perilaku"))
    db.session.commit()


def _pages(agency_id) -> dict[str, list[str]]:
    staff_plan = plan_of("staf.dinkes")
    submitted = plan_of("staf2.dinkes")
    draft = plan_of("staf4.dinkes")
    reviews = db.session.scalars(select(ReviewPeriod).where(ReviewPeriod.period_id == staff_plan.period_id)
                                 .order_by(ReviewPeriod.seq)).all()
    ind = staff_plan.results[0].indicators[0]
    ev = db.session.scalar(select(Evaluation).where(Evaluation.plan_id == staff_plan.id,
                                                    Evaluation.status == "final"))
    peer = db.session.scalar(select(PeerInput).where(PeerInput.answered_at.is_(None)))
    plan_pages = [f"/skp/{staff_plan.id}", f"/skp/{staff_plan.id}/pemantauan",
                  *[f"/skp/{staff_plan.id}/penilaian/{r.id}" for r in reviews[:3]],
                  f"/skp/{staff_plan.id}/iki/{ind.id}/realisasi/{reviews[0].id}",
                  f"/skp/{staff_plan.id}/penilaian/tahunan"]
    staf3 = plan_of("staf3.dinkes")
    return {
        "staf.dinkes": ["/beranda", "/skp", "/penilaian", "/notifikasi", *plan_pages,
                        f"/penilaian/{ev.id}/pengembangan" if ev else "/penilaian",
                        f"/masukan/{peer.id}" if peer else "/beranda"],
        "staf3.dinkes": [f"/skp/{staf3.id}/pemantauan"],
        "staf4.dinkes": [f"/skp/{draft.id}", "/skp"],
        "kabid.dinkes": ["/beranda", "/skp/antrian", "/penilaian", f"/skp/{submitted.id}",
                         f"/skp/{submitted.id}/tinjau", f"/skp/{staf3.id}/pemantauan", *plan_pages],
        "kadis.dinkes": ["/beranda", f"/kalibrasi/{agency_id}", f"/tindak-lanjut/{agency_id}",
                         f"/tindak-lanjut/{agency_id}?periode=tahunan", "/penilaian"],
        "admin.dinkes": [f"/admin/{agency_id}", f"/admin/{agency_id}/employees", f"/admin/{agency_id}/units",
                         f"/admin/{agency_id}/positions", f"/admin/{agency_id}/goals",
                         f"/admin/{agency_id}/periode", f"/admin/{agency_id}/audit",
                         f"/admin/{agency_id}/employees/{employee('staf.dinkes').id}"],
        "admin": ["/admin/", "/admin/persetujuan"],
    }


def test_markup_typed_into_any_free_text_field_is_escaped_on_every_page(login):
    _prepare_rows()
    agency_id = db.session.scalar(select(Agency.id).where(Agency.code == "dinkes"))
    pages = _pages(agency_id)
    _poison()
    seen = set()
    for who, urls in pages.items():
        c = login(who)
        for url in urls:
            response = c.get(url)
            assert response.status_code == 200, (who, url, response.status_code)
            html = response.get_data(as_text=True)
            assert RAW not in html, f"unescaped markup on {url} as {who}: " + html[html.index(RAW) - 80:][:200]
            seen |= {f"{m.__name__}.{c}" for m, cols in FREE_TEXT.items() for c in cols if f"{m.__name__}.{c}" in html}
    expected = {f"{m.__name__}.{c}" for m, cols in FREE_TEXT.items() for c in cols}
    assert expected - seen == set(), "fields never shown on the pages walked"
