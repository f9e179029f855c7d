"""The completion list as the allowance office takes it: an xlsx (two sheets: counted, left out), streamed
whatever its size, and a PDF (up to ``completion.PDF_LIMIT`` people)."""
from __future__ import annotations

from flask import abort, render_template
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from ..export.columns import Column
from ..export.stream import filename, response
from ..queries import completion as q
from ..ui import label


def _yes(value: bool) -> str:
    return gettext("yes") if value else gettext("no")


def late_text(row) -> str:
    names = {"skp": gettext("SKP"), "input": gettext("input deadline")}
    return "; ".join(f"{names[kind]} {when.strftime('%d-%m-%Y')}" for kind, when in row.late)


COUNTED = (
    Column("nip", "NIP", lambda r: r.nip),
    Column("name", _l("Name"), lambda r: r.name),
    Column("unit", _l("Unit"), lambda r: r.unit),
    Column("supervisor", _l("Supervisor"), lambda r: r.supervisor or ""),
    Column("skp", _l("Approved SKP"), lambda r: _yes(r.skp)),
    Column("realised", _l("Realisations entered"), lambda r: _yes(r.realised)),
    Column("evidence", _l("Evidence"), lambda r: _yes(r.evidence)),
    Column("rated", _l("Rated"), lambda r: _yes(r.rated)),
    Column("late", _l("Late against"), late_text),
)
LEFT_OUT = (
    Column("nip", "NIP", lambda r: r.nip),
    Column("name", _l("Name"), lambda r: r.name),
    Column("unit", _l("Unit"), lambda r: r.unit),
    Column("reason", _l("Reason"), lambda r: label("employee_status", r.reason)),
    Column("since", _l("Since"), lambda r: r.since),
)


def _name(scope, review) -> str:
    return filename("penyelesaian", scope.agency.code, scope.unit.id if scope.unit else "", scope.period.year,
                    review.name)


def xlsx_response(scope, review, show, now):
    return response("xlsx", _name(scope, review), [
        (gettext("Counted"), COUNTED, q.stream(scope, review, now, show), False),
        (gettext("Left out"), LEFT_OUT, q.stream_left_out(scope, review, now), False)])


def pdf_download(scope, review, show, now, total):
    from ..evaluation.documents import pdf_response

    try:
        from weasyprint import HTML  # imported here: only the PDF routes need Pango
    except OSError:
        abort(503)
    html = render_template("completion/pdf.html", scope=scope, review=review, rows=q.stream(scope, review, now, show),
                           excluded=list(q.stream_left_out(scope, review, now)), late_text=late_text, today=now,
                           complete=total.complete, total=total.counted)
    return pdf_response(HTML(string=html).write_pdf(), _name(scope, review) + ".pdf")
