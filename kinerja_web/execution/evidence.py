"""Evidence files: checked by name, size and content, stored under a generated
name with their SHA-256, outside anything the web server serves directly."""
from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

# extension → (content type, magic prefixes). Office formats are zip or OLE containers.
ZIP, OLE = (b"PK\x03\x04",), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
ALLOWED = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ZIP),
    "odt": ("application/vnd.oasis.opendocument.text", ZIP),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", ZIP),
    "doc": ("application/msword", OLE),
    "xls": ("application/vnd.ms-excel", OLE),
}
INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg"}
SAFE_NAME = re.compile(r"^[\w\-. ()\[\],&+']{1,150}$", re.UNICODE)


class EvidenceError(ValueError):
    """Why an upload is refused, in words for the person uploading."""


@dataclass(frozen=True)
class StoredFile:
    filename: str
    stored_name: str
    content_type: str
    size: int
    sha256: str


def storage_dir() -> Path:
    folder = Path(current_app.config.get("EVIDENCE_DIR") or Path(current_app.instance_path) / "evidence")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def check_name(name: str) -> str:
    """Refuse names that try path tricks or hide their type; return the extension."""
    if (not name or "/" in name or "\\" in name or ".." in name or name.startswith(".")
            or any(ord(c) < 32 for c in name) or not SAFE_NAME.match(name)):
        raise EvidenceError(_l("The file name is not acceptable. Rename the file (letters, digits, "
                               "spaces, dot, dash) and upload it again."))
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED:
        raise EvidenceError(_l("This type of file is not accepted. Upload PDF, an image (PNG, JPG) "
                               "or an office document."))
    return ext


def store(upload) -> StoredFile:
    """Check and store one uploaded file (a werkzeug FileStorage)."""
    name = (upload.filename or "").strip()
    ext = check_name(name)
    limit = int(current_app.config["EVIDENCE_MAX_BYTES"])
    data = upload.stream.read(limit + 1)
    if not data:
        raise EvidenceError(_l("The file is empty."))
    if len(data) > limit:
        raise EvidenceError(_l("The file is larger than %(mb)s MB.", mb=limit // (1024 * 1024)))
    content_type, magics = ALLOWED[ext]
    if not any(data.startswith(m) for m in magics):
        raise EvidenceError(_l("The file content does not match its type (.%(ext)s).", ext=ext))
    stored_name = f"{uuid.uuid4().hex}.{ext}"
    (storage_dir() / stored_name).write_bytes(data)
    return StoredFile(name, stored_name, content_type, len(data), hashlib.sha256(data).hexdigest())


def path_of(stored_name: str) -> Path:
    return storage_dir() / stored_name
