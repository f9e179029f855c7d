"""Help pages per area, written for civil servants, in Bahasa Indonesia and English."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from ..params import safe_next

bp = Blueprint("help", __name__)

# slug -> title; the page is templates/help/<slug>.html, with both languages in it
AREAS = {
    "perencanaan": _l("Planning the SKP"),
    "realisasi": _l("Realisation and evidence"),
    "penilaian": _l("Evaluation"),
    "kalibrasi": _l("Calibration and follow-up"),
    "administrasi": _l("Administration"),
}


@bp.get("/bantuan")
def index():
    return render_template("help/index.html", areas=AREAS)


@bp.get("/bantuan/<area>")
def area(area):
    if area not in AREAS:
        abort(404)
    return render_template(f"help/{area}.html", areas=AREAS, area=area, title=AREAS[area])


GUIDE_COOKIE = "kinerja_guide_done"


def guide_visible() -> bool:
    """The first-visit guide shows until the person dismisses it on this device."""
    return request.cookies.get(GUIDE_COOKIE) != "1"


@bp.post("/bantuan/panduan/tutup")
@login_required
def dismiss_guide():
    response = redirect(safe_next(request.form.get("next")) or url_for("execution.dashboard"))
    response.set_cookie(GUIDE_COOKIE, "1", max_age=365 * 24 * 3600, httponly=True, samesite="Lax",
                        secure=request.is_secure)
    return response


# the help page of the area a page belongs to, by the module of its view (home and the rest: the index)
AREA_OF_MODULE = (("kinerja_web.planning", "perencanaan"), ("kinerja_web.execution", "realisasi"),
                  ("kinerja_web.evaluation.calibration", "kalibrasi"),
                  ("kinerja_web.evaluation.follow_up", "kalibrasi"), ("kinerja_web.evaluation", "penilaian"),
                  ("kinerja_web.admin", "administrasi"))


def help_url() -> str:
    """Where the header's Help link leads from this page: its area's help page, else the help index."""
    if request.endpoint == "execution.dashboard":
        return url_for("help.index")
    if request.endpoint == "help.area":
        return url_for("help.area", area=request.view_args["area"])
    view = current_app.view_functions.get(request.endpoint or "")
    module = getattr(view, "__module__", "")
    area = next((slug for prefix, slug in AREA_OF_MODULE if module.startswith(prefix)), None)
    return url_for("help.area", area=area) if area else url_for("help.index")


@bp.app_context_processor
def _guide():
    return {"guide_visible": guide_visible, "help_url": help_url}
