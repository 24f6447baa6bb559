"""Browser story (Debian Chromium): 五美社区's staff appoint 王秀英 steward of 五美小区 1栋1单元 (a second appointment
to the same entrance is refused); on her phone (390×844) she records a suggestion she collected; staff turn it into
a need, and her phone shows the link; staff evaluate her for last month (a second evaluation of that month is
refused), she honourably retires and the entrance is listed vacant. Then staff search the talent pool by pinyin
initials."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from gongzhi.core import clock
from gongzhi.lists.models import Need
from gongzhi.stewards.models import Evaluation, Steward
from gongzhi.stewards.tests.conftest import build_posts
from gongzhi.talent import services as talent_services
from gongzhi.testing.browser import touch_height

pytestmark = pytest.mark.browser


def test_a_steward_is_appointed_collects_a_suggestion_is_evaluated_and_retires(live_world, login_page, screenshot,
                                                                                 live_server):
    w = live_world
    posts = build_posts(w)
    today = clock.today()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    started = last_month - dt.timedelta(days=20)

    # 1. Staff: 楼门管家 → 空缺楼门 → 1单元 → appoint 王秀英 (recommended by residents)
    staff = login_page("wumei_staff")
    staff.locator(".sidenav").get_by_text("楼门管家").click()
    staff.get_by_test_id("vacancies-tab").click()
    expect(staff.get_by_test_id("vacancy-row")).to_have_count(3)
    screenshot(staff, "stewards-01-vacancies")
    staff.get_by_test_id("vacancy-row").filter(has_text="1单元").get_by_test_id("appoint-link").click()
    staff.fill("#id_resident", "13812345678")
    staff.select_option("#id_selection", "recommended")
    staff.fill("#id_selection_note", "本单元居民联名推荐")
    staff.get_by_label("政策宣传员").check()
    staff.get_by_label("社情民意联络员").check()
    staff.fill("#id_started_on", started.isoformat())
    staff.get_by_test_id("appoint").click()
    expect(staff.locator(".messages")).to_contain_text("已选任楼门管家：王秀英")
    expect(staff.get_by_test_id("steward-status")).to_have_text("在任")
    screenshot(staff, "stewards-02-appointed")
    steward = Steward.objects.get()

    # a second steward for the same entrance: a clear message, nothing written
    staff.goto(f"{live_server.url}/workbench/stewards/appoint/{posts.entrance1.pk}/")
    staff.fill("#id_resident", "13907731234")
    staff.get_by_label("安全隐患排查员").check()
    staff.get_by_test_id("appoint").click()
    expect(staff.locator(".errorlist")).to_contain_text("该楼门已有在任楼门管家（王秀英）")
    screenshot(staff, "stewards-03-second-refused")
    assert Steward.objects.count() == 1

    # 2. Her phone: 楼门管家 → record a suggestion
    phone = login_page("resident", mobile=True)
    phone.locator(".m-shortcuts").get_by_text("楼门管家", exact=True).click()
    expect(phone.get_by_test_id("my-post")).to_contain_text("五美小区 1栋 1单元")
    phone.fill("#id_text", "楼道灯坏了一个多月，老人晚上上下楼不方便")
    submit = phone.get_by_test_id("submit-suggestion")
    assert touch_height(submit) >= 44
    submit.click()
    expect(phone.locator(".messages")).to_contain_text("已提交")
    expect(phone.get_by_test_id("my-suggestion-status").first).to_have_text("待处理")
    screenshot(phone, "stewards-04-phone-suggestion")

    # 3. Staff turn it into a need
    staff.goto(f"{live_server.url}/workbench/stewards/")
    staff.get_by_test_id("suggestions-tab").click()
    staff.get_by_test_id("suggestion-row").first.get_by_role("link").click()
    staff.fill("#need_title", "更换五美小区楼道灯")
    staff.select_option("#need_category", label="环境整治")
    staff.get_by_test_id("to-need").click()
    expect(staff.locator(".messages")).to_contain_text("已转为需求")
    expect(staff.get_by_test_id("need-link")).to_contain_text("更换五美小区楼道灯")
    screenshot(staff, "stewards-05-suggestion-to-need")
    need = Need.objects.get()
    assert need.community == w.wumei and need.description.startswith("楼道灯坏了")
    phone.reload()
    expect(phone.get_by_test_id("my-suggestion-status").first).to_have_text("已转需求")
    expect(phone.get_by_test_id("my-suggestion").first).to_contain_text("更换五美小区楼道灯")
    screenshot(phone, "stewards-06-phone-linked")

    # 4. The month's sheet lists her as missing; staff evaluate her; twice is refused
    staff.get_by_test_id("evaluations-tab").click()
    expect(staff.get_by_test_id("missing")).to_have_count(1)
    screenshot(staff, "stewards-07-missing-evaluation")
    staff.get_by_test_id("missing").click()
    staff.select_option("#evaluate_grade", "excellent")
    staff.fill("#evaluate_note", "宣传到位，反映问题及时")
    staff.get_by_test_id("evaluate").click()
    expect(staff.locator(".messages")).to_contain_text("已记录月度评价")
    expect(staff.get_by_test_id("evaluation-row")).to_have_count(1)
    staff.fill("#evaluate_month", f"{last_month:%Y-%m}")
    staff.select_option("#evaluate_grade", "good")
    staff.get_by_test_id("evaluate").click()
    expect(staff.locator(".errorlist")).to_contain_text("已评价过该楼门管家")
    screenshot(staff, "stewards-08-evaluated")
    assert Evaluation.objects.get().month == last_month

    # 5. Honourable retirement: the entrance is vacant again
    staff.fill("#retire_reason", "年事已高，搬至子女家居住")
    staff.get_by_test_id("retire").click()
    expect(staff.locator(".messages")).to_contain_text("已办理光荣退休")
    expect(staff.get_by_test_id("steward-status")).to_have_text("光荣退休")
    screenshot(staff, "stewards-09-retired")
    staff.get_by_test_id("vacancies-tab").click()
    expect(staff.get_by_test_id("vacancy-row").filter(has_text="1单元")).to_have_count(1)
    screenshot(staff, "stewards-10-vacant-again")
    steward.refresh_from_db()
    assert steward.status == "retired" and steward.retirement_reason.startswith("年事已高")
    phone.reload()
    expect(phone.get_by_test_id("retired-post")).to_contain_text("光荣退休")
    screenshot(phone, "stewards-11-phone-retired")


def test_staff_search_the_talent_pool_by_pinyin_initials(live_world, login_page, screenshot):
    from gongzhi.people.services import register_person

    w = live_world
    for name, phone, skills, note in (("张丽华", "13907730001", ["medical", "care"], "退休护士"),
                                      ("黄志强", "13907730002", ["legal", "mediation"], ""),
                                      ("李师傅", "13907730003", ["repairs"], "会修电动车")):
        person = register_person(actor=w.admin, name=name, home=w.wumei_b1, phone=phone)
        talent_services.register_talent(actor=w.wumei_staff, person=person, skills=skills, skills_note=note,
                                        availability=["weekend"], consent=True)
    for user, mobile in (("wumei_staff", False), ("wumei_staff", True)):
        page = login_page(user, mobile=mobile)
        page.goto(page.url.split("/workbench")[0] + "/workbench/talent/")
        expect(page.get_by_test_id("talent-row")).to_have_count(3)
        page.fill("input[name=q]", "zlh")
        page.get_by_role("button", name="查询").click()
        expect(page.get_by_test_id("talent-row")).to_have_count(1)
        expect(page.get_by_test_id("talent-row")).to_contain_text("张丽华")
        expect(page.get_by_test_id("talent-row")).to_contain_text("医疗护理")
        screenshot(page, f"talent-01-search-pinyin{'-mobile' if mobile else ''}")
    page.get_by_test_id("suggest-tab").click()
    page.get_by_label("水电维修").check()
    page.get_by_test_id("suggest").click()
    expect(page.get_by_test_id("suggestion-row")).to_contain_text("李师傅")
    screenshot(page, "talent-02-suggest-mobile")
