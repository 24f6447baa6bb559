"""A year of work in 象山区 for the dashboard, made through the real services: 五美社区's signed contract with two
commitments and fulfilment records, cases in 五美 and 南门 (one resolved and rated), published needs and resources,
a located neighbourhood in 五美 and an Open311 service area for 南门 (翠竹社区 in 秀峰区 has no coordinates)."""

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from gongzhi.cases import services as cases
from gongzhi.cases.testing import seed_case_categories
from gongzhi.contracts import services as contracts
from gongzhi.contracts.tests.conftest import build_lifecycle
from gongzhi.core import clock
from gongzhi.lists import services as lists
from gongzhi.lists.tests.conftest import seed_categories
from gongzhi.open311.services import define_service_area
from gongzhi.servicepoints.services import set_neighbourhood_location, set_service_area

CST = ZoneInfo("Asia/Shanghai")
YEAR = 2026
# The dashboard's "now": a Friday in late November 2026 (the months after November are still to come).
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=CST)


def at(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=CST)


def report(w, cats, community, title, when):
    with clock.frozen(when):
        return cases.report_case(actor=w.admin, category=cats["sewage"], community=community, title=title,
                                 description="居民王秀英反映：五美小区1栋2单元101室门口污水外溢，电话13812345678。",
                                 channel="hotline", reporter_name="王秀英", reporter_phone="13812345678")


def record(c, commitment, when: dt.date, person_times: int):
    with clock.frozen(at(when.year, when.month, when.day, 16)):
        return contracts.record_fulfilment(actor=c.world.wumei_staff, commitment=commitment, date=when,
                                           content="开展服务", person_times=person_times)


def build(world) -> SimpleNamespace:
    w = world
    d = SimpleNamespace(world=w)
    d.life = build_lifecycle(w)
    record(d.life, d.life.clinic, dt.date(2026, 3, 14), 80)
    record(d.life, d.life.clinic, dt.date(2026, 6, 13), 120)
    record(d.life, d.life.classroom, dt.date(2026, 4, 8), 35)
    record(d.life, d.life.classroom, dt.date(2026, 5, 8), 30)  # the classroom is completed (2 services, 65 ≥ 60)

    d.case_cats = seed_case_categories()
    d.first = report(w, d.case_cats, w.wumei, "五美小区污水外溢", at(2026, 5, 11, 9))
    d.second = report(w, d.case_cats, w.nanmen, "南门花园下水道堵塞", at(2026, 9, 7, 9))
    d.last_year = report(w, d.case_cats, w.wumei, "去年的诉求", at(2025, 10, 9, 9))
    with clock.frozen(at(2026, 5, 11, 10)):
        cases.accept_case(actor=w.wumei_grid_worker, case=d.first)
    with clock.frozen(at(2026, 5, 11, 15)):
        cases.record_contact(actor=w.wumei_grid_worker, case=d.first, note="已电话联系")
        cases.resolve_case(actor=w.wumei_grid_worker, case=d.first, result="已疏通")
    with clock.frozen(at(2026, 5, 12, 9)):
        cases.confirm_case(actor=None, case=d.first)
        cases.rate_case(actor=None, case=d.first, satisfaction="satisfied")

    d.cats = seed_categories()
    with clock.frozen(at(2026, 3, 2, 9)):
        need = lists.submit_need(actor=w.wumei_staff, community=w.wumei, channel="window", title="老年人免费体检",
                                 category=d.cats["medical"])
        lists.review_need(actor=w.wumei_staff, need=need, decision="approve")
        need = lists.submit_need(actor=w.nanmen_staff, community=w.nanmen, channel="forum", title="南门花园环境整治",
                                 category=d.cats["environment"])
        lists.review_need(actor=w.nanmen_staff, need=need, decision="approve")
        lists.submit_need(actor=w.resident, title="楼道灯坏了希望维修", category=d.cats["repairs"])  # not published
        lists.register_resource(actor=w.liaison, organisation=w.hospital, title="中医义诊进社区",
                                category=d.cats["medical"], times_per_year=12, people_per_session=50)

    set_service_area(actor=w.admin, region=w.xiangshan, min_lat="25.20", max_lat="25.32", min_lon="110.22",
                     max_lon="110.36")
    set_neighbourhood_location(actor=w.admin, neighbourhood=w.wumei_estate, lat="25.2650", lon="110.2960")
    set_neighbourhood_location(actor=w.admin, neighbourhood=w.wenhua_li, lat="25.2670", lon="110.2980")
    define_service_area(actor=w.admin, community=w.nanmen, lat="25.2710", long="110.2900", radius_m=600)
    return d


@pytest.fixture
def dash(world):
    with clock.frozen(NOW):
        yield build(world)
