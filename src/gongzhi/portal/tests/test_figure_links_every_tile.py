"""Every figure tile on the workbench links to the staff list it counts (Gongzhi issue 14).

One world, built once for the module through the services (the personas plus a little of every app's work in 五美社区:
orders, needs, wishes, disputes, partners, joint meetings, a steward, the talent pool, service points, volunteer
hours, a signed contract), seen by 五美社区's community staffer, whose whole scope is the one panel's node. For her:

- every figure has a link, or is in NO_LIST below with the reason;
- every link answers 200;
- the count figures named in EXACT equal the total of the list they open (the list's filter is the figure's
  definition, row for row)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.test import Client, override_settings

from gongzhi.cases.testing import seed_case_categories
from gongzhi.contracts.tests.conftest import build_lifecycle
from gongzhi.core import clock
from gongzhi.core.registry import stats
from gongzhi.disputes.tests.conftest import agree, register, session
from gongzhi.lists import services as lists
from gongzhi.meetings import services as meetings
from gongzhi.meetings.tests.conftest import hold
from gongzhi.orders import services as orders
from gongzhi.orders.tests.conftest import build_menu_world, place, walk
from gongzhi.partners import services as partners
from gongzhi.partners.tests.conftest import approved as approved_partner
from gongzhi.partners.tests.conftest import build_partners
from gongzhi.people.services import create_team
from gongzhi.recognition.tests.conftest import add_hours
from gongzhi.regions.services import create_node
from gongzhi.servicepoints.tests.conftest import build_points
from gongzhi.stewards import services as stewards
from gongzhi.talent.services import register_talent
from gongzhi.testing.personas import build_world
from gongzhi.wishes import services as wishes
from gongzhi.wishes.tests.conftest import add_party_member, approved, fulfilled

CST = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=CST)  # the workbench is read late in the year of the work below

# Figures with no staff list to open: key -> why. Empty since issue 14; a figure added without a list goes here,
# with its reason, or the test fails.
NO_LIST: dict[str, str] = {}

# Count figures whose list's filter is the figure's definition exactly: the tile's value is the list's total.
EXACT = {
    "residents": "people:list",
    "units": "organisations:list",
    "partners": "organisations:list ?partner=any",
    "party_organisations": "party:list",
    "party_members": "people:list ?kind=party_member",
    "volunteers": "people:list ?kind=volunteer",
    "volunteer_teams": "people:teams",
    "duty_teams": "people:teams ?kind=duty",
    "contract_items": "contracts:projects ?year=",
    "needs_published": "lists:needs ?status=public",
    "resources_published": "lists:resources ?status=published",
    "activities": "lists:activities",
    "orders_placed": "orders:board",
    "orders_completed": "orders:board ?flag=completed",
    "orders_follow_up": "orders:board ?flag=follow_up",
    "wishes_posted": "wishes:list",
    "wishes_fulfilled": "wishes:list ?status=confirmed",
    "disputes_registered": "disputes:list",
    "disputes_mediated": "disputes:list ?outcome=agreement",
    "disputes_follow_up_overdue": "disputes:list ?follow_up=overdue",
    "partners_institutional": "partners:list ?kind=institutional&status=approved",
    "partners_social_enterprise": "partners:list ?kind=social_enterprise&status=approved",
    "partners_public_good": "partners:list ?kind=public_good&status=approved",
    "joint_meetings_held": "meetings:list ?status=minuted",
    "joint_resolutions": "meetings:tasks",
    "joint_resolutions_done": "meetings:tasks ?status=done",
    "stewards_current": "stewards:index ?status=current",
    "talent_active": "talent:pool",
    "servicepoints_points": "servicepoints:points ?active=1",
    "servicepoints_red_stations": "servicepoints:points ?kind=red_station&active=1",
}


def at(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=CST)


def build() -> SimpleNamespace:
    w = build_world()
    m = build_menu_world(w)  # 五美's menu from two published resources, 学雷锋 team, a merchant partner
    with clock.frozen(at(2026, 5, 11, 9)):
        low = walk(m, place(m), "confirmed")
        orders.rate_order(actor=w.resident, order=low, rating=1, comment="等了很久")
        walk(m, place(m), "rated")
        place(m, item=m.clinic)
        need = lists.submit_need(actor=w.wumei_staff, community=w.wumei, channel="window", title="老年人免费体检",
                                 category=m.cats["medical"])
        lists.review_need(actor=w.wumei_staff, need=need, decision="approve")
        lists.submit_need(actor=w.wumei_staff, community=w.wumei, channel="window", title="楼道灯坏了希望维修",
                          category=m.cats["repairs"])  # waiting for review: not published
        lists.create_activity(actor=w.wumei_staff, community=w.wumei, title="重阳节义诊", category=m.cats["medical"],
                              starts_at=at(2026, 10, 29, 9), place="五美社区广场", needs=[need])
        approved(w, "想要一台收音机")
        kept = fulfilled(w, "想要一副老花镜")
        wishes.confirm_fulfilment(actor=w.resident, wish=kept)
        add_party_member(w)  # 陈志刚: lives in 五美, in service, registered with 五美
        case_cats = seed_case_categories()
        mediated = register(w, case_cats)
        session(w, mediated)
        agree(w, mediated, follow_up_in=14)  # its follow-up is overdue by November
        register(w, case_cats, title="文化里停车位纠纷")
    life = build_lifecycle(w)  # 五美's signed 2026 contract with two commitments
    with clock.frozen(at(2026, 1, 21, 10)):
        meeting = hold(w, at(2026, 1, 20))
    with clock.frozen(at(2026, 1, 21, 10)):
        meetings.record_minutes(actor=w.wumei_staff, meeting=meeting, minutes="商定人行道修复与楼道照明两项")
        done = meetings.add_resolution(actor=w.wumei_staff, meeting=meeting, title="五美路人行道破损修复",
                                       deadline=dt.date(2026, 2, 28), owner_organisation=w.hospital)
        meetings.add_resolution(actor=w.wumei_staff, meeting=meeting, title="文化里楼道照明",
                                deadline=dt.date(2026, 3, 31), owner_organisation=w.hospital)
        meetings.update_task(actor=w.wumei_staff, task=done, note="已修复", done=True)
    with clock.frozen(at(2026, 6, 15, 10)):
        p = build_partners(w)
        approved_partner(w, p.noodles)
        approved_partner(w, life.social_centre, kind="public_good")
        institutional = partners.apply(actor=w.wumei_staff, community=w.wumei, organisation=w.hospital,
                                       kind="institutional", gives="每季度义诊", gets="场地支持")
        partners.approve(actor=w.wumei_staff, partner=institutional, gets="社区公众号宣传",
                         agreement_start=dt.date(2026, 7, 1), agreement_end=dt.date(2027, 6, 30))
        entrance = create_node(actor=w.admin, parent=w.wumei_b1, kind="entrance", name="1单元")
        steward = stewards.appoint(actor=w.wumei_staff, post=entrance, person=w.resident_person,
                                   selection="recommended", roles=["policy", "opinion"], started_on=dt.date(2026, 1, 5))
        stewards.commend(actor=w.wumei_staff, steward=steward, title="优秀楼门管家", awarded_on=dt.date(2026, 6, 1))
        register_talent(actor=w.wumei_staff, person=w.volunteer_person, skills=["care"], availability=["weekend"],
                        consent=True)
        build_points(w)  # three points in use in 五美, one a red station, the neighbourhoods located
        patrol = create_team(actor=w.admin, name="五美红袖标巡逻队", community=w.wumei, kind="patrol")
        add_hours(w.volunteer_person, w.wumei, dt.date(2026, 6, 1), 2, team=m.team)
        add_hours(w.volunteer_person, w.wumei, dt.date(2026, 6, 6), 3, kind="duty", team=patrol)
    return w


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The module's world, in a transaction rolled back after its last test (each test in a savepoint inside)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    try:
        with django_db_blocker.unblock(), override_settings(
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            yield build()
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def staff(world, db):
    client = Client()
    client.force_login(world.wumei_staff)
    return client


@pytest.fixture
def tiles(staff):
    with clock.frozen(NOW):
        page = staff.get("/workbench/")
    assert page.status_code == 200
    (panel,) = page.context["panels"]  # one node, her whole scope: the tiles are links
    return {s["key"]: s for s in panel["stats"]}, page.content.decode()


def test_every_figure_links_to_a_list_or_says_why_not(tiles):
    found, html = tiles
    assert set(found) == {s.key for s in stats()}
    assert set(NO_LIST) <= set(found), "NO_LIST names a figure that no longer exists"
    missing = sorted(k for k, s in found.items() if not s["url"] and k not in NO_LIST)
    assert missing == [], f"figures without a list: {missing}"
    for key, s in found.items():
        if s["url"]:
            assert key not in NO_LIST, f"{key} has a list now: take it off NO_LIST"
            assert f'href="{s["url"].replace("&", "&amp;")}"' in html, key


def test_every_link_answers_200(tiles, staff):
    found, _ = tiles
    with clock.frozen(NOW):
        for key, s in found.items():
            if s["url"]:
                response = staff.get(s["url"])
                assert response.status_code == 200, (key, s["url"], response.status_code)


def test_count_figures_equal_the_total_of_their_list(tiles, staff):
    found, _ = tiles
    assert set(EXACT) <= set(found)
    totals = {}
    with clock.frozen(NOW):
        for key in EXACT:
            response = staff.get(found[key]["url"])
            assert response.status_code == 200, key
            totals[key] = response.context["page"].paginator.count
    values = {key: found[key]["value"] for key in EXACT}
    assert totals == values
    # the world gives every one of them something to count (an equality of zeros would prove nothing)
    assert [key for key, value in values.items() if not value] == []
