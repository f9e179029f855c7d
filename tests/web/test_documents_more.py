"""The regulation's remaining documents as PDF (RULES.md §2.1): the EV. KINERJA sheet, the kuadran of
ratings and the pola distribusi per unit. Each PDF is opened and its text read; the demo's date is pinned
(tests/conftest.py TODAY: Q1–Q3 are over and evaluated, Q4 is open)."""
from __future__ import annotations

import io
import re
from datetime import datetime
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from kinerja_web.evaluation import calibration as cal
from kinerja_web.evaluation import service
from kinerja_web.extensions import db
from kinerja_web.models import (
    Agency,
    Calibration,
    Employee,
    Evaluation,
    Feedback,
    Plan,
    Realization,
    ReviewPeriod,
    Unit,
)
from kinerja_web.rules.types import Rating
from tests.helpers import count_queries, employee, plan_of

OWNER = "staf3.dinkes"  # reports to kabid.dinkes, who reports to kadis.dinkes


def text_of(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.data)).pages
    return " ".join(" ".join(p.extract_text() for p in pages).split())


def _review(plan, seq) -> ReviewPeriod:
    return db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id,
                                                        ReviewPeriod.seq == seq))


def _sheet(plan, seq) -> str:
    return f"/skp/{plan.id}/penilaian/{_review(plan, seq).id}/ev-kinerja/pdf"


def _dinkes() -> Agency:
    return db.session.scalar(select(Agency).where(Agency.code == "dinkes"))


def _unit(name_start: str) -> Unit:
    return db.session.scalar(select(Unit).join(Agency).where(Agency.code == "dinkes", Unit.name.startswith(name_start)))


# --- EV. KINERJA ----------------------------------------------------------------------------------------------

def _feedback_in_q2(plan):
    """Feedback on a Q2 realisation (with the employee's reply), on the RHK within Q2, and on the RHK in Q3."""
    result = plan.results[0]
    ind = result.indicators[0]
    q2 = _review(plan, 2)
    real = db.session.scalar(select(Realization).where(Realization.indicator_id == ind.id,
                                                       Realization.review_id == q2.id))
    boss = plan.employee.supervisor
    on_value = Feedback(plan_id=plan.id, realization_id=real.id, author_id=boss.id,
                        body="Angka triwulan dua sudah sesuai laporan dinas.", created_at=datetime(2026, 7, 3, 2))
    db.session.add(on_value)
    db.session.flush()
    db.session.add_all([
        Feedback(plan_id=plan.id, parent_id=on_value.id, author_id=plan.employee_id,
                 body="Terima kasih, laporan kabupaten menyusul.", created_at=datetime(2026, 7, 4, 2)),
        Feedback(plan_id=plan.id, result_id=result.id, author_id=boss.id,
                 body="Perluas skrining ke pos pembinaan terpadu.", created_at=datetime(2026, 5, 20, 3)),
        Feedback(plan_id=plan.id, result_id=result.id, author_id=boss.id,
                 body="Catatan triwulan tiga tidak masuk lembar ini.", created_at=datetime(2026, 8, 15, 3)),
    ])
    db.session.commit()
    return real


def test_the_ev_kinerja_sheet_shows_the_rhk_realisations_evidence_and_feedback_of_the_period(login):
    plan = plan_of(OWNER)
    real = _feedback_in_q2(plan)
    ev = db.session.scalar(select(Evaluation).where(Evaluation.plan_id == plan.id,
                                                    Evaluation.review_id == real.review_id))
    text = text_of(login(OWNER).get(_sheet(plan, 2)))
    assert "EVALUASI KINERJA PEGAWAI" in text and "TRIWULAN II 2026" in text
    assert plan.employee.name in text and plan.employee.nip in text
    assert plan.employee.supervisor.name in text and "PEJABAT PENILAI KINERJA" in text
    result = plan.results[0]
    assert " ".join(result.text.split()) in text and " ".join(result.indicators[0].name.split()) in text
    assert "Realisasi Berdasarkan Bukti Dukung" in text and "Umpan Balik Berkelanjutan" in text
    assert f"{Decimal(real.value):f}".rstrip("0").rstrip(".") + " %" in text  # 97 %: the period's own value
    assert "Angka triwulan dua sudah sesuai laporan dinas." in text
    assert "↳" in text and "Terima kasih, laporan kabupaten menyusul." in text  # the reply follows
    assert "Perluas skrining ke pos pembinaan terpadu." in text  # on the RHK, written in Q2
    assert "tidak masuk lembar ini" not in text  # written in Q3
    # the period is final in the demo: its ratings and predikat, no draft mark
    assert ev.status == "final" and "Draf" not in text
    assert f"RATING HASIL KERJA {service.RATING_LABELS[ev.results_final]}" in text
    assert service.PREDICATE_LABELS[ev.predicate].upper() in text
    for value in ("Berorientasi Pelayanan", "Akuntabel", "Kolaboratif"):
        assert value in text


def test_the_sheet_of_a_period_not_evaluated_yet_is_a_draft_and_opens_nothing(login):
    plan = plan_of(OWNER)
    before = db.session.scalar(select(func.count(Evaluation.id)))
    text = text_of(login("kabid.dinkes").get(_sheet(plan, 4)))
    assert "Draf: penilaian periode ini belum final" in text
    assert "RATING HASIL KERJA –" in text
    assert db.session.scalar(select(func.count(Evaluation.id))) == before  # a GET writes nothing


def test_the_annual_sheet_shows_every_review_periods_realisation(login):
    plan = plan_of(OWNER)
    ind = plan.results[0].indicators[0]
    values = dict(db.session.execute(select(Realization.review_id, Realization.value)
                                     .where(Realization.indicator_id == ind.id)).all())
    text = text_of(login("admin.dinkes").get(f"/skp/{plan.id}/penilaian/tahunan/ev-kinerja/pdf"))
    assert "1 JANUARI – 31 DESEMBER 2026" in text
    for seq, name in ((1, "Triwulan I"), (2, "Triwulan II"), (3, "Triwulan III")):
        value = values[_review(plan, seq).id]
        assert f"{name}: {value:f}".rstrip("0").rstrip(".") + " %" in text
    assert "Triwulan IV: –" in text


def test_the_sheet_reads_in_english_with_the_official_terms_kept(login):
    plan = plan_of(OWNER)
    client = login(OWNER)
    client.post("/language", {"locale": "en", "next": "/beranda"})
    text = text_of(client.get(_sheet(plan, 4)))
    assert "Realisasi Berdasarkan Bukti Dukung (realisation based on evidence)" in text
    assert "Draft: the evaluation of this period is not final yet" in text
    assert "EVALUASI KINERJA PEGAWAI" in text  # the document's official title stays


SHEET_ACCESS = {OWNER: 200, "kabid.dinkes": 200, "kadis.dinkes": 200, "admin.dinkes": 200, "admin": 200,
                "staf.dinkes": 404, "staf10.dinkes": 404, "staf3.disdik": 404, "kabid.disdik": 404,
                "admin.disdik": 404}


@pytest.mark.parametrize("actor", SHEET_ACCESS)
def test_the_sheet_follows_the_evaluation_access(login, actor):
    plan = plan_of(OWNER)
    client = login(actor)
    for url in (_sheet(plan, 1), f"/skp/{plan.id}/penilaian/tahunan/ev-kinerja/pdf"):
        response = client.get(url)
        assert response.status_code == SHEET_ACCESS[actor], (actor, url)
        if response.status_code == 404:
            assert plan.employee.name not in response.get_data(as_text=True)


def test_staff_cannot_fetch_another_persons_sheet_by_changing_the_id(login):
    mine = plan_of("staf.dinkes")
    client = login("staf.dinkes")
    assert client.get(_sheet(mine, 1)).status_code == 200
    for other in (plan_of(OWNER), plan_of("kabid.dinkes"), plan_of("staf3.disdik")):
        response = client.get(f"/skp/{other.id}/penilaian/{_review(mine, 1).id}/ev-kinerja/pdf")
        assert response.status_code == 404
        assert other.employee.name not in response.get_data(as_text=True)
    foreign_review = _review(plan_of("staf3.disdik"), 1)  # a period of another agency's year, on my own plan
    assert client.get(f"/skp/{mine.id}/penilaian/{foreign_review.id}/ev-kinerja/pdf").status_code == 404
    assert client.get(f"/skp/{mine.id}/penilaian/999999/ev-kinerja/pdf").status_code == 404


# --- KUADRAN --------------------------------------------------------------------------------------------------

def _expected_grid(where) -> list[tuple[str, int]]:
    """(PREDIKAT, count) of the nine cells in reading order, from the stored ratings and the agency's matrix."""
    rows = db.session.execute(select(Evaluation.results_final, Evaluation.behaviour_final)
                              .join(Plan, Plan.id == Evaluation.plan_id).join(Employee, Employee.id == Plan.employee_id)
                              .where(Evaluation.status.in_(("rated", "final")),
                                     Evaluation.results_final.is_not(None), *where)).all()
    matrix = service.Rules().policies("dinkes")[2]
    cells = []
    for r in (Rating.ABOVE, Rating.MEETS, Rating.BELOW):
        for b in (Rating.BELOW, Rating.MEETS, Rating.ABOVE):
            label = str(service.PREDICATE_LABELS[matrix.predicate(r, b).value]).upper()
            cells.append((label, sum(1 for x in rows if x == (r.value, b.value))))
    return cells


def _grid_of(text: str) -> list[tuple[str, int]]:
    grid = text.split("RATING PERILAKU KERJA", 1)[1]
    labels = "SANGAT BAIK|BAIK|BUTUH PERBAIKAN|KURANG/MISCONDUCT|SANGAT KURANG"
    return [(m.group(1), int(m.group(2))) for m in re.finditer(rf"({labels}) (\d+)", grid)][:9]


def test_the_team_quadrant_puts_each_report_in_the_cell_of_their_two_ratings(login):
    plan = plan_of(OWNER)
    q2 = _review(plan, 2)
    boss = employee("kabid.dinkes")
    text = text_of(login("kabid.dinkes").get(f"/penilaian/kuadran/pdf?periode={q2.id}"))
    assert "KUADRAN KINERJA PEGAWAI" in text and "TRIWULAN II 2026" in text and boss.name in text
    expected = _expected_grid([Evaluation.review_id == q2.id, Employee.supervisor_id == boss.id])
    assert _grid_of(text) == expected
    assert sum(n for _, n in expected) >= 5  # the demo's team is rated in every cell it uses
    rated = db.session.scalars(select(Employee.name).join(Plan, Plan.employee_id == Employee.id)
                               .join(Evaluation, Evaluation.plan_id == Plan.id)
                               .where(Employee.supervisor_id == boss.id, Evaluation.review_id == q2.id,
                                      Evaluation.status == "final")).all()
    assert len(rated) == sum(n for _, n in expected)
    for name in rated:
        assert name in text
    assert "dr. Agus Setiawan" not in text  # the head of agency is not in the team


def test_a_rated_but_not_final_evaluation_is_counted_and_marked(login):
    plan = plan_of(OWNER)
    q2 = _review(plan, 2)
    ev = db.session.scalar(select(Evaluation).where(Evaluation.plan_id == plan.id, Evaluation.review_id == q2.id))
    ev.status = "rated"
    db.session.commit()
    text = text_of(login("kabid.dinkes").get(f"/penilaian/kuadran/pdf?periode={q2.id}"))
    assert "1 dari penilaian ini sudah dinilai tetapi belum final." in text
    assert f"{plan.employee.name} *" in text


def test_the_agency_and_unit_quadrants_count_their_scope(login):
    q2 = _review(plan_of(OWNER), 2)
    agency, unit = _dinkes(), _unit("Bidang Pencegahan")
    whole = text_of(login("kadis.dinkes").get(f"/kalibrasi/{agency.id}/kuadran/pdf?periode={q2.id}"))
    assert _grid_of(whole) == _expected_grid([Evaluation.review_id == q2.id, Employee.agency_id == agency.id])
    one = text_of(login("kabid.dinkes").get(f"/kalibrasi/{agency.id}/kuadran/pdf?periode={q2.id}&unit={unit.id}"))
    assert _grid_of(one) == _expected_grid([Evaluation.review_id == q2.id, Employee.unit_id == unit.id])
    assert "Fikri Hidayat" in whole and "Fikri Hidayat" not in one  # works in the Puskesmas, a unit below


# kuadran of the whole agency, of the Bidang (kabid heads it), of the Puskesmas below it (staf10 heads it)
QUADRANT_ACCESS = {
    "kadis.dinkes": (200, 200, 200), "admin.dinkes": (200, 200, 200), "admin": (200, 200, 200),
    "kabid.dinkes": (404, 200, 200), "staf10.dinkes": (404, 404, 200), "staf.dinkes": (404, 404, 404),
    "kadis.disdik": (404, 404, 404), "admin.disdik": (404, 404, 404),
}


@pytest.mark.parametrize("actor", QUADRANT_ACCESS)
def test_the_unit_and_agency_quadrants_follow_the_access_table(login, actor):
    agency = _dinkes()
    q2 = _review(plan_of(OWNER), 2)
    client = login(actor)
    urls = [f"/kalibrasi/{agency.id}/kuadran/pdf?periode={q2.id}",
            f"/kalibrasi/{agency.id}/kuadran/pdf?periode={q2.id}&unit={_unit('Bidang Pencegahan').id}",
            f"/kalibrasi/{agency.id}/kuadran/pdf?periode={q2.id}&unit={_unit('UPTD Puskesmas').id}"]
    got = tuple(client.get(url).status_code for url in urls)
    assert got == QUADRANT_ACCESS[actor]


def test_the_team_quadrant_only_ever_shows_ones_own_reports(login):
    disdik_q1 = _review(plan_of("staf3.disdik"), 1)
    dinkes_q2 = _review(plan_of(OWNER), 2)
    assert login("kabid.dinkes").get(f"/penilaian/kuadran/pdf?periode={disdik_q1.id}").status_code == 404
    assert login("admin.dinkes").get(f"/penilaian/kuadran/pdf?periode={dinkes_q2.id}").status_code == 404
    alone = text_of(login("staf.dinkes").get(f"/penilaian/kuadran/pdf?periode={dinkes_q2.id}"))
    assert "Belum ada pegawai dalam cakupan ini" in alone and plan_of(OWNER).employee.name not in alone


# --- POLA DISTRIBUSI ------------------------------------------------------------------------------------------

def _set(agency, unit, review, predicate):
    db.session.add(Calibration(agency_id=agency.id, unit_id=unit.id if unit else None, year=2026,
                               review_id=review.id, org_predicate=predicate))


def test_the_distribution_counts_each_unit_against_the_curve_of_its_organisation_predikat(app, login):
    agency, bidang, puskesmas = _dinkes(), _unit("Bidang Pencegahan"), _unit("UPTD Puskesmas")
    q2 = _review(plan_of(OWNER), 2)
    _set(agency, None, q2, "baik")
    _set(agency, bidang, q2, "istimewa")
    db.session.commit()
    text = text_of(login("kadis.dinkes").get(f"/kalibrasi/{agency.id}/pola-distribusi/pdf?periode={q2.id}"))
    assert "POLA DISTRIBUSI PREDIKAT KINERJA PEGAWAI" in text and "TRIWULAN II 2026" in text
    with app.test_request_context():
        mine = cal.evaluate(agency, "istimewa", q2.id, bidang.id, 2026)  # what the calibration page shows
        below = cal.evaluate(agency, "istimewa", q2.id, puskesmas.id, 2026)
        whole = cal.evaluate(agency, "baik", q2.id, None, 2026)
        for result in (mine, below, whole):
            assert result["results"]
            for description, met, need in result["results"]:
                assert f"{'✓' if met else '✗'} {description} — {need}" in text
    counts = " ".join(f"{n} {str(f'{pct:.1f}').replace('.', ',')} %" for _, n, pct in mine["rows"])
    assert f"{' '.join(bidang.name.split())} Istimewa {counts} {mine['total']}" in text
    assert mine["total"] == 8 and below["total"] == 1
    # the Puskesmas has no predikat of its own: the Bidang's applies, and says so
    assert f"{puskesmas.name} Istimewa ditetapkan untuk {bidang.name}" in text
    assert "Seluruh instansi: Predikat Kinerja Organisasi BAIK" in text
    assert f"Jumlah: {whole['total']}" in text and whole["total"] == 9


def test_without_an_organisation_predikat_the_distribution_gives_counts_only(login):
    agency = _dinkes()
    text = text_of(login("admin.dinkes").get(f"/kalibrasi/{agency.id}/pola-distribusi/pdf?periode=tahunan"))
    assert "1 JANUARI – 31 DESEMBER 2026" in text
    assert "Predikat kinerja organisasi instansi untuk periode ini belum ditetapkan" in text
    assert "Belum ada penilaian final pada periode ini." in text  # no annual evaluation is final in the demo


@pytest.mark.parametrize("actor, status", [("kadis.dinkes", 200), ("admin.dinkes", 200), ("admin", 200),
                                           ("kabid.dinkes", 404), ("staf.dinkes", 404), ("admin.disdik", 404),
                                           ("kadis.disdik", 404)])
def test_the_distribution_is_for_the_agencys_head_and_admins(login, actor, status):
    agency = _dinkes()
    assert login(actor).get(f"/kalibrasi/{agency.id}/pola-distribusi/pdf").status_code == status


# --- links and cost -------------------------------------------------------------------------------------------

def test_the_pages_link_to_the_documents(login):
    plan = plan_of(OWNER)
    q2 = _review(plan, 2)
    agency = _dinkes()
    page = login(OWNER).get(f"/skp/{plan.id}/penilaian/{q2.id}").get_data(as_text=True)
    assert f'href="/skp/{plan.id}/penilaian/{q2.id}/ev-kinerja/pdf"' in page
    team = login("kabid.dinkes").get(f"/penilaian?periode={q2.id}").get_data(as_text=True)
    assert f'href="/penilaian/kuadran/pdf?periode={q2.id}"' in team
    calibration = login("kadis.dinkes").get(f"/kalibrasi/{agency.id}?periode={q2.id}").get_data(as_text=True)
    assert f"/kalibrasi/{agency.id}/kuadran/pdf?tahun=2026&amp;periode={q2.id}" in calibration
    assert f"/kalibrasi/{agency.id}/pola-distribusi/pdf?tahun=2026&amp;periode={q2.id}" in calibration


def test_each_document_costs_the_same_few_statements_for_a_small_and_a_large_team(login):
    from tests.web.test_page_costs import MAX_QUERIES, _grow

    plan = plan_of(OWNER)
    q1 = _review(plan, 1)  # the period the grown team is evaluated in
    agency = _dinkes()
    documents = [(OWNER, _sheet(plan, 1)), (OWNER, f"/skp/{plan.id}/penilaian/tahunan/ev-kinerja/pdf"),
                 ("kabid.dinkes", f"/penilaian/kuadran/pdf?periode={q1.id}"),
                 ("kadis.dinkes", f"/kalibrasi/{agency.id}/kuadran/pdf?periode={q1.id}"),
                 ("kadis.dinkes", f"/kalibrasi/{agency.id}/pola-distribusi/pdf?periode={q1.id}")]
    clients = {who: login(who) for who, _ in documents}

    def cost():
        found = {}
        for who, url in documents:
            with count_queries() as statements:
                assert clients[who].get(url).status_code == 200
            found[url] = len(statements)
        return found

    cost()  # warm up
    small = cost()
    _grow(40, 0)
    for ev in db.session.scalars(select(Evaluation).where(Evaluation.status == "self_assessed")):
        ev.status, ev.results_final, ev.behaviour_final, ev.predicate = "final", "sesuai", "sesuai", "baik"
    db.session.commit()
    large = cost()
    assert small == large, (small, large)
    assert all(n <= MAX_QUERIES for n in large.values()), large
