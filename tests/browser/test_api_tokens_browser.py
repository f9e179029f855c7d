"""API tokens in the browser: the agency admin makes a token from the agency page, copies it once, another
system reads the agency with it, the admin revokes it (asked first) and the API refuses it; the page reads
on a phone (390 px) without sideways scrolling."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from kinerja_web.extensions import db
from kinerja_web.models import Agency, ApiToken
from tests.browser.test_planning_browser import log_in

pytestmark = pytest.mark.browser
PHONE = (390, 844)


@pytest.mark.parametrize("size", [(1280, 900), PHONE], ids=["desktop", "phone"])
def test_an_admin_makes_a_token_another_system_reads_with_it_and_the_admin_revokes_it(
        app, live_server, page_factory, shot, size):
    disdik = db.session.scalar(select(Agency).where(Agency.code == "disdik"))
    page = page_factory(*size)
    log_in(page, live_server, "admin.disdik")
    page.goto(f"{live_server}/admin/{disdik.id}")
    page.click("[data-testid=api-tokens-link] a")
    page.wait_for_selector("[data-testid=new-token-form]")
    page.click("[data-testid=create-token]")  # no name: refused, said next to the field
    page.wait_for_selector("#name-error")
    assert "wajib" in page.inner_text("#name-error").lower()
    page.fill("#name", "TPP BPKAD")
    page.fill("#expires_on", "2026-12-31")
    page.click("[data-testid=create-token]")
    page.wait_for_selector("[data-testid=new-token]")
    secret = page.input_value("[data-testid=new-token-value]")
    assert secret.startswith("knj_")
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
    name = "desktop" if size[0] > 400 else "phone"
    shot(page, f"api-token-made-{name}")

    # another system: no cookie, only the token
    other = page.context.browser.new_context()
    answer = other.request.get(f"{live_server}/api/v1/employees?limit=5",
                               headers={"Authorization": f"Bearer {secret}"})
    assert answer.status == 200 and {e["agency"]["code"] for e in answer.json()["data"]} == {"disdik"}
    # the admin's own browser, logged in, gets nothing from the API without the token
    assert page.request.get(f"{live_server}/api/v1/employees").status == 401

    page.goto(f"{live_server}/admin/{disdik.id}/api-token")  # the list never shows the secret again
    assert secret not in page.content() and "TPP BPKAD" in page.inner_text("[data-testid=api-tokens]")
    token = db.session.scalar(select(ApiToken))
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.click(f"[data-testid=revoke-{token.id}]")
    page.wait_for_selector(".status-returned")
    assert asked and "Cabut token ini" in asked[0]
    shot(page, f"api-token-revoked-{name}")
    refused = other.request.get(f"{live_server}/api/v1/employees", headers={"Authorization": f"Bearer {secret}"})
    assert refused.status == 401 and refused.json()["error"]["code"] == "revoked"
    other.close()
