"""Help pages per area in both languages, and the dismissible first-visit guide."""
from __future__ import annotations

import pytest

from kinerja_web.help.views import AREAS

INDONESIAN = {"perencanaan": "Yang dikerjakan, berurutan", "realisasi": "Isi nilai realisasi",
              "penilaian": "Sistem hanya", "kalibrasi": "kurva distribusi", "administrasi": "Admin instansi"}
ENGLISH = {"perencanaan": "What to do, in order", "realisasi": "Enter the value",
           "penilaian": "Sesuai Ekspektasi (meets", "kalibrasi": "distribution curve", "administrasi": "agency admin"}


@pytest.mark.parametrize("area", list(AREAS))
def test_each_help_page_speaks_the_chosen_language(login, area):
    staff = login("staf.dinkes")
    page = staff.get(f"/bantuan/{area}").get_data(as_text=True)
    assert INDONESIAN[area] in page and ENGLISH[area] not in page
    staff.post("/language", {"locale": "en"})
    page = staff.get(f"/bantuan/{area}").get_data(as_text=True)
    assert ENGLISH[area] in page and INDONESIAN[area] not in page


AREA_PAGES = [("staf.dinkes", "/skp", "perencanaan"), ("staf.dinkes", "/skp/{plan}/pemantauan", "realisasi"),
              ("staf.dinkes", "/penilaian", "penilaian"), ("kadis.dinkes", "/kalibrasi/{agency}", "kalibrasi"),
              ("kadis.dinkes", "/tindak-lanjut/{agency}", "kalibrasi"),
              ("admin.dinkes", "/admin/{agency}", "administrasi"),
              ("staf.dinkes", "/bantuan/penilaian", "penilaian")]


@pytest.mark.parametrize(("username", "path", "area"), AREA_PAGES)
def test_the_help_link_of_a_page_opens_its_area(login, username, path, area):
    from tests.helpers import employee, plan_of

    url = path.format(plan=plan_of("staf.dinkes").id, agency=employee("kadis.dinkes").agency_id)
    page = login(username).get(url).get_data(as_text=True)
    assert f'href="/bantuan/{area}" data-testid="help-link"' in page


def test_the_header_links_to_help_and_help_lists_every_area(login):
    staff = login("staf.dinkes")
    assert 'href="/bantuan"' in staff.get("/beranda").get_data(as_text=True)
    index = staff.get("/bantuan").get_data(as_text=True)
    assert all(f'href="/bantuan/{area}"' in index for area in AREAS)
    assert staff.get("/bantuan/tidak-ada").status_code == 404


def test_the_first_visit_guide_fits_the_role_and_stays_hidden_once_dismissed(login):
    staff = login("staf.dinkes")
    page = staff.get("/beranda").get_data(as_text=True)
    assert 'data-testid="first-visit-guide"' in page and 'data-testid="guide-supervisor"' not in page
    boss = login("kabid.dinkes").get("/beranda").get_data(as_text=True)
    assert 'data-testid="guide-supervisor"' in boss
    response = staff.post("/bantuan/panduan/tutup", {"next": "/beranda"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/beranda")
    assert 'data-testid="first-visit-guide"' not in staff.get("/beranda").get_data(as_text=True)
