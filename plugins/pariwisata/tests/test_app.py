"""Through the product: the realisation form of a visit indicator asks for the source, refuses what cannot be
true with the plugin's message, and stores the fields under the plugin's name; the dashboard shows the panel."""
from __future__ import annotations

import re
from decimal import Decimal

import kinerja_pariwisata
import pytest
from sqlalchemy import select

from kinerja_web.extensions import db
from kinerja_web.models import Plan, Realization, ReviewPeriod, User
from kinerja_web.testing import build_plugin_app, logged_in

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    app = build_plugin_app([kinerja_pariwisata], tmp_path_factory.mktemp("pariwisata_app"))
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def visits(app):
    """The head of the Dinas's KUNJUNGAN_WISNUS (the demo's first catalogue row) and its Q4 form."""
    with app.app_context():
        employee = db.session.scalar(select(User).where(User.username == "kadis.dispar")).employee
        plan = db.session.scalar(select(Plan).where(Plan.employee_id == employee.id))
        (ind,) = [i for r in plan.results for i in r.indicators if i.catalogue_code == "KUNJUNGAN_WISNUS"]
        q4 = db.session.scalars(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id)
                                .order_by(ReviewPeriod.seq)).all()[3]
        yield ind.id, q4.id, f"/skp/{plan.id}/iki/{ind.id}/realisasi/{q4.id}"


def _post(client, url, value, **fields):
    token = CSRF.search(client.get(url).get_data(as_text=True)).group(1)
    data = {"csrf_token": token, "version": "0", "note": "Rekap BPS triwulan IV", "value": value,
            "link": "https://example.org/brs-pariwisata-2026-10"}
    data.update({f"pf-pariwisata-{k}": v for k, v in fields.items()})
    return client.post(url, data=data, content_type="multipart/form-data")


def _stored(app, ind_id, review_id):
    with app.app_context():
        real = db.session.scalar(select(Realization).where(Realization.indicator_id == ind_id,
                                                           Realization.review_id == review_id))
        return None if real is None else (real.value, real.fields)


def test_a_visit_figure_asks_where_it_comes_from(app, visits):
    page = logged_in(app, "kadis.dispar").get(visits[2]).get_data(as_text=True)
    assert 'name="pf-pariwisata-sumber_data"' in page and "BPS (berita resmi statistik)" in page
    assert 'name="pf-pariwisata-kunjungan_tahun_lalu"' in page


def test_visits_with_decimals_are_refused_with_the_plugins_message_and_nothing_is_saved(app, visits):
    ind_id, review_id, url = visits
    before = _stored(app, ind_id, review_id)
    response = _post(logged_in(app, "kadis.dispar"), url, "350000,5", sumber_data="bps")
    assert response.status_code == 422
    assert "bilangan bulat" in response.get_data(as_text=True)
    assert _stored(app, ind_id, review_id) == before


def test_a_visit_figure_without_its_source_is_refused(app, visits):
    ind_id, review_id, url = visits
    before = _stored(app, ind_id, review_id)
    assert _post(logged_in(app, "kadis.dispar"), url, "350000").status_code == 422
    assert _stored(app, ind_id, review_id) == before


def test_a_sound_visit_figure_is_saved_with_its_source_under_the_plugins_name(app, visits):
    ind_id, review_id, url = visits
    response = _post(logged_in(app, "kadis.dispar"), url, "350000", sumber_data="bps",
                     kunjungan_tahun_lalu="320000")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert _stored(app, ind_id, review_id) == (
        Decimal(350000), {"pariwisata": {"sumber_data": "bps", "kunjungan_tahun_lalu": "320000"}})


def test_the_dashboard_of_the_dinas_shows_the_visits_panel(app):
    page = logged_in(app, "kadis.dispar").get("/dasbor").get_data(as_text=True)
    panel = page.split('data-testid="panel-pariwisata"', 1)[1].split("</section>", 1)[0]
    assert "<caption>Kunjungan wisatawan per unit kerja" in panel
    assert "Jumlah kunjungan wisatawan nusantara" in panel and "1.200.000" in panel
