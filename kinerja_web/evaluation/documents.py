"""Official documents as PDF (WeasyPrint): the Dokumen Evaluasi Kinerja Pegawai
in the regulation's layout (RULES.md §7.1), with the provenance as a footnote."""
from __future__ import annotations

from flask import render_template

from ..clock import today
from . import service


def pdf_response(data: bytes, filename: str):
    """A PDF download with a safe file name."""
    from flask import make_response

    response = make_response(data)
    response.headers["Content-Type"] = "application/pdf"
    safe = "".join(c if c.isalnum() or c in "-." else "-" for c in filename.lower())
    response.headers["Content-Disposition"] = f'attachment; filename="{safe}"'
    return response


class PdfUnavailable(RuntimeError):
    """WeasyPrint's system libraries (Pango) are missing on this server."""


def evaluation_pdf(plan, ev) -> bytes:
    try:
        from weasyprint import HTML  # imported here: only the PDF routes need Pango
    except OSError as exc:
        raise PdfUnavailable(str(exc)) from exc

    from .calibration import ORG_LABELS

    org, unit = service.org_predicate_source(ev)  # the employee's unit's own, else up the tree, else the agency's
    html = render_template("evaluation/dokumen_evaluasi.html", plan=plan, ev=ev, labels=service, today=today(),
                           people=service.appraisal(ev),
                           intact=service.verify(ev), org_predicate=ORG_LABELS.get(org, "").upper() or None,
                           org_unit=unit)
    return HTML(string=html).write_pdf()


def skp_pdf(plan) -> bytes:
    """The SKP in the PermenPANRB 6/2022 layout: hasil kerja, perilaku kerja, lampiran."""
    try:
        from weasyprint import HTML
    except OSError as exc:
        raise PdfUnavailable(str(exc)) from exc
    html = render_template("evaluation/skp_pdf.html", plan=plan, today=today())
    return HTML(string=html).write_pdf()
