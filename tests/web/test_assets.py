"""Compressed pages, fingerprinted static files cached for a year (issue 8 §3)."""
from __future__ import annotations

import gzip
import re


def test_pages_are_compressed_when_the_browser_accepts_it(login):
    c = login("staf.dinkes")
    plain = c.get("/beranda")
    packed = c.get("/beranda", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    body = gzip.decompress(packed.get_data())
    assert len(packed.get_data()) < len(body) / 2
    assert b"<!doctype html>" in body and "Content-Encoding" not in plain.headers


def test_static_urls_carry_a_content_hash_and_are_cached_for_a_year(client, app):
    import hashlib
    from pathlib import Path

    page = client.get("/login").get_data(as_text=True)
    urls = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    assert urls and all(re.search(r"\?v=[0-9a-f]{12}$", u) for u in urls), urls
    css_url = next(u for u in urls if "app.css" in u)
    expected = hashlib.sha256((Path(app.static_folder) / "app.css").read_bytes()).hexdigest()[:12]
    assert css_url.endswith("?v=" + expected)  # the URL changes exactly when the content does
    css = client.get(css_url)
    try:
        assert css.status_code == 200
        assert css.cache_control.max_age == 365 * 24 * 3600 and css.cache_control.immutable
    finally:
        css.close()
    bare = client.get(css_url.split("?")[0])
    try:
        assert not bare.cache_control.max_age  # an unversioned URL is revalidated
    finally:
        bare.close()


def test_static_files_are_compressed_too(client):
    page = client.get("/login").get_data(as_text=True)
    css_url = re.search(r'href="(/static/vendor/pico/pico.min.css\?v=[^"]+)"', page).group(1)
    response = client.get(css_url, headers={"Accept-Encoding": "gzip"})
    try:
        assert response.headers["Content-Encoding"] == "gzip"
        assert b"pico" in gzip.decompress(response.get_data()).lower()
    finally:
        response.close()
