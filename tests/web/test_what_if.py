"""The calibration what-if (issue 12): a planning aid on the calibration page that changes nothing."""
from __future__ import annotations

import re
from urllib.parse import urlencode

from sqlalchemy import func, select, update

from kinerja_web.evaluation import calibration as cal
from kinerja_web.extensions import db
from kinerja_web.models import Agency, AuditEntry, Calibration, Evaluation, Period, ReviewPeriod, Unit
from kinerja_web.rules.types import Predicate
from tests.helpers import count_queries


def _scope():
    agency = db.session.scalar(select(Agency).where(Agency.code == "dinkes"))
    q3 = db.session.scalar(select(ReviewPeriod).join(Period).where(Period.agency_id == agency.id,
                                                                   ReviewPeriod.seq == 3))
    return agency, q3


def _url(agency, review, org="baik", *moves) -> str:
    args = {"periode": review.id, "andai-org_predicate": org}
    for n, (count, source, target) in enumerate(moves):
        args.update({f"andai-moves-{n}-count": count, f"andai-moves-{n}-source": source,
                     f"andai-moves-{n}-target": target})
    return f"/kalibrasi/{agency.id}/andai?{urlencode(args)}"


def _cells(page: str, predikat: str) -> list[str]:
    row = page.split(f'data-predikat="{predikat}"', 1)[1].split("</tr>", 1)[0]
    return re.findall(r"<td[^>]*>([^<]*)</td>", row)[1:]  # after the predikat's name: now, what-if, %, allowed


def test_the_calibration_page_offers_the_what_if_as_a_get_form_that_says_it_changes_nothing(login):
    agency, q3 = _scope()
    page = login("kadis.dinkes").get(f"/kalibrasi/{agency.id}?periode={q3.id}").get_data(as_text=True)
    panel = page.split('data-testid="what-if-panel"', 1)[1]
    assert f'method="get" action="/kalibrasi/{agency.id}/andai"' in panel
    assert "csrf_token" not in panel.split("</form>", 1)[0]
    assert "tidak mengubah predikat" in panel and 'href="/penilaian"' in panel


def test_moves_on_paper_are_judged_against_the_curve_with_what_would_comply(login):
    agency, q3 = _scope()
    found = cal.counts(agency.id, q3.id)
    assert found[Predicate.GOOD] >= 2
    head = login("kadis.dinkes")
    page = head.get(_url(agency, q3, "baik", (2, "baik", "butuh_perbaikan"))).get_data(as_text=True)
    assert _cells(page, "baik")[:2] == [str(found[Predicate.GOOD]), str(found[Predicate.GOOD] - 2)]
    assert _cells(page, "butuh_perbaikan")[:2] == [str(found[Predicate.NEEDS_IMPROVEMENT]),
                                                  str(found[Predicate.NEEDS_IMPROVEMENT] + 2)]
    total = sum(found.values())
    assert _cells(page, "baik")[3] == f"0–{total * 70 // 100}"  # Baik at most 70 %
    assert 'data-testid="what-if-compliance"' in page and 'data-testid="what-if-suggestion"' in page

    # Sangat Kurang: the demo is far from 60 % Sangat Kurang; the suggestion, tried, complies
    page = head.get(_url(agency, q3, "sangat_kurang")).get_data(as_text=True)
    assert "tidak akan mengikuti pola" in page
    link = re.search(r'href="([^"]+)" data-testid="what-if-try-suggestion"', page).group(1).replace("&amp;", "&")
    tried = head.get(link)
    assert tried.status_code == 200 and "akan mengikuti pola." in tried.get_data(as_text=True)
    assert "Tidak ada lagi yang perlu dipindah" in tried.get_data(as_text=True)


# (case, moves, organisation predikat, the message that names the problem)
BAD = [
    ("unknown organisation predikat", [], "luar_biasa", "Predikat organisasi tidak dikenal"),
    ("more people than the predikat has", [(999, "sangat_kurang", "baik")], "baik", "Antara 0 dan"),
    ("more than are left after the row above", [(1, "baik", "kurang"), ("ALL", "baik", "kurang")], "baik",
     "setelah pemindahan di atasnya"),
    ("a count that is not a number", [("tiga", "baik", "kurang")], "baik", "Masukkan bilangan bulat"),
    ("a negative count", [(-1, "baik", "kurang")], "baik", "Antara 0 dan"),
    ("the same predikat both ways", [(1, "baik", "baik")], "baik", "Pilih dua predikat yang berbeda"),
    ("no predikat to move to", [(1, "baik", "")], "baik", "Pilih predikat asal dan tujuan"),
    ("an unknown employee predikat", [(1, "baik", "hebat")], "baik", "Pilih salah satu pilihan"),
]


def test_bad_what_if_input_is_refused_with_a_message_at_the_field(login):
    agency, q3 = _scope()
    good = cal.counts(agency.id, q3.id)[Predicate.GOOD]
    head = login("kadis.dinkes")
    for case, moves, org, message in BAD:  # one demo database for the whole table: these only read
        moves = [(good if count == "ALL" else count, s, t) for count, s, t in moves]
        response = head.get(_url(agency, q3, org, *moves))
        page = response.get_data(as_text=True)
        assert response.status_code == 422 and message in page, case
        assert 'data-testid="what-if-result"' not in page, case


def test_the_what_if_speaks_english_when_chosen(login):
    agency, q3 = _scope()
    head = login("kadis.dinkes")
    head.post("/language", {"locale": "en", "next": "/login"})
    page = head.get(_url(agency, q3, "luar_biasa")).get_data(as_text=True)
    assert "Unknown organisation predikat: pick one of the list." in page
    assert "changes no rating" in head.get(_url(agency, q3)).get_data(as_text=True)


# (who, expected status of the what-if of the Dinas Kesehatan): whoever may see its calibration
ACCESS = [("kadis.dinkes", 200), ("admin", 200), ("admin.dinkes", 200), ("kabid.dinkes", 404),
          ("staf.dinkes", 404), ("kadis.disdik", 404), ("admin.disdik", 404)]


def test_only_who_may_see_the_calibration_may_try_a_what_if(login, client):
    agency, q3 = _scope()
    url = _url(agency, q3, "istimewa", (1, "baik", "sangat_baik"))
    assert client.get(url).status_code == 302  # not logged in: to the login page
    for who, status in ACCESS:
        assert login(who).get(url).status_code == status, who
    other = db.session.scalar(select(Agency).where(Agency.code == "disdik"))
    their_unit = db.session.scalar(select(Unit.id).where(Unit.agency_id == other.id))
    their_review = db.session.scalar(select(ReviewPeriod.id).join(Period).where(Period.agency_id == other.id))
    head = login("kadis.dinkes")
    for changed in (f"/kalibrasi/{other.id}/andai?andai-org_predicate=baik",  # another agency's id
                    f"/kalibrasi/{agency.id}/andai?unit={their_unit}&andai-org_predicate=baik",  # its unit
                    f"/kalibrasi/{agency.id}/andai?periode={their_review}&andai-org_predicate=baik",  # its period
                    f"/kalibrasi/{agency.id}/andai?unit=999999&andai-org_predicate=baik"):
        assert head.get(changed).status_code == 404, changed


def _state():
    evaluations = db.session.execute(select(Evaluation.id, Evaluation.status, Evaluation.predicate,
                                            Evaluation.content_hash).order_by(Evaluation.id)).all()
    calibrations = db.session.execute(select(Calibration.id, Calibration.org_predicate, Calibration.finalized_at,
                                             Calibration.justification).order_by(Calibration.id)).all()
    return evaluations, calibrations, db.session.scalar(select(func.count(AuditEntry.id)))


def test_a_what_if_changes_no_evaluation_calibration_or_audit_row(login):
    agency, q3 = _scope()
    head = login("kadis.dinkes")
    head.post(f"/kalibrasi/{agency.id}/predikat?periode={q3.id}", {"org_predicate": "baik"})
    before = _state()
    assert before[1] and before[0]
    for org in ("istimewa", "sangat_kurang"):
        assert head.get(_url(agency, q3, org, (2, "baik", "kurang"), (1, "sangat_baik", "baik"))).status_code == 200
    db.session.expire_all()
    assert _state() == before
    assert db.session.scalar(select(Calibration.org_predicate)) == "baik"


def test_the_what_if_costs_the_same_statements_for_a_small_and_a_large_agency(login):
    from tests.web.test_page_costs import _grow

    agency, q3 = _scope()
    reviews = db.session.scalars(select(ReviewPeriod).where(ReviewPeriod.period_id == q3.period_id)
                                 .order_by(ReviewPeriod.seq)).all()
    head = login("kadis.dinkes")
    url = _url(agency, reviews[0], "kurang", (1, "baik", "kurang"))
    head.get(url)  # warm up

    def cost():
        with count_queries() as statements:
            assert head.get(url).status_code == 200
        return len(statements), sum(cal.counts(agency.id, reviews[0].id).values())

    small = cost()
    _grow(40, 0)  # forty more people, each with a final Q1 evaluation
    db.session.execute(update(Evaluation).where(Evaluation.review_id == reviews[0].id,
                                                Evaluation.status == "self_assessed")
                       .values(status="final", predicate="baik"))
    db.session.commit()
    large = cost()
    assert large[1] >= small[1] + 40
    print("what-if statements (people counted):", small, large)
    assert large[0] == small[0] <= 10, (small, large)
