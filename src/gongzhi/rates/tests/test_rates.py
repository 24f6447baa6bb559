"""The three rates reproduced by hand from the world of conftest.py (read its table first). Every expected value
is a fraction written out with the arithmetic that gives it; the figures are read as of 1 July 2026 09:00."""

import datetime as dt
from fractions import Fraction

import pytest

from gongzhi.rates import periods
from gongzhi.rates.selectors import (
    Rate,
    community_lines,
    composite,
    department_lines,
    node_figures,
    street_lines,
)
from gongzhi.rates.tests.conftest import AS_OF, JUNE, MAY, at


def lines_by_name(lines):
    return {line.name: line for line in lines}


@pytest.fixture
def june_departments(rw):
    return lines_by_name(department_lines(rw.w.district_staff, JUNE, as_of=AS_OF))


# --- the world is what the table says --------------------------------------------------------------------

def test_the_deadlines_the_hand_arithmetic_relies_on(rw):
    assert rw.w2.respond_due_at == at(6, 2, 11, 0) and rw.w2.reported_at == at(6, 2, 11, 1)
    # 11:30 + 1 working hour = 12:00 (30 min) + 14:30–15:00 (30 min)
    assert rw.w4.respond_due_at == at(6, 29, 15, 0)
    # Friday 17:30 + 1 working hour = 18:00 (30 min) + Monday 08:30–09:00
    assert rw.w6.respond_due_at == at(6, 1, 9, 0)
    # 7 working days from Tuesday 2 June 10:00: 3, 4, 5, 8, 9, 10, 11 June
    assert rw.w2.act_due_at == at(6, 11, 10, 0)
    # 7 working days from Monday 8 June 14:30: 9, 10, 11, 12, 15, 16, 17 June
    assert rw.w3.act_due_at == at(6, 17, 14, 30)
    # 7 working days from 10 June skip 端午节 (19 June): 11, 12, 15, 16, 17, 18, 22 June
    assert rw.w8.act_due_at == at(6, 22, 9, 0)
    # 7 working days from Monday 29 June 11:30: 30 June, 1, 2, 3, 6, 7, 8 July
    assert rw.w4.act_due_at == at(7, 8, 11, 30)
    assert rw.c2.contact_due_at == at(6, 3, 9, 30) and rw.c2.due_at == at(6, 11, 9, 30)
    assert rw.c4.contact_due_at == at(6, 30, 9, 10)
    assert rw.c8.contact_due_at == at(7, 1, 16, 30)
    assert rw.c9.contacted_at is None and rw.c9.contact_due_at == at(6, 4, 8, 40)
    assert rw.w5.status == "withdrawn" and rw.c13.status == "rejected" and rw.c14.status == "submitted"


# --- departments ----------------------------------------------------------------------------------------

def test_judicial_office_june(june_departments):
    line = june_departments["象山街道司法所"]
    # Response: whistles blown in June, withdrawn W5 left out, W6 was blown in May:
    # W1 10:00 ≤ 10:30 ✓, W2 11:01 > 11:00 ✗, W3 15:00 ≤ 15:30 ✓, W4 14:40 ≤ 15:00 ✓  → 3/4
    assert line.response == Rate(3, 4)
    assert line.received == 4
    # Resolution: whistles assessed in June (done by their deadline → when done; else at the deadline):
    # W1 done 6/3 ✓, W2 due 6/11 and done late on 6/15 ✓, W3 due 6/17 not done ✗, W6 done 6/5 ✓;
    # W4 is due 8 July → not June.  → 3/4
    assert line.resolution == Rate(3, 4)
    # On time: of the 3 done, W2 (6/15 > 6/11) was late → 2/3
    assert line.on_time == Rate(2, 3)
    # Satisfaction: ratings given in June of cases whistled to it: C1 满意, C6 满意, C2 不满意 but excluded → 2/2
    assert line.satisfaction == Rate(2, 2)
    assert line.ratings == {"satisfied": 2, "basic": 0, "unsatisfied": 0, "excluded": 1}
    # 吹哨满意度赋分 in June: W1 90, W2 60 → 75
    assert line.avg_score == 75 and line.scored == 2
    # Average response time in working hours: W1 30 min, W2 61 min, W3 30 min,
    # W4 11:30–12:00 + 14:30–14:40 = 40 min → 161/4 min
    assert line.avg_response_hours == pytest.approx(161 / 4 / 60)
    # Composite (default 30/35/35): 30·3/4 + 35·3/4 + 35·1 = 22.5 + 26.25 + 35 = 83.75
    assert line.weights == (30, 35, 35)
    assert line.composite == pytest.approx(83.75)
    assert line.rank == 1


def test_police_station_june(june_departments):
    line = june_departments["象山派出所"]
    # Response: W7 never reported, due 6/8 15:30 passed ✗; W8 09:59 ≤ 10:00 ✓; W9 due 6/30 18:00 passed ✗ → 1/3
    assert line.response == Rate(1, 3)
    # Resolution: W7 due 6/17 not done ✗; W8 done 6/12 ✓; W9 due in July → 1/2
    assert line.resolution == Rate(1, 2)
    assert line.on_time == Rate(1, 1)
    # Satisfaction: C7 不满意 (review kept it) → 0/1
    assert line.satisfaction == Rate(0, 1)
    # Composite: 30·1/3 + 35·1/2 + 35·0 = 10 + 17.5 + 0 = 27.5
    assert line.composite == pytest.approx(27.5)
    assert line.rank == 3
    assert line.avg_score is None


def test_housing_bureau_june(june_departments):
    line = june_departments["象山区住建局"]
    # W10 09:30 ≤ 10:00 ✓, W11 16:20 ≤ 17:00 ✓ → 2/2; both done on time → 2/2
    assert line.response == Rate(2, 2) and line.resolution == Rate(2, 2) and line.on_time == Rate(2, 2)
    # C9 基本满意 ✓ (counts as satisfied), C10 不满意 ✗ → 1/2
    assert line.satisfaction == Rate(1, 2)
    assert line.ratings == {"satisfied": 0, "basic": 1, "unsatisfied": 1, "excluded": 0}
    # 赋分 80 and 100 → 90
    assert line.avg_score == 90
    # Resolution time in working days: W10 09:00–12:00 + 14:30–16:00 = 4.5 h; W11 16:00–18:00 + 08:30–10:00
    # = 3.5 h; mean 4 h of a 7-hour working day = 4/7
    assert line.avg_resolution_days == pytest.approx(4 / 7)
    # Composite: 30·1 + 35·1 + 35·1/2 = 82.5
    assert line.composite == pytest.approx(82.5)
    assert line.rank == 2


def test_a_department_without_whistles_has_no_rates(june_departments):
    line = june_departments["桂林市卫生健康委员会"]
    assert line.response == Rate(0, 0) and line.response.value is None
    assert line.composite is None and line.rank is None


def test_pending_whistle_before_its_deadline(rw):
    """As of 30 June 17:30 the police station's W9 (due 18:00) is still within its limit: not counted."""
    lines = lines_by_name(department_lines(rw.w.district_staff, JUNE, as_of=at(6, 30, 17, 30)))
    # W7 ✗, W8 ✓; W9 (due 18:00) not yet decided → 1/2
    assert lines["象山派出所"].response == Rate(1, 2)
    # Resolution is the same: W7 ✗ (due 6/17), W8 ✓
    assert lines["象山派出所"].resolution == Rate(1, 2)


# --- communities and streets ------------------------------------------------------------------------------

def test_wumei_june(rw):
    line = lines_by_name(community_lines(rw.w.district_staff, JUNE, as_of=AS_OF))["五美社区"]
    # Reported in June: C1, C2, C7, C9, C13 (rejected) → 5
    assert line.received == 5
    # Response (first contact within 24 h): C1 09:10 ≤ 6/2 09:00 ✓; C2 6/3 10:00 > 6/3 09:30 ✗; C7 ✓;
    # C9 no contact but resolved 6/3 17:00 ≤ 6/4 08:40 ✓; C13 rejected, left out → 3/4
    assert line.response == Rate(3, 4)
    # Resolution: assessed in June: C1 (6/4) ✓, C2 (due 6/11, resolved 6/16) ✓, C6 (resolved 6/5) ✓, C7 ✓, C9 ✓;
    # C12 was in May → 5/5
    assert line.resolution == Rate(5, 5)
    # On time: C2 was late → 4/5
    assert line.on_time == Rate(4, 5)
    # Satisfaction: rated in June C1 满意, C6 满意, C9 基本满意 ✓, C7 不满意 ✗, C2 excluded → 3/4
    assert line.satisfaction == Rate(3, 4)
    assert line.ratings["excluded"] == 1
    # Composite: 30·3/4 + 35·1 + 35·3/4 = 22.5 + 35 + 26.25 = 83.75
    assert line.composite == pytest.approx(83.75)


def test_nanmen_june(rw):
    line = lines_by_name(community_lines(rw.w.district_staff, JUNE, as_of=AS_OF))["南门社区"]
    # Reported in June: C3, C4, C5, C8, C10, C14 → 6
    assert line.received == 6
    # Response: C3 ✓, C4 no contact and due 6/30 09:10 passed ✗, C5 ✓, C10 ✓; C8 (due 7/1 16:30) not yet due,
    # C14 never accepted → 3/4
    assert line.response == Rate(3, 4)
    # Resolution: C3 due 6/17 unresolved ✗, C5 ✓, C10 ✓; C4, C8 due in July → 2/3
    assert line.resolution == Rate(2, 3)
    assert line.on_time == Rate(2, 2)
    # Satisfaction: C5 基本满意 ✓, C10 不满意 ✗ → 1/2
    assert line.satisfaction == Rate(1, 2)
    # Composite: 30·3/4 + 35·2/3 + 35·1/2 = 22.5 + 70/3 + 17.5 = 63⅓
    assert line.composite == pytest.approx(22.5 + 70 / 3 + 17.5)
    assert line.rank == 2


def test_street_june_adds_its_communities(rw):
    [line] = street_lines(rw.w.district_staff, JUNE, as_of=AS_OF)
    assert line.name == "象山街道"
    # 五美 + 南门: response 3/4 + 3/4 = 6/8; resolution 5/5 + 2/3 = 7/8; satisfaction 3/4 + 1/2 = 4/6
    assert (line.response, line.resolution, line.satisfaction) == (Rate(6, 8), Rate(7, 8), Rate(4, 6))
    # 30·6/8 + 35·7/8 + 35·4/6 = 22.5 + 30.625 + 23.333…
    assert line.composite == pytest.approx(float(30 * Fraction(6, 8) + 35 * Fraction(7, 8) + 35 * Fraction(4, 6)))


def test_node_figures_of_a_district_match_its_street(rw):
    line = node_figures(rw.w.xiangshan, JUNE, as_of=AS_OF)
    assert (line.response, line.resolution, line.satisfaction) == (Rate(6, 8), Rate(7, 8), Rate(4, 6))


# --- periods ------------------------------------------------------------------------------------------------

def test_may_and_renormalised_composite(rw):
    line = lines_by_name(department_lines(rw.w.district_staff, MAY, as_of=AS_OF))["象山街道司法所"]
    # May: W6 blown 5/29, reported 6/1 08:50 ≤ due 6/1 09:00 → response 1/1; W6 is assessed for resolution
    # in June (done 6/5), no rating in May → "—" and "—"
    assert line.response == Rate(1, 1)
    assert line.resolution.value is None and line.satisfaction.value is None
    # Only the response rate has a value: its weight 30 is re-normalised to 100% → 100·1 = 100
    assert line.composite == pytest.approx(100)
    wumei = lines_by_name(community_lines(rw.w.district_staff, MAY, as_of=AS_OF))["五美社区"]
    # May: C6 and C12 reported (2), both contacted in time → 2/2; C12 resolved 5/14 → 1/1 (C6 is June's);
    # C12 rated 满意 on 5/25 → 1/1
    assert (wumei.received, wumei.response, wumei.resolution, wumei.satisfaction) == (
        2, Rate(2, 2), Rate(1, 1), Rate(1, 1))


def test_quarter_two(rw):
    line = lines_by_name(department_lines(rw.w.district_staff, periods.parse("2026-Q2"), as_of=AS_OF))[
        "象山街道司法所"]
    # April–June: June's 4 whistles plus W6 (5/29) → response 4/5; resolution as in June (W6 is in it) → 3/4
    assert line.response == Rate(4, 5) and line.resolution == Rate(3, 4)


def test_custom_period_boundaries_are_local_midnights(rw):
    # 1–2 June only: W1 (6/1) ✓ and W2 (6/2) ✗ → 1/2; W3 (6/8) is outside
    p = periods.parse(first="2026-06-01", last="2026-06-02")
    line = lines_by_name(department_lines(rw.w.district_staff, p, as_of=AS_OF))["象山街道司法所"]
    assert line.response == Rate(1, 2)
    assert p.start == at(6, 1, 0, 0) and p.end == at(6, 3, 0, 0)


def test_an_instant_at_midnight_belongs_to_the_new_period():
    june, july = periods.month(2026, 6), periods.month(2026, 7)
    midnight = dt.datetime(2026, 7, 1, tzinfo=AS_OF.tzinfo)
    assert june.end == midnight == july.start
    assert not (june.start <= midnight < june.end) and july.start <= midnight < july.end


# --- exclusion and weights --------------------------------------------------------------------------------

def test_an_excluded_rating_leaves_the_denominator(rw):
    from gongzhi.rates.models import RatingReview

    # Without C2's exclusion the judicial office would be 2/3 and 五美 (3/5).
    RatingReview.objects.filter(pk=rw.review_c2.pk).delete()
    line = lines_by_name(department_lines(rw.w.district_staff, JUNE, as_of=AS_OF))["象山街道司法所"]
    assert line.satisfaction == Rate(2, 3)
    wumei = lines_by_name(community_lines(rw.w.district_staff, JUNE, as_of=AS_OF))["五美社区"]
    assert wumei.satisfaction == Rate(3, 5)


def test_weights_of_the_nearest_ancestor(rw):
    from gongzhi.rates.services import set_weights

    set_weights(actor=rw.w.district_staff, region=rw.w.xiangshan, response=50, resolution=25, satisfaction=25)
    lines = lines_by_name(department_lines(rw.w.district_staff, JUNE, as_of=AS_OF))
    # 司法所 (street) and 住建局 (district) follow 象山区's weights; the city's health commission the default
    assert lines["象山街道司法所"].weights == (50, 25, 25)
    # 50·3/4 + 25·3/4 + 25·1 = 37.5 + 18.75 + 25 = 81.25
    assert lines["象山街道司法所"].composite == pytest.approx(81.25)
    assert lines["桂林市卫生健康委员会"].weights == (30, 35, 35)
    set_weights(actor=rw.w.street_staff, region=rw.w.xiangshan_street, response=20, resolution=40, satisfaction=40)
    lines = lines_by_name(department_lines(rw.w.district_staff, JUNE, as_of=AS_OF))
    assert lines["象山街道司法所"].weights == (20, 40, 40)  # the street is nearer than the district
    assert lines["象山区住建局"].weights == (50, 25, 25)


def test_composite_renormalises_over_rates_with_a_value():
    assert composite([0.5, None, 1.0], (30, 35, 35)) == pytest.approx(100 * (30 * 0.5 + 35 * 1.0) / 65)
    assert composite([None, None, None], (30, 35, 35)) is None
    # a rate with a value but weight 0 alone gives no composite
    assert composite([None, None, 1.0], (50, 50, 0)) is None


# --- scope ----------------------------------------------------------------------------------------------

def test_scope_changes_the_department_figures(rw):
    admin = lines_by_name(department_lines(rw.w.admin, JUNE, as_of=AS_OF))
    district = lines_by_name(department_lines(rw.w.district_staff, JUNE, as_of=AS_OF))
    # The administrator also sees 秀峰区住建局 (翠竹社区's W12, reported 10:45 > 10:30 → 0/1)
    assert admin["秀峰区住建局"].response == Rate(0, 1)
    assert "秀峰区住建局" not in district
    # 五美社区's staff see the departments' figures over 五美's whistles only:
    # 司法所 W1 ✓, W2 ✗ → 1/2 (W3, W4 are 南门's)
    wumei = lines_by_name(department_lines(rw.w.wumei_staff, JUNE, as_of=AS_OF))
    assert wumei["象山街道司法所"].response == Rate(1, 2)
    assert "象山区住建局" in wumei  # above 五美 (and it was whistled by 五美)


def test_receiver_sees_own_department_only(rw):
    lines = department_lines(rw.police_receiver, JUNE, as_of=AS_OF)
    assert [ln.name for ln in lines] == ["象山派出所"]
    assert lines[0].response == Rate(1, 3)  # all its whistles
    assert community_lines(rw.police_receiver, JUNE, as_of=AS_OF) == []


def test_community_staff_see_their_community_only(rw):
    assert [ln.name for ln in community_lines(rw.w.nanmen_staff, JUNE, as_of=AS_OF)] == ["南门社区"]
    assert street_lines(rw.w.nanmen_staff, JUNE, as_of=AS_OF) == []
