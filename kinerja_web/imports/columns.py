"""The columns of the employee file, their names in a template and in a BKD/SIASN export, and the messages.

A header is matched by its normalised name (``reading.normalise``): "NIP Atasan", "nip_atasan" and
"NIP ATASAN" are one column. Columns the import does not know (a SIASN export has dozens) are
listed on the preview as ignored, never refused.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from .reading import normalise


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the template's header (Indonesian, as a BKD file says it)
    label: object  # for messages, translated
    required: bool = False
    aliases: tuple[str, ...] = ()
    max_len: int = 200


COLUMNS = (
    Column("nip", "NIP", "NIP", True, ("nip_baru", "nip_pegawai", "nip_18")),
    Column("name", "Nama", _l("Name"), True, ("name", "nama_lengkap", "nama_pegawai", "nama_gelar")),
    Column("position", "Jabatan", _l("Position"), True, ("position", "nama_jabatan")),
    Column("position_kind", "Jenis Jabatan", _l("Type of position"), False,
           ("position_kind", "type_of_position", "jenis_jabatan_nama")),
    Column("unit", "Unit Kerja", _l("Unit"), True, ("unit", "unor", "nama_unor", "unit_organisasi", "unor_nama")),
    Column("parent_unit", "Unit Induk", _l("Parent unit"), False,
           ("parent_unit", "unor_induk", "nama_unor_induk", "unor_induk_nama")),
    Column("unit_id", "ID Unit", _l("Unit id"), False, ("unit_id",), 20),
    Column("supervisor_nip", "NIP Atasan", _l("Supervisor NIP"), False,
           ("supervisor_nip", "nip_atasan_langsung", "atasan_nip")),
    Column("email", "Email", "Email", False, ("e_mail", "surel", "email_gov", "alamat_email"), 200),
    Column("rank", "Pangkat/Golongan", _l("Rank / grade"), False,
           ("pangkat", "golongan", "rank", "gol_ruang", "rank_grade", "pangkat_golongan_ruang"), 80),
    Column("agency", "Kode Instansi", _l("Agency code"), False, ("agency", "agency_code", "instansi_kode"), 32),
)
BY_KEY = {c.key: c for c in COLUMNS}
NAMES = {name: c.key for c in COLUMNS for name in (normalise(c.header), c.key, *c.aliases)}

POSITION_KINDS = {
    "jpt": "jpt", "jabatan_pimpinan_tinggi": "jpt", "pimpinan_tinggi": "jpt",
    "administrator": "administrator", "jabatan_administrator": "administrator",
    "pengawas": "pengawas", "jabatan_pengawas": "pengawas",
    "pelaksana": "pelaksana", "jabatan_pelaksana": "pelaksana", "jfu": "pelaksana",
    "fungsional": "fungsional", "jabatan_fungsional": "fungsional", "jft": "fungsional",
}

# Row errors: a code, its message (formatted with the error's params when shown, in the viewer's language).
MESSAGES = {
    "required": _l("%(column)s is required."),
    "too_long": _l("%(column)s: at most %(max)d characters."),
    "nip_number": _l("The NIP was stored as a number and lost digits: format the NIP column as text."),
    "nip_duplicate": _l("This NIP is also in row %(row)d."),
    "nip_other_agency": _l("This NIP belongs to an employee of another agency (%(agency)s)."),
    "supervisor_unknown": _l("Unknown supervisor: NIP %(nip)s is not in the file (a supervisor must be listed too)."),
    "supervisor_invalid": _l("The supervisor's row (row %(row)d) has an error."),
    "supervisor_self": _l("An employee cannot supervise themselves."),
    "loop": _l("Reporting loop: %(chain)s."),
    "position_kind": _l("Unknown type of position \"%(value)s\": use JPT, Administrator, Pengawas, Pelaksana "
                        "or Fungsional."),
    "kind_conflict": _l("Position \"%(name)s\" has another type in row %(row)d."),
    "unit_other_agency": _l("Unit id %(unit)s belongs to another agency."),
    "unit_unknown": _l("There is no unit with id %(unit)s."),
    "agency_other": _l("This row is for agency %(code)s, not %(agency)s."),
    "parent_conflict": _l("Unit \"%(unit)s\" has another parent unit in row %(row)d."),
    "unit_loop": _l("Units would be each other's parent: %(chain)s."),
    "email": _l("Enter an email address such as nama@instansi.go.id."),
    "username_taken": _l("The login name %(name)s (the NIP) belongs to another account."),
}
FILE_MESSAGES = {
    "missing_columns": _l("Required columns are missing: %(columns)s. Download the template to see them."),
    "no_rows": _l("The file has no data rows."),
    "too_many_rows": _l("The file has more than %(max)d rows."),
}


def message(code: str, params: dict | None = None, table=None) -> str:
    """An error's text in the current language."""
    from ..admin.forms import NIP_MESSAGES

    if code.startswith("nip."):
        return str(NIP_MESSAGES[code[4:]])
    text = str((table or MESSAGES)[code])
    params = dict(params or {})
    if "column" in params:
        params["column"] = str(BY_KEY[params["column"]].label)
    return text % params if params else text


HINTS = {
    "nip": _l("18 digits; format the column as text in Excel."),
    "name": _l("Full name with titles."),
    "position": _l("The position's name; a new name creates the position."),
    "position_kind": _l("JPT, Administrator, Pengawas, Pelaksana or Fungsional (new positions: Pelaksana)."),
    "unit": _l("The unit's name; a new name creates the unit."),
    "parent_unit": _l("The unit above it, if any."),
    "unit_id": _l("Instead of the unit's name: its id in this application (the template fills it)."),
    "supervisor_nip": _l("NIP of the appraising official, who must be in the file too; empty for the head."),
    "email": _l("Sets the login account's email; an employee without an account gets one named after the NIP, "
                "with a password set through \"forgot password\"."),
    "rank": _l("Rank / grade, e.g. Penata (III/c)."),
    "agency": _l("If given, must be this agency's code."),
}
CHANGED_FIELDS = {"name": _l("Name"), "rank": _l("Rank / grade"), "unit": _l("Unit"), "position": _l("Position"),
                  "supervisor": _l("Supervisor"), "active": _l("Status"), "email": "Email"}


def shown(code: str, params, file: bool = False) -> str:
    """For templates: an error's text (``file``: an error of the whole file)."""
    return message(code, params, FILE_MESSAGES if file else None)
