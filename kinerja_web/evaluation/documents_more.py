"""The regulation's remaining documents as PDF (RULES.md §2.1: the sheets EV. KINERJA, KUADRAN and POLA DIST.
of the official template), built with WeasyPrint like ``documents.py``.

Each builder takes what its view has loaded and checked, asks ``queries.documents`` for the rest (a fixed
number of statements), and renders one template of ``templates/evaluation/``. Official titles and column
names stay in Indonesian; in English they carry their meaning in brackets (``ui.glossed``).
"""
from __future__ import annotations

from flask import render_template
from flask_babel import lazy_gettext as _l

from ..clock import today
from ..queries import documents as q
from ..rules.types import Predicate, Rating
from ..ui import glossed
from . import calibration as cal
from . import service
from .documents import PdfUnavailable

# Column names of the regulation's forms, glossed in English.
TERMS = {
    "employee": glossed("Pegawai yang Dinilai", _l("employee appraised")),
    "appraiser": glossed("Pejabat Penilai Kinerja", _l("appraising official")),
    "parent": glossed("Rencana Hasil Kerja Pimpinan yang Diintervensi", _l("the leader's planned result supported")),
    "rhk": glossed("Rencana Hasil Kerja", _l("planned work result")),
    "aspect": glossed("Aspek", _l("aspect")),
    "iki": glossed("Indikator Kinerja Individu", _l("individual performance indicator")),
    "target": glossed("Target", _l("target")),
    "realisation": glossed("Realisasi Berdasarkan Bukti Dukung", _l("realisation based on evidence")),
    "feedback": glossed("Umpan Balik Berkelanjutan Berdasarkan Bukti Dukung", _l("continuous feedback on evidence")),
    "behaviour": glossed("Perilaku Kerja", _l("work behaviour")),
    "expectation": glossed("Ekspektasi Khusus Pimpinan", _l("the leader's specific expectations")),
    "behaviour_feedback": glossed("Umpan Balik Berkelanjutan", _l("continuous feedback")),
    "results_rating": glossed("Rating Hasil Kerja", _l("rating of work results")),
    "behaviour_rating": glossed("Rating Perilaku Kerja", _l("rating of work behaviour")),
    "predicate": glossed("Predikat Kinerja Pegawai", _l("employee performance predikat")),
    "org_predicate": glossed("Predikat Kinerja Organisasi", _l("organisation predikat")),
    "unit": glossed("Unit Kerja", _l("unit")),
    "total": glossed("Jumlah", _l("total")),
}
# The kuadran reads as the regulation's table (RULES.md §3.2): results from above to below, behaviour from
# below to above.
RESULT_ROWS = (Rating.ABOVE, Rating.MEETS, Rating.BELOW)
BEHAVIOUR_COLUMNS = (Rating.BELOW, Rating.MEETS, Rating.ABOVE)
NAMES_IN_CELLS = 40  # a team's kuadran names people in its cells; a larger one counts them there and lists below


def _write(template: str, **context) -> bytes:
    try:
        from weasyprint import HTML  # imported here: only the PDF routes need Pango
    except OSError as exc:
        raise PdfUnavailable(str(exc)) from exc
    html = render_template(template, terms=TERMS, labels=service, org_labels=cal.ORG_LABELS, today=today(),
                           **context)
    return HTML(string=html).write_pdf()


def sheet_pdf(plan, review, reviews: list) -> bytes:
    """EV. KINERJA: the plan's RHK and indicators with the realisations of the period (every period of the
    year for the annual sheet) and the feedback given on them, the behaviour feedback, the ratings and the
    predikat as far as the evaluation has them. Not final: marked as a draft."""
    covered = [review] if review is not None else reviews
    ev = q.evaluation(plan.id, review.id if review is not None else None)
    people = service.appraisal(ev) if ev is not None else service.appraisal_snapshot(plan.employee)
    scores = {s["indicator_id"]: s for s in (ev.scores or [])} if ev is not None else {}
    expectations = {e.value_code: e.text for e in plan.expectations}
    return _write("evaluation/ev_kinerja.html", plan=plan, review=review, reviews=covered, ev=ev, people=people,
                  reals=q.realisations(plan, [r.id for r in covered]),
                  notes=q.feedback(plan.id, covered), scores=scores, expectations=expectations)


def _matrix(agency_code: str):
    return service.Rules().policies(agency_code)[2]


def quadrant_pdf(agency, period, review, *, scope_name: str, supervisor=None, unit=None) -> bytes:
    """KUADRAN: the rating of results × the rating of behaviour of everyone rated in the scope, each cell
    with the predikat the agency's matrix gives it, its count, and (for a team) the names."""
    cells, people = q.quadrant(agency.id, review.id if review else None, year=period.year,
                               supervisor_id=supervisor.id if supervisor is not None else None,
                               unit_id=unit.id if unit is not None else None)
    matrix = _matrix(agency.code)
    grid = [[{"results": r.value, "behaviour": b.value, "predicate": matrix.predicate(r, b).value,
              "count": cells.get((r.value, b.value), [0, 0])[0], "names": []}
             for b in BEHAVIOUR_COLUMNS] for r in RESULT_ROWS]
    total = sum(n for n, _ in cells.values())
    if total <= NAMES_IN_CELLS:
        where = {(c["results"], c["behaviour"]): c for row in grid for c in row}
        for person in people:
            where[(person.results, person.behaviour)]["names"].append(person)
    by_predicate = {p.value: 0 for p in Predicate}
    for row in grid:
        for cell in row:
            by_predicate[cell["predicate"]] += cell["count"]
    return _write("evaluation/kuadran.html", agency=agency, period=period, review=review, scope_name=scope_name,
                  supervisor=supervisor, grid=grid, people=people, total=total,
                  drafts=total - sum(f for _, f in cells.values()), by_predicate=by_predicate,
                  listed_all=len(people) >= total, rows=RESULT_ROWS, columns=BEHAVIOUR_COLUMNS,
                  matrix_code=matrix.code, matrix_version=matrix.version)


def distribution_pdf(agency, period, review) -> bytes:
    """POLA DISTRIBUSI: for the agency and each unit, the count of each final predikat against the pattern
    the organisation predikat that applies to it allows (``calibration.judge``, the calibration page's check)."""
    units, set_for, found = q.distribution_inputs(agency.id, period.year, review.id if review else None)
    parents = {u.id: u.parent_id for u in units}
    names = {u.id: u.name for u in units}
    rows = []
    for unit in units:
        counts = found.get(unit.id)
        predicate, source = q.applying(unit.id, parents, set_for)
        if not counts and unit.id not in set_for:
            continue
        rows.append({"unit": unit, "predicate": predicate, "own": source == unit.id,
                     "source": names.get(source) if source is not None else agency.name,
                     "result": cal.judge(agency.code, predicate, counts or {})})
    everyone = q.total(found)
    summary = cal.judge(agency.code, set_for.get(None), everyone)
    return _write("evaluation/pola_distribusi.html", agency=agency, period=period, review=review, rows=rows,
                  summary=summary, agency_predicate=set_for.get(None), predicates=list(Predicate),
                  quiet=len(units) - len(rows))
