"""Every page passes axe-core (no serious or critical finding) at desktop and phone width,
and the Nu Html Checker (no error). Both tools come from npm (``make install-dev``)."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import Client
from tests.page_catalogue import pages

from .test_planning_browser import log_in

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _need(path: Path, what: str):
    if path.exists() and (path != VNU or shutil.which("java")):
        return
    # make install-dev installs both; a missing tool is a broken set-up, never a pass
    pytest.fail(f"{what} is not installed (make install-dev runs npm install; vnu needs java)")


def serious_axe_findings(page) -> list[str]:
    """axe-core's serious and critical findings on the page (its context must bypass the CSP)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']}))"
                           ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help, "
                           "nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))")
    return [f"[{v['impact']}] {v['id']}: {v['help']} {v['nodes']}"
            for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("width", [1280, 390])
def test_every_page_passes_axe_core(live_server, chromium, width):
    _need(AXE, "axe-core")
    found = []
    for who, urls in pages().items():
        context = chromium.new_context(viewport={"width": width, "height": 900}, locale="id-ID", bypass_csp=True)
        page = context.new_page()
        try:
            if who:
                log_in(page, live_server, who)
            for url in urls:
                page.goto(live_server + url)
                found += [f"{who or '-'} {url} {finding}" for finding in serious_axe_findings(page)]
        finally:
            context.close()
    assert not found, f"axe-core at {width}px:\n" + "\n".join(found)


def test_every_page_is_valid_html(app, login, tmp_path):
    _need(VNU, "the Nu Html Checker (vnu.jar)")
    files = []
    for who, urls in pages().items():
        client = login(who) if who else Client(app.test_client())
        for n, url in enumerate(urls):
            response = client.get(url)
            assert response.status_code == 200, (who, url)
            path = tmp_path / f"{(who or 'anon').replace('.', '_')}-{n}.html"
            path.write_text(response.get_data(as_text=True))
            files.append((path, who, url))
    run = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--errors-only",
                          *[str(p) for p, _, _ in files]], capture_output=True, text=True, timeout=300)
    messages = json.loads(run.stderr or "{}").get("messages", [])
    where = {"file:" + str(p): f"{who or '-'} {url}" for p, who, url in files}
    errors = [f"{where.get(m.get('url'), m.get('url'))}:{m.get('lastLine')}: {m['message']} "
              f"«{(m.get('extract') or '').strip()[:80]}»" for m in messages if m.get("type") == "error"]
    assert not errors, "Nu Html Checker:\n" + "\n".join(errors)
