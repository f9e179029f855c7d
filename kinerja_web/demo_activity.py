"""Demo activity: realisations with evidence and feedback for the review
periods that have ended, a dialogue, peer input and evaluations, so every
journey can be tried on the day the demo is loaded.

In the latest ended review period each supervisor's team is split in three
(:func:`standing`): some are rated and final, some are ready to rate
(realisations and self-assessment complete), and some are late.
"""
from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .clock import utcnow
from .demo import at
from .execution.evidence import storage_dir
from .extensions import db
from .models import (
    Dialogue,
    Employee,
    Evidence,
    Feedback,
    PeerInput,
    Plan,
    Realization,
    ReopenRequest,
    ReviewPeriod,
    User,
    WorkResult,
)

VARIATION = (Decimal("0.92"), Decimal("1.00"), Decimal("1.06"), Decimal("0.97"))
FEEDBACK = ("Capaian sudah baik, pertahankan dan lengkapi bukti dukungnya.",
            "Mohon percepat kegiatan agar target triwulan berikutnya tercapai.",
            "Koordinasikan dengan bidang terkait untuk data pembanding.")
REPLIES = ("Baik, Bu. Bukti dukung akan saya lengkapi minggu ini.",
           "Siap, jadwal kegiatan sudah saya susun ulang.")


def tiny_pdf(text: str) -> bytes:
    """A valid one-page PDF showing ``text`` (ASCII), for demo evidence."""
    safe = text.encode("ascii", "replace").decode().replace("(", "[").replace(")", "]")
    stream = f"BT /F1 12 Tf 40 780 Td ({safe}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _attach_pdf(real: Realization, title: str, user_id) -> None:
    data = tiny_pdf(title)
    name = f"{uuid.uuid4().hex}.pdf"
    (storage_dir() / name).write_bytes(data)
    real.evidence.append(Evidence(kind="file", filename=f"bukti-{real.review.name.lower().replace(' ', '-')}.pdf",
                                  stored_name=name, content_type="application/pdf", size=len(data),
                                  sha256=hashlib.sha256(data).hexdigest(), uploaded_by_id=user_id))


def _value(ind, n_reviews: int, k: int) -> Decimal:
    target = ind.target_value if ind.target_value is not None else Decimal(100)
    if ind.target_kind == "growth" and ind.baseline_value is not None:  # the level the growth implies
        target = ind.baseline_value * (1 + target / 100)
    factor = VARIATION[(ind.id + k) % len(VARIATION)]
    if ind.scoring == "lower_is_better":
        factor = 2 - factor  # below target is good here
    base = target / n_reviews if ind.aggregation == "sum" else target
    value = (base * factor).quantize(Decimal("0.01"))
    return min(value, Decimal(100)) if ind.unit.strip() == "%" else value


def _ratios() -> dict:
    """{(agency, catalogue code): (plugin, Ratio)} of the catalogue entries whose value is derived."""
    from flask import current_app

    registry = current_app.extensions["kinerja_registry"]
    return {key: (d.plugin, d.record.ratio) for key, d in registry.indicators.items() if d.record.ratio}


def _ratio(found, value: Decimal):
    """The two recorded numbers a derived demo value comes from, as a person would have entered them:
    the smallest plausible population (denominator) that makes the value exact."""
    if found is None:
        return None, None
    plugin, ratio = found
    for m in (24, 25, 40, 48, 50, 60, 100, 120, 200, 250, 400, 500, 1000, 10000):
        denominator = ratio.per * m / 100 if ratio.per <= 100 else ratio.per * m / 10000
        numerator = value * denominator / ratio.per
        if denominator == denominator.to_integral_value() and numerator == numerator.to_integral_value():
            break
    else:
        return None, None
    numbers = {ratio.numerator: str(int(numerator)), ratio.denominator: str(int(denominator))}
    return ({plugin: numbers},
            {"kind": "ratio", "plugin": plugin, "numerator": ratio.numerator, "denominator": ratio.denominator,
             "per": str(ratio.per), "inputs": numbers})


FINAL, READY, LATE = "final", "ready", "late"


def _approved_plans():
    return db.session.scalars(select(Plan).where(Plan.status == "approved").order_by(Plan.id).options(
        selectinload(Plan.results).selectinload(WorkResult.indicators), selectinload(Plan.employee))).all()


def standing(plans) -> dict[int, str]:
    """Plan id → where the person stands in the latest ended review period, spread over every team."""
    seen: dict[int | None, int] = {}
    out = {}
    for plan in plans:
        n = seen.get(plan.employee.supervisor_id, 0)
        seen[plan.employee.supervisor_id] = n + 1
        out[plan.id] = (FINAL, READY, LATE)[n % 3]
    return out


def seed_activity(today) -> None:
    """Realisations for every review period that ended before ``today``."""
    accounts = dict(db.session.execute(select(User.employee_id, User.id).where(User.employee_id.is_not(None))).all())
    plans = _approved_plans()
    where = standing(plans)
    ratios = _ratios()
    for p_no, plan in enumerate(plans):
        reviews = db.session.scalars(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id)
                                     .order_by(ReviewPeriod.seq)).all()
        ended = [r for r in reviews if r.ends_on < today]
        user_id = accounts.get(plan.employee_id)
        first = None
        for result in plan.results:
            for ind in result.indicators:
                for k, review in enumerate(ended):
                    if where[plan.id] == LATE and k == len(ended) - 1:
                        continue  # someone is late with the last period: the pages show it
                    value = _value(ind, len(reviews), k)
                    fields, provenance = _ratio(ratios.get((plan.employee.agency.code, ind.catalogue_code)), value)
                    real = Realization(indicator=ind, review=review, value=value, fields=fields,
                                       provenance=provenance,
                                       note=f"Kegiatan {review.name} terlaksana sesuai rencana.",
                                       updated_by_id=user_id)
                    db.session.add(real)
                    if ind.evidence_required or k == 0:
                        if not (where[plan.id] == LATE and k == len(ended) - 1):
                            _attach_pdf(real, f"Bukti dukung {ind.name[:60]} {review.name}", user_id)
                    first = first or real
        if first is not None and plan.employee.supervisor_id:
            db.session.flush()
            fb = Feedback(plan_id=plan.id, realization_id=first.id, author_id=plan.employee.supervisor_id,
                          body=FEEDBACK[p_no % len(FEEDBACK)])
            db.session.add(fb)
            if p_no % 2 == 0:
                db.session.flush()
                db.session.add(Feedback(plan_id=plan.id, parent_id=fb.id, realization_id=first.id,
                                        author_id=plan.employee_id, body=REPLIES[p_no % len(REPLIES)]))
            if ended:
                db.session.add(Dialogue(plan_id=plan.id, held_on=min(ended[-1].ends_on + timedelta(days=5), today),
                                        author_id=plan.employee.supervisor_id,
                                        notes="Membahas capaian triwulan dan kendala pelaksanaan kegiatan.",
                                        follow_ups="Melengkapi bukti dukung; menyusun jadwal kegiatan triwulan IV."))
    _seed_peer_input(today)
    _seed_reopen_request(today, plans, where)
    _seed_supervisor_report(today)
    db.session.commit()


def _seed_supervisor_report(today) -> None:
    """staf8 of each agency reports that the supervisor on record is wrong, without naming the right
    one: the admin's guardrails page has a report to decide, with the most likely supervisor proposed."""
    from .models import SupervisorCorrection

    for emp in db.session.scalars(select(Employee).join(User, User.employee_id == Employee.id)
                                  .where(User.username.like("staf8.%"))):
        db.session.add(SupervisorCorrection(
            employee_id=emp.id, current_supervisor_id=emp.supervisor_id, status="pending",
            created_at=min(at(today - timedelta(days=2), 10), utcnow()),
            note="Sejak Oktober saya diperbantukan di Sekretariat; mohon atasan saya disesuaikan."))


def _seed_reopen_request(today, plans, where) -> None:
    """The last late person of each agency asked the admin to reopen the latest ended period once its
    input deadline passed, so the admin has a request to decide; the other late people can still ask."""
    last = {}
    for plan in plans:
        if where[plan.id] == LATE and plan.employee.supervisor_id is not None:
            last[plan.employee.agency_id] = plan
    for plan in last.values():
        ended = db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id,
                                                             ReviewPeriod.ends_on < today)
                                  .order_by(ReviewPeriod.seq.desc()).limit(1))
        if ended is None or ended.input_deadline is None or ended.input_deadline >= today:
            continue
        db.session.add(ReopenRequest(
            employee_id=plan.employee_id, review_id=ended.id, status="pending",
            created_at=min(at(ended.input_deadline + timedelta(days=1), 9), utcnow()),
            reason="Bukti dukung kegiatan baru ditandatangani pimpinan setelah batas waktu pengisian."))


def _seed_peer_input(today) -> None:
    """Three colleagues answered about staf3 (enough to show it aggregated); staf is asked about staf2."""
    for staf3 in db.session.scalars(select(Employee).join(User, User.employee_id == Employee.id)
                                    .where(User.username.like("staf3.%"))):
        code = staf3.agency.code
        people = {u: db.session.scalar(select(Employee).join(User, User.employee_id == Employee.id)
                                       .where(User.username == f"{u}.{code}")) for u in ("staf", "staf2", "staf4")}
        review = db.session.scalar(select(ReviewPeriod).join(ReviewPeriod.period)
                                   .where(ReviewPeriod.ends_on < today,
                                          ReviewPeriod.period.has(agency_id=staf3.agency_id))
                                   .order_by(ReviewPeriod.ends_on.desc()).limit(1))
        if review is None:
            continue
        answers = ("Teliti dan cepat dalam menyiapkan data.", "Komunikatif saat koordinasi lintas bidang.",
                   "Selalu membantu rekan yang kesulitan.")
        for n, rater in enumerate(people.values()):
            db.session.add(PeerInput(employee_id=staf3.id, review_id=review.id, rater_id=rater.id,
                                     requested_by_id=staf3.supervisor_id, answered_at=review.ends_on,
                                     strengths=answers[n], improvements="Dokumentasi kegiatan dapat lebih rapi."
                                     if n == 0 else ""))
        db.session.add(PeerInput(employee_id=people["staf2"].id, review_id=review.id, rater_id=people["staf"].id,
                                 requested_by_id=people["staf2"].supervisor_id))


# Behaviour patterns that give a realistic spread of predikat across the demo staff.
BEHAVIOUR_PATTERNS = (
    {"akuntabel": "di_atas", "kompeten": "di_atas", "harmonis": "di_atas", "kolaboratif": "di_atas"},
    {},
    {"adaptif": "di_atas"},
    {"kompeten": "di_bawah"},
    {"berorientasi_pelayanan": "di_atas", "akuntabel": "di_atas", "loyal": "di_atas", "adaptif": "di_atas"},
)


def seed_evaluations(today) -> None:
    """Every ended review period evaluated and final, but the latest: there only those whose
    :func:`standing` is final; those ready to rate have their self-assessment in."""
    from .evaluation import service
    from .models import Evaluation, SelfAssessment
    from .rules.berakhlak import CORE_VALUE_CODES

    plans = _approved_plans()
    where = standing(plans)
    for n, plan in enumerate(plans):
        if plan.employee.supervisor_id is None:
            continue  # heads of agency: rated by the head of region, left open in the demo
        boss_user = db.session.scalar(select(User).where(User.employee_id == plan.employee.supervisor_id))
        ended = [r for r in service.reviews_of(plan) if r.ends_on < today]
        for review in ended:
            latest = review is ended[-1]
            if latest and where[plan.id] == LATE:
                continue
            if latest and where[plan.id] == READY:
                ev = Evaluation(plan=plan, review=review, status="self_assessed")
                for result in plan.results:
                    ev.self_assessments.append(SelfAssessment(
                        result_id=result.id, text="Seluruh kegiatan triwulan ini terlaksana; bukti dukung terlampir."))
                db.session.add(ev)
                continue
            pattern = BEHAVIOUR_PATTERNS[(n + review.seq) % len(BEHAVIOUR_PATTERNS)]
            ev = Evaluation(plan=plan, review=review, status="final")
            ev.behaviour = {code: {"rating": pattern.get(code, "sesuai"), "feedback": ""} for code in CORE_VALUE_CODES}
            for result in plan.results:
                ev.self_assessments.append(SelfAssessment(result_id=result.id,
                                                          text="Kegiatan terlaksana sesuai rencana aksi."))
            service.compute(ev)
            ev.results_final = ev.results_suggested or "sesuai"
            ev.behaviour_final = ev.behaviour_suggested or "sesuai"
            ev.predicate = service.predicate_of(plan, ev.results_final, ev.behaviour_final)
            ev.notes = "Pertahankan capaian dan lengkapi bukti dukung tepat waktu."
            # Rated a fortnight after the period, or today if that is still ahead.
            ev.rated_at = ev.finalized_at = min(at(review.ends_on + timedelta(days=14), 10), utcnow())
            ev.finalized_by_id = boss_user.id if boss_user else None
            ev.snapshot = service.appraisal_snapshot(plan.employee)
            db.session.add(ev)
            db.session.flush()  # the hash covers the ids, which exist only after a flush
            ev.content_hash = service.digest(ev)
    db.session.commit()
