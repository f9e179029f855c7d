"""The e-Kinerja workbook: an agency's SKP of one year, one sheet per entity, for entering it once.

No public import template of e-Kinerja BKN could be found (its guides show screens and its own "Laporan
SKP" exports, not an import format), so the sheets follow the SKP structure of PermenPANRB 6/2022 as
e-Kinerja shows it (domain RULES.md §2.1, §7.1): SKP (pegawai, pejabat penilai, pendekatan), RHK (jenis
utama/tambahan, RHK pimpinan yang diintervensi), IKI (aspek, target, satuan), realisasi per periode and
predikat, rencana aksi per RHK and review period, and progres harian (date, start and end time, activity,
quantity, unit, evidence link, as e-Kinerja's "Tambah Progress Harian" form asks for them, §7.1). Headers and
values use the official Indonesian terms in both languages of the interface; NIP joins the sheets (the key
e-Kinerja and SIASN use), ids join them exactly. README: "Export to e-Kinerja".

A sheet holds at most 1,048,576 rows (Excel's limit): the progres harian of a large agency goes on as
"Progres Harian (2)", "(3)", ... Every sheet is streamed (``rows`` reads in batches; openpyxl's write-only
workbook keeps rows in a temporary file), so memory stays flat whatever the agency's size.
"""
from __future__ import annotations

from itertools import chain, islice

from .columns import col

SHEET_ROWS = 1_048_575  # data rows under the header row

JENIS = {"utama": "Utama", "tambahan": "Tambahan"}
ASPEK = {"kuantitas": "Kuantitas", "kualitas": "Kualitas", "waktu": "Waktu", "biaya": "Biaya"}
PENDEKATAN = {"kuantitatif": "Kuantitatif", "kualitatif": "Kualitatif"}
CASCADING = {"direct": "Langsung", "non_direct": "Tidak langsung"}
RATING = {"di_atas": "Di Atas Ekspektasi", "sesuai": "Sesuai Ekspektasi", "di_bawah": "Di Bawah Ekspektasi"}
PREDIKAT = {"sangat_baik": "Sangat Baik", "baik": "Baik", "butuh_perbaikan": "Butuh Perbaikan",
            "kurang": "Kurang/Misconduct", "sangat_kurang": "Sangat Kurang"}
STATUS_SKP = {"approved": "Disetujui"}
STATUS_PENILAIAN = {"open": "Belum dinilai", "self_assessed": "Penilaian diri", "rated": "Dinilai", "final": "Final"}


def _in(mapping):
    return lambda value: mapping.get(value, value or "")


SKP = (
    col("plan_id", "ID SKP"), col("nip", "NIP"), col("name", "Nama"), col("rank", "Pangkat/Gol"),
    col("position", "Jabatan"), col("position_kind", "Jenis Jabatan", lambda r: (r.position_kind or "").upper()),
    col("unit", "Unit Kerja"),
    col("periode", "Periode", lambda r: f"01-01-{r.year} s.d. 31-12-{r.year}"),
    col("approach", "Pendekatan", lambda r: PENDEKATAN.get(r.approach, r.approach)),
    col("boss_nip", "NIP Pejabat Penilai"), col("boss_name", "Nama Pejabat Penilai"),
    col("boss_rank", "Pangkat/Gol Pejabat Penilai"), col("boss_position", "Jabatan Pejabat Penilai"),
    col("version", "Versi SKP"), col("status", "Status SKP", lambda r: STATUS_SKP.get(r.status, r.status)),
    col("decided_at", "Tanggal Persetujuan"),
)
RHK = (
    col("nip", "NIP"), col("plan_id", "ID SKP"), col("result_id", "ID RHK"),
    col("kind", "Jenis RHK", lambda r: JENIS.get(r.kind, r.kind)),
    col("no", "No", lambda r: r.position + 1),
    col("parent_text", "RHK Pimpinan yang Diintervensi", lambda r: r.parent_text or r.goal or ""),
    col("text", "Rencana Hasil Kerja"),
    col("cascading", "Cascading", lambda r: CASCADING.get(r.cascading, r.cascading or "")),
)
IKI = (
    col("nip", "NIP"), col("plan_id", "ID SKP"), col("result_id", "ID RHK"), col("indicator_id", "ID IKI"),
    col("aspect", "Aspek", lambda r: ASPEK.get(r.aspect, r.aspect)),
    col("name", "Indikator Kinerja Individu"),
    col("target", "Target", lambda r: r.target_text if r.target_kind == "qualitative" else r.target_value),
    col("target_upper", "Target Maksimal"),
    col("unit", "Satuan", lambda r: "%" if r.target_kind == "growth" else r.unit),
    col("baseline_value", "Nilai Dasar (target pertumbuhan)"),
    col("catalogue_code", "Kode Katalog"),
)
REALISASI = (
    col("nip", "NIP"), col("plan_id", "ID SKP"), col("result_id", "ID RHK"), col("indicator_id", "ID IKI"),
    col("review", "Periode"), col("starts_on", "Mulai"), col("ends_on", "Selesai"),
    col("value", "Realisasi"), col("unit", "Satuan"), col("note", "Keterangan"),
    col("evidence", "Jumlah Bukti Dukung"),
)


def _clock(key: str):
    return lambda r: getattr(r, key).strftime("%H:%M") if getattr(r, key) else ""


PROGRES = (
    col("nip", "NIP"), col("plan_id", "ID SKP"), col("result_id", "ID RHK"), col("indicator_id", "ID IKI"),
    col("entry_id", "ID Progres"), col("day", "Tanggal"),
    col("starts_at", "Jam Mulai", _clock("starts_at")), col("ends_at", "Jam Selesai", _clock("ends_at")),
    col("activity", "Uraian Kegiatan"), col("quantity", "Realisasi"), col("unit", "Satuan"),
    col("link", "Link Bukti Dukung"), col("action_plan_id", "ID Rencana Aksi"), col("action_plan", "Rencana Aksi"),
)
RENCANA_AKSI = (
    col("nip", "NIP"), col("plan_id", "ID SKP"), col("result_id", "ID RHK"), col("action_plan_id", "ID Rencana Aksi"),
    col("review", "Periode"), col("seq", "No"), col("description", "Rencana Aksi"), col("indicator_id", "ID IKI"),
    col("quantity", "Target"), col("unit", "Satuan", lambda r: r.unit if r.quantity is not None else ""),
)
PREDIKAT_SHEET = (
    col("nip", "NIP"), col("name", "Nama"), col("plan_id", "ID SKP"),
    col("review", "Periode Penilaian", lambda r: r.review or "Tahunan"),
    col("status", "Status", lambda r: STATUS_PENILAIAN.get(r.status, r.status)),
    col("results_final", "Rating Hasil Kerja", lambda r: RATING.get(r.results_final, "")),
    col("behaviour_final", "Rating Perilaku Kerja", lambda r: RATING.get(r.behaviour_final, "")),
    col("predicate", "Predikat Kinerja Pegawai", lambda r: PREDIKAT.get(r.predicate, "")),
    col("finalized_at", "Tanggal Final"),
)


def sheets(agency_id: int, year: int, rows):
    """(sheet title, columns, rows, header is keys) of each sheet, lazily; ``rows(select)`` streams a statement."""
    from ..queries import ekinerja as q

    listed = [("SKP", SKP, rows(q.skp(agency_id, year)), False),
              ("RHK", RHK, rows(q.rhk(agency_id, year)), False),
              ("IKI", IKI, rows(q.indicators(agency_id, year)), False),
              ("Realisasi", REALISASI, rows(q.realizations(agency_id, year)), False),
              ("Predikat", PREDIKAT_SHEET, rows(q.predicates(agency_id, year)), False),
              ("Rencana Aksi", RENCANA_AKSI, rows(q.action_plans(agency_id, year)), False)]
    return chain(listed, split("Progres Harian", PROGRES, rows(q.progress(agency_id, year))))


def split(title: str, columns, rows, limit: int | None = None):
    """The sheet ``title`` and as many more as the rows need ("title (2)", ...), each of ``limit`` rows at most;
    lazily, so the next sheet is begun only once the rows of the one before are written."""
    limit = limit or SHEET_ROWS
    rows = iter(rows)
    first, n = next(rows, None), 1
    while True:
        yield (title if n == 1 else f"{title} ({n})", columns,
               chain([first], islice(rows, limit - 1)) if first is not None else iter(()), False)
        first = next(rows, None)
        if first is None:
            return
        n += 1
