"""Every programme route × (lead admin, member staff, member supervisor, member admin, non-member staff,
non-member admin, province admin), in the style of test_access_matrix.py: expected outcomes from literal tables.

The demo's programme "Festival Budaya Lampung" is led by Dinas Pariwisata with Dinas Pendidikan as member;
Dinas Kesehatan takes no part. A programme is not found (404) for anyone outside it; a member who may see it but
not do this gets 403; an account that may not start programmes at all gets 403 on the form.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from kinerja_web.extensions import db
from kinerja_web.models import Agency
from kinerja_web.models.programme import Programme

# actor → what they may do with the festival: see it, manage it, start a programme of their own
ACTORS = {
    "admin.dispar": {"view", "manage", "create"},  # the lead agency's admin
    "staf5.disdik": {"view"},  # member staff (their RHK is linked)
    "kabid.disdik": {"view"},  # member supervisor
    "admin.disdik": {"view", "create"},  # a member agency's admin
    "staf.dinkes": set(),  # non-member staff
    "admin.dinkes": {"create"},  # non-member admin
    "admin": {"view", "manage", "create"},  # the province admin
}

# method, route, what it needs, form sent (empty forms are refused at their fields: 422 for whoever may)
ROUTES = (
    ("GET", "/program", "list", {}),
    ("GET", "/program/baru", "create", {}),
    ("POST", "/program/baru", "create", {}),
    ("GET", "/program/{p}", "view", {}),
    ("GET", "/program/{p}/rhk/{r}/instansi/{member}", "view", {}),
    ("GET", "/program/{p}/kelola", "manage", {}),
    ("POST", "/program/{p}/ubah", "manage", {}),
    ("POST", "/program/{p}/rhk", "manage", {}),
    ("GET", "/program/{p}/rhk/{r}", "manage", {}),
    ("POST", "/program/{p}/rhk/{r}", "manage", {}),
    ("POST", "/program/{p}/rhk/{r}/hapus", "manage", {}),  # refused while RHK link to it: nothing deleted
    ("POST", "/program/{p}/anggota", "manage", {"members": "{member}"}),  # the same members again
)


def expected(need: str, may: set[str]):
    if need == "list" or need in may:
        return "ok"
    if need == "create":
        return 403
    return 403 if "view" in may else 404


@pytest.mark.parametrize("actor", ACTORS)
def test_programme_routes_follow_the_access_table(login, actor):
    programme = db.session.scalar(select(Programme).where(Programme.name == "Festival Budaya Lampung"))
    member = db.session.scalar(select(Agency.id).where(Agency.code == "disdik"))
    ids = {"p": programme.id, "r": programme.results[1].id, "member": member}
    client = login(actor)
    client.get("/program")
    mismatches = []
    for method, template, need, form in ROUTES:
        url = template.format(**ids)
        data = {k: v.format(**ids) for k, v in form.items()}
        response = client.get(url) if method == "GET" else client.post(url, data)
        want, got = expected(need, ACTORS[actor]), response.status_code
        ok = got in (200, 302, 422) if want == "ok" else got == want
        if not ok:
            mismatches.append(f"{method} {url} ({need}): got {got}, want {want}")
    assert not mismatches, f"{actor}:\n" + "\n".join(mismatches)
    db.session.expire_all()
    assert programme.member_ids == {programme.lead_agency_id, member} and len(programme.results) == 2


def test_a_non_member_changing_ids_in_the_url_learns_nothing(login):
    programme = db.session.scalar(select(Programme).where(Programme.name == "Festival Budaya Lampung"))
    dinkes = db.session.scalar(select(Agency.id).where(Agency.code == "dinkes"))
    outsider, member = login("staf.dinkes"), login("staf5.disdik")
    for url in (f"/program/{programme.id}", f"/program/{programme.id}/rhk/{programme.results[0].id}/instansi/{dinkes}",
                f"/program/{programme.id + 1000}"):
        response = outsider.get(url)
        assert response.status_code == 404 and programme.name not in response.get_data(as_text=True)
    assert programme.name not in outsider.get("/program").get_data(as_text=True)
    # a member asking for an agency outside the programme, or an RHK id of no programme of theirs
    assert member.get(f"/program/{programme.id}/rhk/{programme.results[0].id}/instansi/{dinkes}").status_code == 404
    assert member.get(f"/program/{programme.id}/rhk/{programme.results[0].id + 1000}/instansi/{dinkes}"
                      ).status_code == 404
