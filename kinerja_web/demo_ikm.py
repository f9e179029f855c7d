"""Demo public satisfaction survey: a service unit's survey with about forty answers over the demo
year's review periods that have started, placed relative to the day the demo is loaded.

The review period holding that day (or the latest that has started) gets thirty answers, enough for
an index without the small-sample flag; the earlier ones share ten, so their index carries the flag.
Answers grow a little better period by period; waiting time and complaint handling stay the weakest.
"""
from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta

from .clock import start_of_day_utc
from .extensions import db
from .models import Survey, SurveyResponse
from .models.survey import ANSWERS, SurveyStatus

CURRENT_ANSWERS = 30
EARLIER_ANSWERS = 10
WEAK = {2, 7}  # U3 completion time, U8 complaint handling (indexes into ANSWERS)
COMMENTS = (
    "Antrean pendaftaran lama, mohon loket ditambah pada pagi hari.",
    "Petugas ramah dan sabar menjelaskan aturan minum obat.",
    "Ruang tunggu panas, kipas angin di dekat poli umum rusak.",
    "Pelayanan cepat, terima kasih.",
    "Kotak saran ada, tetapi tidak jelas apakah pernah dibuka.",
    "Toilet pasien perlu lebih sering dibersihkan.",
    "Jadwal dokter gigi mohon diumumkan di papan informasi.",
)
PROFILES = (("20-29", "P", "SMA", "WIRAUSAHA"), ("30-39", "P", "S1", "PNS"), ("40-49", "L", "SMP", "SWASTA"),
            ("lt20", "L", "SMA", "PELAJAR"), ("50-59", "L", "SD", "LAINNYA"), ("", "", "", ""))


def seed_survey(agency_id: int, unit_id: int, title: str, reviews, today: date, seed: str) -> Survey:
    """A unit's open survey and its answers in ``reviews`` (the demo year's review periods)."""
    rng = random.Random(seed)
    survey = Survey(agency_id=agency_id, unit_id=unit_id, title=title, status=SurveyStatus.OPEN,
                    created_at=start_of_day_utc(reviews[0].starts_on))
    db.session.add(survey)
    db.session.flush()
    started = [r for r in reviews if r.starts_on <= today]
    if not started:
        return survey
    current = next((r for r in started if r.ends_on >= today), started[-1])
    earlier = [r for r in started if r is not current]
    counts = {r.id: EARLIER_ANSWERS // len(earlier) + (n < EARLIER_ANSWERS % len(earlier))
              for n, r in enumerate(earlier)} if earlier else {}
    counts[current.id] = CURRENT_ANSWERS
    for step, review in enumerate(started):
        last_day = min(review.ends_on, today - timedelta(days=1)) if review.starts_on < today else today
        days = (last_day - review.starts_on).days + 1
        for n in range(counts[review.id]):
            day = review.starts_on + timedelta(days=rng.randrange(days))
            stamp = start_of_day_utc(day) + timedelta(hours=rng.randint(8, 15), minutes=rng.randrange(60))
            answers = [_answer(rng, i in WEAK, step) for i in range(len(ANSWERS))]
            age, sex, education, occupation = rng.choice(PROFILES)
            db.session.add(SurveyResponse(
                survey_id=survey.id, created_at=stamp, **dict(zip(ANSWERS, answers, strict=True)),
                age_group=age, sex=sex, education=education, occupation=occupation,
                comment=rng.choice(COMMENTS) if rng.random() < 0.3 else "",
                device_key=hashlib.sha256(f"{seed}-{review.id}-{n}".encode()).hexdigest()))
    return survey


def _answer(rng: random.Random, weak: bool, step: int) -> int:
    """1–4, a little better each review period; weak elements lower."""
    weights = [4, 22, 52, 22] if weak else [1, 8, 51, 40]
    weights[3] += 3 * step
    return rng.choices((1, 2, 3, 4), weights)[0]
