"""Every page a role can open, with real ids from the demo: the walks of the page-quality checks."""
from __future__ import annotations

from sqlalchemy import select

from kinerja_web.extensions import db
from kinerja_web.models import Agency, Evaluation, PeerInput, ReviewPeriod, Survey
from tests.helpers import employee, plan_of


def pages() -> dict[str, list[str]]:
    """{username: [path, ...]} covering every GET page of the app."""
    staff = plan_of("staf.dinkes")
    submitted = plan_of("staf2.dinkes")
    draft = plan_of("staf4.dinkes")
    reviews = db.session.scalars(select(ReviewPeriod).where(ReviewPeriod.period_id == staff.period_id)
                                 .order_by(ReviewPeriod.seq)).all()
    result = draft.results[0]
    ind = staff.results[0].indicators[0]
    final = db.session.scalar(select(Evaluation).where(Evaluation.plan_id == staff.id, Evaluation.status == "final"))
    peer = db.session.scalar(select(PeerInput).where(PeerInput.answered_at.is_(None)))
    agency = db.session.scalar(select(Agency.id).where(Agency.code == "dinkes"))
    emp = employee("staf.dinkes")
    late = plan_of("staf6.dinkes")  # late with Triwulan III, closed: the home page offers a request to reopen it
    survey = db.session.scalar(select(Survey).where(Survey.agency_id == agency))  # the demo's Puskesmas
    fed = plan_of("staf10.dinkes")  # heads the Puskesmas; its SKP's indicator is fed by the survey
    return {
        "": ["/login", f"/survei/{survey.token}", f"/survei/{survey.token}/terima-kasih"],
        "staf10.dinkes": ["/ikm", f"/ikm/{survey.id}",
                          f"/skp/{fed.id}/iki/{fed.results[0].indicators[0].id}/realisasi/{reviews[3].id}"],
        "staf.dinkes": ["/beranda", "/skp", f"/skp/{staff.id}", f"/skp/{staff.id}/pemantauan",
                        f"/skp/{staff.id}/iki/{ind.id}/realisasi/{reviews[3].id}",
                        f"/skp/{staff.id}/iki/{ind.id}/realisasi/{reviews[0].id}",
                        "/penilaian", f"/skp/{staff.id}/penilaian/{reviews[0].id}",
                        f"/skp/{staff.id}/penilaian/tahunan", "/notifikasi",
                        f"/penilaian/{final.id}/pengembangan" if final else "/penilaian",
                        f"/masukan/{peer.id}" if peer else "/beranda", f"/skp/{staff.id}/bukan-atasan",
                        "/pohon-kinerja"],
        "staf8.dinkes": [f"/skp/{plan_of('staf8.dinkes').id}"],  # the demo's waiting "not my supervisor" report
        "staf6.dinkes": ["/beranda", f"/skp/{late.id}/pemantauan", f"/realisasi/buka-kembali/{reviews[2].id}"],
        "staf9.dinkes": ["/beranda", f"/realisasi/buka-kembali/{reviews[2].id}"],  # the demo's waiting request
        "staf4.dinkes": [f"/skp/{draft.id}", f"/skp/{draft.id}/rhk/{result.id}",
                         f"/skp/{draft.id}/iki/{result.indicators[0].id}"],
        "staf.disdik": ["/skp", "/skp/baru"],
        "kabid.dinkes": ["/beranda", "/skp/antrian", f"/skp/{submitted.id}/tinjau", "/penilaian",
                         f"/skp/{staff.id}/penilaian/{reviews[2].id}", f"/skp/{staff.id}/pemantauan", "/pohon-kinerja"],
        "kadis.dinkes": ["/beranda", f"/kalibrasi/{agency}", f"/tindak-lanjut/{agency}", "/dasbor", "/pohon-kinerja",
                         "/pohon-kinerja?q=a&periode=tahunan", f"/pohon-kinerja?fokus={staff.results[0].parent_id}",
                         f"/tindak-lanjut/{agency}?periode=tahunan"],
        "admin.dinkes": [f"/admin/{agency}", f"/admin/{agency}/employees", f"/admin/{agency}/units",
                         f"/admin/{agency}/positions", f"/admin/{agency}/goals", f"/admin/{agency}/periode",
                         f"/admin/{agency}/audit", f"/admin/{agency}/employees/{emp.id}",
                         f"/admin/{agency}/employees/baru", "/admin/plugins", f"/admin/{agency}/permintaan-pembukaan",
                         f"/admin/{agency}/hierarki", f"/admin/{agency}/ikm", "/ikm", f"/ikm/{survey.id}"],
        "admin": ["/admin/", "/admin/persetujuan", "/admin/instansi/baru", "/admin/plugins", "/dasbor?instansi=dinkes",
                  "/pohon-kinerja?instansi=dinkes"],
    }
