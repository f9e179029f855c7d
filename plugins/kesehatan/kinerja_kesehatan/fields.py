"""The realisation form fields of the Dinas Kesehatan indicators (``kinerja_form_fields``).

A ratio indicator records its two counts; the host derives the value from them
(numerator / denominator × per) and stores both under this plugin's name. The
counts follow the indicator's roll-up: counted since January where the latest
period counts, the period's own where the periods are averaged. A clinical
indicator of a doctor, midwife or nurse may also name the facility.
"""
from __future__ import annotations

from decimal import Decimal

from kinerja_web.rules.types import Aggregation, FormField, Indicator

# field name → (label, English label); every count is a whole number
COUNTS = {
    "dilayani": ("Jumlah yang mendapat pelayanan sesuai standar", "People served to standard"),
    "sasaran": ("Jumlah sasaran", "Target population (sasaran)"),
    "bayi_idl": ("Jumlah bayi yang mendapat imunisasi dasar lengkap", "Infants fully immunised"),
    "sasaran_bayi": ("Jumlah sasaran bayi (surviving infant)", "Target infants (surviving infants)"),
    "ditimbang": ("Jumlah balita ditimbang (D)", "Children under five weighed (D)"),
    "jumlah_balita": ("Jumlah balita di wilayah (S)", "Children under five in the area (S)"),
    "balita_stunting": ("Jumlah balita stunting", "Stunted children under five"),
    "balita_diukur": ("Jumlah balita yang diukur tinggi/panjang badannya", "Children under five measured"),
    "kematian_ibu": ("Jumlah kematian ibu", "Maternal deaths"),
    "kematian_bayi": ("Jumlah kematian bayi (usia < 1 tahun)", "Infant deaths (under one year)"),
    "kelahiran_hidup": ("Jumlah kelahiran hidup", "Live births"),
    "kasus_tbc_diobati": ("Jumlah kasus TBC yang ditemukan dan diobati", "TB cases found and treated"),
    "estimasi_kasus_tbc": ("Estimasi jumlah kasus TBC (insidensi)", "Estimated TB cases (incidence)"),
    "klb_24_jam": ("Jumlah KLB yang ditangani kurang dari 24 jam", "Outbreaks responded to within 24 hours"),
    "jumlah_klb": ("Jumlah KLB yang terjadi", "Outbreaks that occurred"),
    "keluarga_sehat": ("Jumlah keluarga sehat (IKS > 0,8)", "Healthy families (IKS > 0.8)"),
    "keluarga_didata": ("Jumlah keluarga yang didata", "Families surveyed"),
    "rujukan_non_spesialistik": ("Jumlah rujukan kasus non-spesialistik", "Referrals of non-specialist cases"),
    "jumlah_rujukan": ("Jumlah seluruh rujukan rawat jalan", "All outpatient referrals"),
    "rekam_medis_lengkap": ("Jumlah rekam medis lengkap dalam 1×24 jam", "Records complete within 24 hours"),
    "rekam_medis_diaudit": ("Jumlah rekam medis yang diaudit", "Medical records audited"),
    "ibu_k6": ("Jumlah ibu bersalin dengan pelayanan antenatal minimal 6 kali (K6)",
               "Women giving birth with at least six antenatal visits (K6)"),
    "ibu_bersalin": ("Jumlah ibu bersalin binaan", "Women giving birth in the midwife's care"),
    "ibu_nifas_kf_lengkap": ("Jumlah ibu nifas dengan kunjungan nifas lengkap (KF1-KF4)",
                             "Postpartum women with all four postnatal visits"),
    "ibu_nifas": ("Jumlah ibu nifas binaan", "Postpartum women in the midwife's care"),
    "askep_lengkap": ("Jumlah dokumen asuhan keperawatan yang lengkap", "Nursing care records complete"),
    "askep_diaudit": ("Jumlah dokumen asuhan keperawatan yang diaudit", "Nursing care records audited"),
    "rekomendasi_ditindaklanjuti": ("Jumlah rekomendasi yang sudah ditindaklanjuti", "Recommendations followed up"),
    "rekomendasi_akreditasi": ("Jumlah rekomendasi hasil survei akreditasi", "Accreditation survey recommendations"),
    "puskesmas_tepat_waktu": ("Jumlah Puskesmas yang melapor tepat waktu", "Health centres reporting on time"),
    "jumlah_puskesmas": ("Jumlah Puskesmas", "Health centres"),
    "laporan_tepat_waktu": ("Jumlah laporan SKDR yang diterima tepat waktu", "SKDR reports on time"),
    "laporan_wajib": ("Jumlah laporan SKDR yang seharusnya diterima", "SKDR reports due"),
}

YEAR_TO_DATE = ("Dihitung kumulatif sejak 1 Januari sampai akhir periode ini.",
                "Counted from 1 January to the end of this period.")
THIS_PERIOD = ("Hanya yang terjadi dalam periode ini.", "Only what happened in this period.")

CLINICAL_ROLES = frozenset({"dokter", "bidan", "perawat"})
FACILITY = FormField("fasilitas", "Nama Puskesmas/fasilitas pelayanan", "text",
                     label_en="Health centre or facility", max_length=120)


def count_field(name: str, indicator: Indicator, *, denominator: bool) -> FormField:
    """One of a ratio's two counts: a required whole number, the denominator at least 1."""
    label, label_en = COUNTS[name]
    help_id, help_en = YEAR_TO_DATE if indicator.aggregation == Aggregation.LAST else THIS_PERIOD
    return FormField(name, label, "integer", label_en=label_en, required=True,
                     minimum=Decimal(1) if denominator else Decimal(0), help=help_id, help_en=help_en)


def form_fields(indicator: Indicator) -> list[FormField]:
    """The fields of one of this plugin's indicators: the ratio's counts, then the facility."""
    fields = []
    if indicator.ratio is not None:
        fields += [count_field(indicator.ratio.numerator, indicator, denominator=False),
                   count_field(indicator.ratio.denominator, indicator, denominator=True)]
    if CLINICAL_ROLES & set(indicator.roles):
        fields.append(FACILITY)
    return fields
