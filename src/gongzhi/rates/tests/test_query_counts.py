"""Every table is a constant number of queries, whatever the number of departments, communities, whistles and
cases: aggregates with conditional counts, never a query per line."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.cases import services as cases
from gongzhi.core import clock
from gongzhi.organisations.services import create_department
from gongzhi.rates import services as rates
from gongzhi.rates.selectors import community_lines, department_lines
from gongzhi.rates.tests.conftest import AS_OF, JUNE, at
from gongzhi.regions.services import create_node


def grow_departments(rw, n: int, start: int):
    """n more departments of 象山街道, all whistled on one new 五美 case; half report late; all done; rated."""
    w = rw.w
    depts = [create_department(actor=w.admin, name=f"象山街道部门{i}", kind="other", home=w.xiangshan_street)
             for i in range(start, start + n)]
    with clock.frozen(at(6, 15, 9, 0)):
        case = cases.report_case(actor=w.resident, category=rw.cats["sewage"], community=w.wumei,
                                 title=f"多部门吹哨{start}", description="需要多个部门协同处置", channel="phone_app")
        cases.accept_case(actor=w.wumei_staff, case=case)
    with clock.frozen(at(6, 15, 9, 30)):
        whistles = cases.blow_whistle(actor=w.wumei_staff, case=case, departments=depts, request="请协同处置")
    for i, whistle in enumerate(whistles):
        with clock.frozen(at(6, 15, 10, 0) + dt.timedelta(minutes=45 * (i % 2))):
            cases.report_whistle(actor=w.admin, whistle=whistle)
        with clock.frozen(at(6, 16, 10, 0)):
            cases.complete_whistle(actor=w.admin, whistle=whistle, action="已处置")
            cases.score_whistle(actor=w.wumei_staff, whistle=whistle, score=80 + i % 20)
    with clock.frozen(at(6, 16, 11, 0)):
        cases.resolve_case(actor=w.wumei_staff, case=case, result="已处置")
    with clock.frozen(at(6, 17, 9, 0)):
        cases.confirm_case(actor=w.resident, case=case)
        cases.rate_case(actor=w.resident, case=case, satisfaction="unsatisfied")
    with clock.frozen(at(6, 18, 9, 0)):
        review = rates.request_review(actor=w.wumei_staff, case=case, reason="多部门已履职")
        rates.decide_review(actor=w.street_staff, review=review, decision="exclude", ground="duty_done", note="已履职")
    return depts


def grow_communities(rw, n: int, start: int):
    """n more communities of 象山街道, each with a resolved and rated case."""
    w = rw.w
    for i in range(start, start + n):
        community = create_node(actor=w.admin, parent=w.xiangshan_street, kind="community", name=f"新社区{i}")
        with clock.frozen(at(6, 10, 9, 0)):
            case = cases.report_case(actor=w.street_staff, category=rw.cats["sewage"], community=community,
                                     title=f"诉求{i}", description="下水道堵塞", channel="hotline",
                                     reporter_name="来电居民", reporter_phone="13900000000")
            cases.accept_case(actor=w.street_staff, case=case)
            cases.record_contact(actor=w.street_staff, case=case, note="已联系")
        with clock.frozen(at(6, 11, 9, 0)):
            cases.resolve_case(actor=w.street_staff, case=case, result="已疏通")


def count(fn) -> int:
    fn()  # warm the working calendar's cache of special days
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_department_lines_constant_for_4_and_31_departments(rw):
    def compute():
        return department_lines(rw.w.district_staff, JUNE, as_of=AS_OF)

    small = count(compute)
    assert len(compute()) == 4
    grow_departments(rw, 27, 100)
    large = count(compute)
    lines = compute()
    assert len(lines) == 31 and sum(1 for ln in lines if ln.rank) == 30
    assert large == small <= 6, (small, large)


def test_community_lines_constant(rw):
    def compute():
        return community_lines(rw.w.district_staff, JUNE, as_of=AS_OF)

    small = count(compute)
    grow_communities(rw, 8, 1)
    large = count(compute)
    assert len(compute()) == 10
    assert large == small <= 6, (small, large)


@pytest.mark.parametrize("tab", ["departments", "communities", "streets"])
def test_league_page_and_api_constant(rw, client_for, tab):
    client = client_for(rw.w.district_staff)
    page = reverse("rates:league") + f"?tab={tab}&period=2026-06"
    api = f"/api/v1/rates/league?tab={tab}&period=2026-06"
    export = reverse("rates:export") + f"?tab={tab}&period=2026-06"

    def measure():
        return [count(lambda u=u: client.get(u)) for u in (page, api, export)]

    with clock.frozen(AS_OF):
        small = measure()
    grow_departments(rw, 10, 200)
    grow_communities(rw, 5, 20)
    with clock.frozen(AS_OF):
        large = measure()
    assert large == small, (small, large)


def test_department_detail_reviews_and_public_page_constant(rw, client_for):
    staff, street = client_for(rw.w.district_staff), client_for(rw.w.street_staff)
    urls = [(staff, reverse("rates:department", args=[rw.judicial.pk]) + "?period=2026-06"),
            (street, reverse("rates:reviews") + "?status=all"),
            (client_for(rw.w.wumei_staff), reverse("rates:reviews")),
            (client_for(rw.w.outsider), reverse("rates:board_cases", args=[rw.w.wumei.pk]) + "?year=2026"),
            (client_for(rw.w.outsider), reverse("core:board", args=[rw.w.wumei.pk]))]

    def measure():
        return [count(lambda c=c, u=u: c.get(u)) for c, u in urls]

    with clock.frozen(AS_OF):
        small = measure()
    depts = grow_departments(rw, 6, 300)
    grow_departments(rw, 6, 400)
    # more whistles for the judicial office too
    with clock.frozen(at(6, 22, 9, 0)):
        case = cases.report_case(actor=rw.w.resident, category=rw.cats["sewage"], community=rw.w.wumei,
                                 title="再次堵塞", description="下水道又堵了", channel="phone_app")
        cases.accept_case(actor=rw.w.wumei_staff, case=case)
        cases.blow_whistle(actor=rw.w.wumei_staff, case=case, departments=[rw.judicial], request="请处置")
    with clock.frozen(AS_OF):
        large = measure()
    assert depts and large == small, (small, large)
