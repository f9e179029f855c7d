"""Dinas Pendidikan: the organisation's indicators (SPM, Renstra, Rapor Pendidikan) and the whole catalogue.

Targets are illustrative defaults; each region sets its own in the RPJMD,
Renstra or Perjanjian Kinerja (RULES.md §6.1). Lower-is-better indicators use
the "kondisi khusus" formula of RULES.md §3.3.

Each row states how its review periods add up (the roll-up): participation,
qualification and condition shares are stocks (``LAST``: the latest data
counts); a person's documents, reports, visits and months on schedule are
counts that add up (``SUM``, due pro rata unless a due rule says otherwise);
the share of lessons or documents done to standard and an index are rates per
period (``AVERAGE``).

The first eight rows are the ones the demo builds plans from: they keep their
code, name, unit, aspect, roll-up, target and rule. New rows come after them.
A coverage measured against a population names its two counts (``ratio``):
the host derives the percentage, nobody types it.
"""
from __future__ import annotations

from .catalogue import (
    AVERAGE,
    GROWTH,
    GURU,
    IKM,
    KELULUSAN,
    LAST,
    MAX,
    ORGANISATION,
    PARTISIPASI,
    PUTUS_SEKOLAH,
    QUALITY,
    QUANTITY,
    RAPOR,
    RENSTRA,
    RUANG_KELAS,
    SEKOLAH,
    SPM,
    SPM_AN,
    SPM_PROVINSI,
    iki,
)
from .individual import INDIVIDUAL
from .rules import CapaianSpmPartisipasi, KelulusanToleransi, PartisipasiMurni, PeningkatanAsesmen

ORGANISATION_INDICATORS = (
    #   code, name, unit, aspect, roll-up, default target, source, evidence
    iki("DIKDAS_APS_7_15", "Persentase anak usia 7-15 tahun yang berpartisipasi dalam pendidikan dasar", "%",
        QUANTITY, LAST, 100, SPM, "Data Dapodik dan data penduduk usia 7-15 tahun dari Disdukcapil",
        kind=MAX, required=True, level=ORGANISATION,
        name_en="Share of children aged 7-15 in basic education (SPM)"),
    iki("PAUD_APS_5_6", "Persentase anak usia 5-6 tahun yang berpartisipasi dalam PAUD", "%",
        QUANTITY, LAST, 100, SPM, "Data Dapodik PAUD dan data penduduk usia 5-6 tahun dari Disdukcapil", kind=MAX,
        level=ORGANISATION, name_en="Share of children aged 5-6 in early childhood education (SPM)"),
    iki("KESETARAAN_APS_7_18", "Persentase anak usia 7-18 tahun yang berpartisipasi dalam pendidikan kesetaraan",
        "%", QUANTITY, LAST, 46, SPM, "Data peserta didik Paket A, B dan C pada PKBM/SKB", level=ORGANISATION,
        name_en="Share of children aged 7-18 in equivalency education, Paket A/B/C (SPM)"),
    iki("APM_SD", "Angka Partisipasi Murni (APM) SD/MI", "%", QUANTITY, LAST, 97, RENSTRA,
        "Data Dapodik/EMIS dan proyeksi penduduk usia 7-12 tahun (BPS)", level=ORGANISATION,
        name_en="Net enrolment rate (APM), primary (SD/MI)"),
    iki("APM_SMP", "Angka Partisipasi Murni (APM) SMP/MTs", "%", QUANTITY, LAST, 80, RENSTRA,
        "Data Dapodik/EMIS dan proyeksi penduduk usia 13-15 tahun (BPS)", level=ORGANISATION,
        name_en="Net enrolment rate (APM), lower secondary (SMP/MTs)"),
    # dropouts of the school year so far, as a share of pupils: a cumulative level
    iki("ANGKA_PUTUS_SEKOLAH", "Angka putus sekolah SD/SMP", "%", QUALITY, LAST, "0.5", RENSTRA,
        "Rekap peserta didik putus sekolah dari Dapodik", lower=True, required=True, level=ORGANISATION,
        name_en="Drop-out rate, primary and lower secondary"),
    iki("ANGKA_KELULUSAN", "Angka kelulusan SD/SMP", "%", QUALITY, LAST, 100, RENSTRA,
        "Rekap kelulusan peserta didik per satuan pendidikan", kind=MAX, level=ORGANISATION,
        name_en="Pass rate, primary and lower secondary"),
    iki("LITERASI_NUMERASI", "Persentase peserta didik dengan kemampuan literasi dan numerasi minimal kompeten",
        "%", QUALITY, LAST, 60, RAPOR, "Rapor Pendidikan kabupaten/kota hasil Asesmen Nasional", required=True,
        level=ORGANISATION, name_en="Share of pupils at least competent in literacy and numeracy"),
    # -- beyond the demo's eight: teachers, buildings, schools (now derived from their counts) --------
    iki("GURU_S1_D4", "Persentase guru berkualifikasi akademik S1/D-IV", "%", QUALITY, LAST, 95, RENSTRA,
        "Data pendidik dan tenaga kependidikan (Dapodik GTK)", level=ORGANISATION, ratio=GURU,
        name_en="Share of teachers holding a bachelor's degree (S1/D-IV)"),
    iki("RUANG_KELAS_BAIK", "Persentase ruang kelas SD/SMP dalam kondisi baik", "%", QUALITY, LAST, 75, RENSTRA,
        "Data sarana prasarana Dapodik dan hasil verifikasi lapangan", level=ORGANISATION, ratio=RUANG_KELAS,
        name_en="Share of primary and lower secondary classrooms in good condition"),
    iki("AKREDITASI_MIN_B", "Persentase sekolah terakreditasi minimal B", "%", QUALITY, LAST, 90, RENSTRA,
        "Data hasil akreditasi BAN-PDM", level=ORGANISATION, ratio=SEKOLAH,
        name_en="Share of schools accredited B or better"),
    iki("GURU_SERTIFIKAT_PENDIDIK", "Persentase guru bersertifikat pendidik", "%", QUALITY, LAST, 90, RENSTRA,
        "Data Dapodik GTK dan data sertifikat pendidik (Info GTK)", level=ORGANISATION, ratio=GURU,
        name_en="Share of teachers holding an educator certificate"),
    # -- participation against the school-age population: APM/APS at most 100, APK may exceed it ----
    iki("APM_SMA_SMK", "Angka Partisipasi Murni (APM) SMA/SMK/MA", "%", QUANTITY, LAST, 70, RENSTRA,
        "Data Dapodik/EMIS peserta didik usia 16-18 tahun dan proyeksi penduduk usia 16-18 tahun (BPS)",
        level=ORGANISATION, ratio=PARTISIPASI, rule=PartisipasiMurni,
        name_en="Net enrolment rate (APM), upper secondary (SMA/SMK/MA)"),
    iki("APK_SD", "Angka Partisipasi Kasar (APK) SD/MI", "%", QUANTITY, LAST, 100, RENSTRA,
        "Data Dapodik/EMIS seluruh peserta didik SD/MI dan proyeksi penduduk usia 7-12 tahun (BPS)",
        level=ORGANISATION, ratio=PARTISIPASI, name_en="Gross enrolment rate (APK), primary (SD/MI)"),
    iki("APK_SMP", "Angka Partisipasi Kasar (APK) SMP/MTs", "%", QUANTITY, LAST, 95, RENSTRA,
        "Data Dapodik/EMIS seluruh peserta didik SMP/MTs dan proyeksi penduduk usia 13-15 tahun (BPS)",
        level=ORGANISATION, ratio=PARTISIPASI, name_en="Gross enrolment rate (APK), lower secondary (SMP/MTs)"),
    iki("APK_SMA_SMK", "Angka Partisipasi Kasar (APK) SMA/SMK/MA", "%", QUANTITY, LAST, 85, RENSTRA,
        "Data Dapodik/EMIS seluruh peserta didik SMA/SMK/MA dan proyeksi penduduk usia 16-18 tahun (BPS)",
        level=ORGANISATION, ratio=PARTISIPASI,
        name_en="Gross enrolment rate (APK), upper secondary (SMA/SMK/MA)"),
    # -- the provincial SPM: upper secondary and special education, 100 % of the age group --------
    iki("SPM_DIKMEN_APS_16_18", "Persentase anak usia 16-18 tahun yang berpartisipasi dalam pendidikan menengah",
        "%", QUANTITY, LAST, 100, SPM_PROVINSI,
        "Data Dapodik/EMIS peserta didik usia 16-18 tahun dan data penduduk usia 16-18 tahun dari Disdukcapil",
        kind=MAX, required=True, level=ORGANISATION, ratio=PARTISIPASI, rule=CapaianSpmPartisipasi,
        name_en="Share of children aged 16-18 in upper secondary education (provincial SPM)"),
    iki("SPM_PK_APS_4_18",
        "Persentase anak penyandang disabilitas usia 4-18 tahun yang berpartisipasi dalam pendidikan khusus",
        "%", QUANTITY, LAST, 100, SPM_PROVINSI,
        "Data peserta didik SLB dan sekolah inklusif (Dapodik) dan data anak penyandang disabilitas usia 4-18 "
        "tahun (Disdukcapil/Dinas Sosial)",
        kind=MAX, required=True, level=ORGANISATION, ratio=PARTISIPASI, rule=CapaianSpmPartisipasi,
        name_en="Share of children with disabilities aged 4-18 in special education (provincial SPM)"),
    # -- outcomes: drop-out and pass rates from their counts, Asesmen Nasional as a rise -------------
    iki("ANGKA_PUTUS_SEKOLAH_SMA_SMK", "Angka putus sekolah SMA/SMK", "%", QUALITY, LAST, 1, RENSTRA,
        "Rekap peserta didik putus sekolah dan jumlah peserta didik SMA/SMK dari Dapodik", lower=True,
        required=True, level=ORGANISATION, ratio=PUTUS_SEKOLAH,
        name_en="Drop-out rate, upper secondary (SMA/SMK)"),
    iki("ANGKA_KELULUSAN_SMA_SMK", "Angka kelulusan SMA/SMK", "%", QUALITY, LAST, 100, RENSTRA,
        "Rekap kelulusan peserta didik tingkat akhir per satuan pendidikan", level=ORGANISATION,
        ratio=KELULUSAN, rule=KelulusanToleransi, name_en="Pass rate, upper secondary (SMA/SMK)"),
    iki("LITERASI_AN", "Persentase peserta didik dengan kemampuan literasi minimal kompeten (Asesmen Nasional)",
        "%", QUALITY, LAST, 5, SPM_AN, "Rapor Pendidikan daerah hasil Asesmen Nasional (indikator literasi)",
        kind=GROWTH, required=True, level=ORGANISATION, rule=PeningkatanAsesmen,
        name_en="Share of pupils at least competent in literacy (national assessment): a rise on the earlier result"),
    iki("NUMERASI_AN", "Persentase peserta didik dengan kemampuan numerasi minimal kompeten (Asesmen Nasional)",
        "%", QUALITY, LAST, 5, SPM_AN, "Rapor Pendidikan daerah hasil Asesmen Nasional (indikator numerasi)",
        kind=GROWTH, required=True, level=ORGANISATION, rule=PeningkatanAsesmen,
        name_en="Share of pupils at least competent in numeracy (national assessment): a rise on the earlier result"),
    iki("IKM_LAYANAN_PENDIDIKAN", "Indeks Kepuasan Masyarakat (IKM) layanan pendidikan", "indeks", QUALITY,
        AVERAGE, 82, IKM, "Laporan hasil survei kepuasan masyarakat unit layanan (sekolah, layanan Dinas)",
        level=ORGANISATION, feed="ikm", name_en="Public satisfaction index (IKM), education services"),
)

INDICATORS = ORGANISATION_INDICATORS + INDIVIDUAL
BY_CODE = {i.code: i for i in INDICATORS}

# Participation rates: the pure ones (APM, APS, the SPM) count only the age group and cannot exceed
# 100; the gross ones (APK) count pupils of any age at the level and may (overage pupils).
PURE_PARTICIPATION = ("DIKDAS_APS_7_15", "PAUD_APS_5_6", "KESETARAAN_APS_7_18", "APM_SD", "APM_SMP", "APM_SMA_SMK",
                      "SPM_DIKMEN_APS_16_18", "SPM_PK_APS_4_18")
GROSS_PARTICIPATION = ("APK_SD", "APK_SMP", "APK_SMA_SMK")
