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
    bidang, puskesmas = employee("kabid.dinkes").unit_id, fed.employee.unit_id  # units the kabid and staf10 head
    goal = staff.results[0].parent.parent.goal_id if staff.results[0].parent and staff.results[0].parent.parent else 0
    festival = programme_pages()
    return {
        "": ["/login", f"/survei/{survey.token}", f"/survei/{survey.token}/terima-kasih"],
        "staf10.dinkes": ["/ikm", f"/ikm/{survey.id}",
                          f"/skp/{fed.id}/iki/{fed.results[0].indicators[0].id}/realisasi/{reviews[3].id}",
                          f"/dasbor/unit/{puskesmas}"],
        "staf.dinkes": ["/beranda", "/skp", f"/skp/{staff.id}", f"/skp/{staff.id}/pemantauan",
                        f"/skp/{staff.id}/progres-harian", f"/skp/{staff.id}/rencana-aksi",
                        f"/skp/{staff.id}/rencana-aksi?periode={reviews[2].id}",
                        f"/skp/{staff.id}/iki/{ind.id}/realisasi/{reviews[3].id}",
                        f"/skp/{staff.id}/iki/{ind.id}/realisasi/{reviews[0].id}",
                        "/penilaian", f"/skp/{staff.id}/penilaian/{reviews[0].id}",
                        f"/skp/{staff.id}/penilaian/tahunan", "/notifikasi",
                        f"/penilaian/{final.id}/pengembangan" if final else "/penilaian",
                        f"/masukan/{peer.id}" if peer else "/beranda", f"/skp/{staff.id}/bukan-atasan",
                        "/pohon-kinerja", f"/skp/{staff.id}/impor-realisasi",
                        realization_import_preview("staf.dinkes", staff, reviews), f"/pengembangan/pegawai/{emp.id}",
                        f"/skp/{staff.id}/impor-progres", progress_import_preview("staf.dinkes", staff)],
        "staf8.dinkes": [f"/skp/{plan_of('staf8.dinkes').id}"],  # the demo's waiting "not my supervisor" report
        "staf6.dinkes": ["/beranda", f"/skp/{late.id}/pemantauan", f"/realisasi/buka-kembali/{reviews[2].id}"],
        "staf9.dinkes": ["/beranda", f"/realisasi/buka-kembali/{reviews[2].id}"],  # the demo's waiting request
        "staf4.dinkes": [f"/skp/{draft.id}", f"/skp/{draft.id}/rhk/{result.id}",
                         f"/skp/{draft.id}/iki/{result.indicators[0].id}"],
        "staf.disdik": ["/skp", "/skp/baru"],
        "admin.dispar": festival["lead"],
        "staf5.disdik": festival["member"],
        "staf4.disdik": festival["editor"],
        "kabid.dinkes": ["/beranda", "/skp/antrian", f"/skp/{submitted.id}/tinjau", "/penilaian",
                         f"/skp/{staff.id}/penilaian/{reviews[2].id}", f"/skp/{staff.id}/pemantauan",
                         f"/skp/{staff.id}/masukan", "/pohon-kinerja",
                         f"/skp/{staff.id}/progres-harian", f"/skp/{staff.id}/rencana-aksi",
                         f"/dasbor/unit/{bidang}", f"/dasbor/{agency}/terlambat/realisasi?unit={bidang}",
                         "/pengembangan/tim", f"/pengembangan/kebutuhan/{agency}?unit={bidang}",
                         f"/penyelesaian/{agency}?unit={bidang}"],
        "kadis.dinkes": ["/beranda", f"/kalibrasi/{agency}", f"/tindak-lanjut/{agency}", "/dasbor", "/pohon-kinerja",
                         f"/simulasi/{agency}",
                         "/pohon-kinerja?q=a&periode=tahunan", f"/pohon-kinerja?fokus={staff.results[0].parent_id}",
                         f"/tindak-lanjut/{agency}?periode=tahunan", f"/dasbor/{agency}/terlambat/skp",
                         f"/dasbor/{agency}/terlambat/penilaian", f"/dasbor/{agency}/capaian",
                         f"/dasbor/{agency}/predikat/baik?periode={reviews[2].id}",
                         f"/dasbor/{agency}/capaian?tujuan={goal}",
                         f"/kalibrasi/{agency}/andai?periode={reviews[2].id}&andai-org_predicate=sangat_kurang"
                         "&andai-moves-0-count=1&andai-moves-0-source=baik&andai-moves-0-target=kurang",
                         f"/pengembangan/kebutuhan/{agency}",
                         f"/pengembangan/kebutuhan/{agency}/orang?jenis=result&area=x"],
        "admin.dinkes": [f"/admin/{agency}/pegawai/{emp.id}/status-kepegawaian", f"/penyelesaian/{agency}",
                         f"/admin/{agency}", f"/admin/{agency}/employees", f"/admin/{agency}/units",
                         f"/admin/{agency}/positions", f"/admin/{agency}/goals", f"/admin/{agency}/periode",
                         f"/admin/{agency}/audit", f"/admin/{agency}/employees/{emp.id}",
                         f"/admin/{agency}/employees/baru", "/admin/plugins", f"/admin/{agency}/permintaan-pembukaan",
                         f"/admin/{agency}/hierarki", f"/admin/{agency}/ikm", "/ikm", f"/ikm/{survey.id}",
                         f"/admin/{agency}/api-token",
                         f"/admin/{agency}/impor-pegawai", *employee_import_previews("admin.dinkes", agency)],
        "admin": ["/admin/", "/admin/persetujuan", "/admin/instansi/baru", "/admin/plugins", "/dasbor?instansi=dinkes",
                  "/dasbor/provinsi",
                  "/admin/api-token",
                  "/pohon-kinerja?instansi=dinkes"],
    }


def programme_pages() -> dict[str, list[str]]:
    """The demo's programme across agencies: its lead's pages, and a member's (the other agency's RHK titles only)."""
    from kinerja_web.models.programme import Programme

    p = db.session.scalar(select(Programme).where(Programme.name == "Festival Budaya Lampung"))
    codes = dict(db.session.execute(select(Agency.code, Agency.id)).all())
    first, second = p.results[0].id, p.results[1].id
    draft = plan_of("staf4.disdik")
    return {"lead": ["/program", f"/program/{p.id}", f"/program/{p.id}/kelola", "/program/baru",
                     f"/program/{p.id}/rhk/{first}", f"/program/{p.id}/rhk/{second}/instansi/{codes['disdik']}"],
            "member": ["/program", f"/program/{p.id}", f"/program/{p.id}/rhk/{first}/instansi/{codes['dispar']}"],
            "editor": [f"/skp/{draft.id}/rhk/{draft.results[0].id}"]}  # the RHK form offers the programme


def employee_import_previews(username: str, agency_id: int) -> list[str]:
    """Two uploads of ``username`` waiting for confirmation, as the upload form keeps them: the agency's roster
    with one person added, one renamed and one left out; and the same with a bad row."""
    from kinerja_web.clock import today
    from kinerja_web.imports import pending
    from kinerja_web.imports.columns import COLUMNS
    from kinerja_web.imports.employee_views import summary
    from kinerja_web.imports.employees import check
    from kinerja_web.imports.reading import Table
    from kinerja_web.models import User
    from kinerja_web.queries.imports import roster, template_rows

    user_id = db.session.scalar(select(User.id).where(User.username == username))
    agency = db.session.get(Agency, agency_id)
    people = [[str(r[c.key] or "") for c in COLUMNS] for r in template_rows(agency_id)]
    people[1][1] = "Nama Baru"
    head = people[0][0]
    added = [["199105052016031007", "Pegawai Baru", "Analis", "Pelaksana", "Seksi Baru", "", "", head, "", "", ""]]
    bad = [["19910505", "Salah", "Analis", "", "Seksi Baru", "", "", head, "bukan-email", "", ""]]
    urls = []
    for rows in (people[:-1] + added, people + bad):
        table = Table([c.header for c in COLUMNS], [(n, r) for n, r in enumerate(rows, start=2)], "csv", ";")
        token = pending.save(b"-", user_id=user_id, scope=f"agency:{agency_id}", kind="employees",
                             filename="pegawai.csv", summary=summary(check(table, roster(agency), today()),
                                                                     roster(agency)), table=table)
        urls.append(f"/admin/{agency_id}/impor-pegawai/{token}")
    db.session.rollback()
    return urls


def realization_import_preview(username: str, plan, reviews) -> str:
    """An upload of ``username``'s realisation sheet waiting for confirmation: one value refused, one kept."""
    from flask import current_app

    from kinerja_web.imports import pending
    from kinerja_web.imports.reading import Table
    from kinerja_web.imports.realization_views import _summary
    from kinerja_web.imports.realizations import check
    from kinerja_web.models import User

    user_id = db.session.scalar(select(User.id).where(User.username == username))
    ind = plan.results[0].indicators[0]
    table = Table(["plan_id", "indicator_id", "review_id", "value", "note"],
                  [(2, [str(plan.id), str(ind.id), str(reviews[3].id), "95", ""]),
                   (3, [str(plan.id), str(ind.id), str(reviews[0].id), "banyak", ""])], "csv", ",")
    with current_app.test_request_context():
        found = _summary(check(table, plan))
    token = pending.save(b"-", user_id=user_id, scope=f"plan:{plan.id}", kind="realizations", filename="realisasi.csv",
                         summary=found, table=table)
    db.session.rollback()
    return f"/skp/{plan.id}/impor-realisasi/{token}"


def progress_import_preview(username: str, plan) -> str:
    """An upload of ``username``'s progres harian waiting for confirmation: one entry to add, one row refused."""
    from flask import current_app

    from kinerja_web.clock import today
    from kinerja_web.imports import pending
    from kinerja_web.imports.progress import check
    from kinerja_web.imports.reading import Table
    from kinerja_web.models import User

    user_id = db.session.scalar(select(User.id).where(User.username == username))
    table = Table(["entry_id", "day", "starts_at", "ends_at", "activity", "quantity", "link"],
                  [(2, ["", today().isoformat(), "08:00", "10:00", "Verifikasi data posyandu", "", ""]),
                   (3, ["", "31-02-2026", "10:00", "09:00", "", "dua", "javascript:alert(1)"])], "csv", ",")
    with current_app.test_request_context():
        found = check(table, plan).summary()
    token = pending.save(b"-", user_id=user_id, scope=f"plan:{plan.id}", kind="progress", filename="progres.csv",
                         summary=found, table=table)
    db.session.rollback()
    return f"/skp/{plan.id}/impor-progres/{token}"
