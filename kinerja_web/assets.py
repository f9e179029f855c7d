"""Static files with fingerprinted URLs and a long cache lifetime; compressed responses.

``url_for('static', filename=...)`` gains ``?v=<content hash>``, so a browser keeps
each file for a year and asks again only when its content changes: repeat views
fetch no static file. Pages and assets are compressed (Flask-Compress).
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from flask import request

from .extensions import compress

YEAR = 365 * 24 * 3600


def install(app) -> None:
    static = Path(app.static_folder)
    digests: dict[str, str] = {}

    def digest(filename: str) -> str:
        if filename not in digests:
            try:
                digests[filename] = hashlib.sha256((static / filename).read_bytes()).hexdigest()[:12]
            except OSError:
                digests[filename] = "0"
        return digests[filename]

    @app.url_defaults
    def _fingerprint(endpoint, values):
        if endpoint == "static" and "filename" in values and "v" not in values:
            values["v"] = digest(values["filename"])

    def max_age(filename):
        # Fingerprinted: the URL changes with the content. Without ?v=, revalidate as before.
        return YEAR if request.args.get("v") else None

    app.get_send_file_max_age = max_age

    @app.after_request
    def _immutable(response):
        if request.endpoint == "static" and request.args.get("v") and response.status_code == 200:
            response.cache_control.public = True
            response.cache_control.immutable = True
        return response

    app.config.setdefault("COMPRESS_MIMETYPES", ["text/html", "text/css", "text/javascript", "application/javascript",
                                                 "application/json", "image/svg+xml"])
    app.config.setdefault("COMPRESS_MIN_SIZE", 500)
    compress.init_app(app)

    @app.after_request  # registered after Flask-Compress, so it runs before it
    def _buffer_static(response):
        # Assets are small: read them into memory so they are compressed like pages
        # (a streamed file would be compressed on the fly, without a length, and its file left open).
        if request.endpoint == "static" and response.status_code == 200 and response.direct_passthrough:
            response.direct_passthrough = False
            response.make_sequence()
        return response
