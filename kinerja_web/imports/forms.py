"""The upload form of every import."""
from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms.validators import ValidationError


class UploadForm(FlaskForm):
    file = FileField(_l("File (.xlsx or .csv)"))

    data_bytes = b""

    def validate_file(self, field):
        upload = field.data
        if upload is None or not getattr(upload, "filename", ""):
            raise ValidationError(_l("Choose a file to upload."))
        limit = current_app.config["IMPORT_MAX_BYTES"]
        data = upload.stream.read(limit + 1)
        if len(data) > limit:
            raise ValidationError(_l("The file is larger than %(size)d MB.", size=limit // (1024 * 1024)))
        if not upload.filename.lower().endswith((".xlsx", ".csv", ".txt")):
            raise ValidationError(_l("Upload an Excel workbook (.xlsx) or a CSV file."))
        self.data_bytes = data
