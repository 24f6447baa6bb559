"""Browser story (Debian Chromium), after seed 004 (兴庆区银虹社区): sewage floods 王秀英's new flat from her
neighbour's blocked pipe. She reports it on her phone; the grid worker accepts it and owns it (首问负责); the
community whistles the judicial office, the police station and the legal adviser; each receiver reports (报到);
a coordination meeting is recorded; the case is resolved; she confirms and rates it; the community scores each
department (吹哨满意度赋分). The street's 督办 page and the public 权责清单 close the story."""

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from gongzhi.accounts.services import assign_role, create_user
from gongzhi.cases import services
from gongzhi.cases.models import Case, Meeting, Whistle
from gongzhi.cases.testing import seed_case_categories
from gongzhi.organisations.services import create_department
from gongzhi.testing.browser import touch_height
from gongzhi.testing.personas import PASSWORD

pytestmark = pytest.mark.browser
PHOTO = Path(__file__).with_name("sewage.png")

DESCRIPTION = "刚装修好的新房还没入住，卫生间下水反水，污水漫到客厅和楼道。怀疑是楼上邻居的下水管堵了，联系不上楼上。"


def _departments(w, cats):
    """The police station and the legal adviser with their receivers, and the district's 权责清单 lines that
    point sewage cases to them (all through the services)."""
    police = create_department(actor=w.admin, name="象山派出所", kind="police_station", home=w.xiangshan_street)
    lawyer = create_department(actor=w.admin, name="五美社区法律顾问", kind="legal_adviser", home=w.wumei)
    for username, display, department in (("police_receiver", "派出所·梁军", police),
                                          ("lawyer_receiver", "法律顾问·秦律师", lawyer)):
        user = create_user(actor=w.admin, username=username, password=PASSWORD, display_name=display)
        assign_role(actor=w.admin, user=user, role="department_receiver", department=department)
    access = services.add_responsibility(actor=w.district_staff, region=w.xiangshan, kind="access",
                                         title="矛盾纠纷排查调处")
    services.add_responsibility(actor=w.district_staff, region=w.xiangshan, parent=access,
                                title="协助调解邻里纠纷（漏水、堵塞致损）", departments=[w.judicial_office, lawyer],
                                case_categories=[cats["sewage"], cats["neighbour_dispute"]])
    services.add_responsibility(actor=w.district_staff, region=w.xiangshan, kind="department",
                                title="调处治安纠纷、以案释法", departments=[police],
                                case_categories=[cats["sewage"], cats["neighbour_dispute"]])
    return police, lawyer


def _shot(screenshot, page, name: str):
    page.evaluate("window.scrollTo(0, 0)")  # the sticky header stays at the top of the full-page picture
    screenshot(page, name)


def _ok(page, text: str):
    expect(page.locator(".messages")).to_contain_text(text)


def test_the_sewage_story(live_world, login_page, screenshot, live_server):
    w = live_world
    cats = seed_case_categories()
    police, _lawyer = _departments(w, cats)

    # 1. 王秀英 on her phone: 首页 → 我要反映
    phone = login_page("resident", mobile=True)
    phone.locator(".m-shortcuts").get_by_text("我要反映").click()
    expect(phone).to_have_url(re.compile(r"/m/cases/new/$"))  # waits for the navigation the click began
    phone.select_option("#id_category", label="市政设施 · 下水道堵塞与污水外溢")
    phone.fill("#id_description", DESCRIPTION)
    phone.select_option("#id_place", label="五美小区 · 1栋")
    phone.fill("#id_address", "1栋2单元101")
    phone.set_input_files("#id_photos", files=[str(PHOTO)])
    submit = phone.get_by_test_id("case-submit")
    assert touch_height(submit) >= 44
    _shot(screenshot, phone, "cases-01-resident-report")
    submit.click()
    _ok(phone, "已提交")
    case = Case.objects.get()
    assert case.channel == "phone_app" and case.reporter == w.resident_person and case.photos.count() == 1
    expect(phone.get_by_test_id("m-case-status")).to_have_text("待受理")
    _shot(screenshot, phone, "cases-02-resident-submitted")

    # 2. The grid worker takes it: first responder
    grid = login_page("wumei_grid")
    grid.locator(".sidenav").get_by_text("接诉即办").click()
    expect(grid.get_by_test_id("count-submitted")).to_contain_text("1")
    _shot(screenshot, grid, "cases-03-case-list")
    grid.get_by_role("link", name=case.number).click()
    expect(grid.get_by_test_id("reporter-phone")).to_contain_text("13812345678")  # grid workers call back
    grid.get_by_test_id("accept").click()
    _ok(grid, "首问责任人")
    expect(grid.get_by_test_id("owner")).to_have_text("五美网格员·孙静")
    grid.fill("#id_contact-note", "已电话联系王秀英，约好今天下午上门查看")
    grid.get_by_role("button", name="登记", exact=True).click()
    _ok(grid, "已登记联系情况")
    _shot(screenshot, grid, "cases-04-accepted")

    # 3. Community staff whistle three departments at once, as the 权责清单 suggests
    staff = login_page("wumei_staff")
    staff.goto(f"{live_server.url}/workbench/cases/{case.pk}/")
    advice = staff.get_by_test_id("advice")
    for name in ("象山街道司法所", "五美社区法律顾问", "象山派出所"):
        expect(advice).to_contain_text(name)
    staff.get_by_test_id("whistle-panel").locator("summary").click()
    for label in ("象山街道司法所（象山街道）", "象山派出所（象山街道）", "五美社区法律顾问（五美社区）"):
        staff.get_by_label(label).check()
    staff.fill("#id_whistle-request", "楼上住户下水管堵塞致楼下新房污水倒灌，楼上拒绝协商赔偿。请司法所、法律顾问到场调解、以案释法，派出所协助维持秩序。")
    _shot(screenshot, staff, "cases-05-whistle-form")
    staff.get_by_test_id("whistle-submit").click()
    _ok(staff, "已吹哨")
    expect(staff.get_by_test_id("case-status")).to_have_text("已吹哨")
    expect(staff.get_by_test_id("whistle")).to_have_count(3)
    _shot(screenshot, staff, "cases-06-whistled")

    # 4. Each receiver reports (报到): the judicial office from its inbox, the others from the case page
    judicial = login_page("judicial_receiver")
    judicial.locator(".sidenav").get_by_text("接哨报到").click()
    expect(judicial.get_by_test_id("inbox-waiting")).to_have_text("1")
    row = judicial.get_by_test_id("inbox-row").filter(has_text=case.number)
    _shot(screenshot, judicial, "cases-07-receiver-inbox")
    row.get_by_test_id("inbox-report").click()
    _ok(judicial, "已报到")
    expect(judicial.get_by_test_id("inbox-waiting")).to_have_text("0")
    receivers = {}
    for username in ("police_receiver", "lawyer_receiver"):
        page = login_page(username)
        page.goto(f"{live_server.url}/workbench/cases/{case.pk}/")
        expect(page.get_by_test_id("whistle")).to_have_count(1)  # only its own department's whistle
        page.fill("input[name=note]", "已安排人员今天下午到场")
        page.get_by_test_id("report").click()
        _ok(page, "已报到")
        receivers[username] = page
    assert set(Whistle.objects.values_list("status", flat=True)) == {"reported"}

    # 5. The coordination meeting
    staff.reload()
    staff.get_by_test_id("meeting-panel").locator("summary").click()
    staff.fill("#id_meeting-place", "五美社区党群服务中心会议室")
    for label in ("象山街道司法所", "象山派出所", "五美社区法律顾问"):
        staff.get_by_test_id("meeting-panel").get_by_label(label).check()
    staff.fill("#id_meeting-participants", "王秀英及家属、楼上住户、司法所何平、民警梁军、秦律师、网格员孙静")
    staff.fill("#id_meeting-minutes", "物业疏通后查明系楼上住户向马桶内乱扔垃圾致堵塞。法律顾问、民警以案释法，说明相邻关系中的赔偿责任。")
    staff.fill("#id_meeting-agreement", "楼上住户承担疏通、清理和地板更换费用共计3800元，一周内付清。")
    _shot(screenshot, staff, "cases-08-meeting-form")
    staff.get_by_test_id("meeting-submit").click()
    _ok(staff, "已登记协调会")
    assert Meeting.objects.filter(case=case).get().departments.count() == 3

    # 6. Each department records its part done
    judicial.goto(f"{live_server.url}/workbench/cases/{case.pk}/")
    judicial.fill("input[name=action]", "主持调解，双方签订调解协议")
    judicial.get_by_test_id("complete").click()
    _ok(judicial, "已登记办结")
    for username, action in (("police_receiver", "到场维持秩序，对楼上住户进行法治宣传"),
                             ("lawyer_receiver", "以案释法，协助起草调解协议")):
        page = receivers[username]
        page.reload()
        page.fill("input[name=action]", action)
        page.get_by_test_id("complete").click()
        _ok(page, "已登记办结")

    # 7. The first responder resolves the case
    grid.reload()
    grid.get_by_test_id("resolve-panel").locator("summary").click()
    grid.fill("#id_resolve-result", "下水管已疏通，房屋已清理；经协调会调解，楼上住户赔偿3800元。")
    grid.get_by_test_id("resolve-submit").click()
    _ok(grid, "已办结")
    expect(grid.get_by_test_id("case-status")).to_have_text("待确认")
    _shot(screenshot, grid, "cases-09-resolved")

    # 8. 王秀英 confirms and rates on her phone
    phone.goto(f"{live_server.url}/m/cases/")
    item = phone.get_by_test_id("my-case").first
    expect(item).to_contain_text("请确认")
    _shot(screenshot, phone, "cases-10-resident-my-cases")
    item.locator("a").click()
    expect(phone.get_by_test_id("m-result")).to_contain_text("3800")
    _shot(screenshot, phone, "cases-11-resident-confirm")
    phone.get_by_test_id("confirm").click()
    _ok(phone, "感谢确认")
    phone.get_by_label("满意", exact=True).check()
    phone.fill("#id_comment", "网格员当天就上门，社区请来司法所和律师，问题解决了，谢谢！")
    _shot(screenshot, phone, "cases-12-resident-rate")
    phone.get_by_test_id("rate").click()
    _ok(phone, "感谢您的评价")
    expect(phone.get_by_test_id("m-satisfaction")).to_have_text("满意")
    _shot(screenshot, phone, "cases-13-resident-rated")

    # 9. The community scores each department's response
    staff.reload()
    for score in ("95", "90", "92"):
        card = staff.get_by_test_id("whistle").filter(has=staff.get_by_test_id("score-submit")).first
        card.locator("input[name=score]").fill(score)
        card.get_by_test_id("score-submit").click()
        _ok(staff, "已赋分")
    assert sorted(Whistle.objects.values_list("score", flat=True)) == [90, 92, 95]
    expect(staff.get_by_test_id("satisfaction")).to_have_text("满意")
    _shot(screenshot, staff, "cases-14-scored")
    case.refresh_from_db()
    assert case.status == "closed" and case.satisfaction == "satisfied" and case.confirmation == "confirmed"

    # 10. Another case left waiting escalates to the street; the street sees it on its 督办 page
    other = services.report_case(actor=w.wumei_grid_worker, category=cats["road_lighting"], community=w.wumei,
                                 title="五美路路灯连续三晚不亮", description="五美路12号至20号路段路灯不亮",
                                 channel="grid_worker", reporter_name="李大爷", reporter_phone="13977301122")
    services.accept_case(actor=w.wumei_grid_worker, case=other)
    services.blow_whistle(actor=w.wumei_staff, case=other, departments=[police], request="请夜间加强巡逻")
    services.sweep_deadlines(now=other.whistles.get().act_due_at + dt.timedelta(days=30))
    street = login_page("street_staff")
    street.locator(".sidenav").get_by_text("超时督办").click()
    expect(street.get_by_test_id("escalation-row").nth(1)).to_be_visible()
    _shot(screenshot, street, "cases-15-street-escalations")

    # 11. The district's 权责清单, public
    public = login_page("outsider")
    public.goto(f"{live_server.url}/board/responsibilities/{w.xiangshan.pk}/")
    expect(public.locator("body")).to_contain_text("协助调解邻里纠纷")
    expect(public.locator("body")).not_to_contain_text("王秀英")
    _shot(screenshot, public, "cases-16-public-responsibilities")


def test_the_demo_year_looks_right(transactional_db, login_page, screenshot, live_server):
    """The demo district with a year of cases: the pages staff open every day, with realistic data."""
    from gongzhi.demo import names
    from gongzhi.demo.builder import load_demo

    assert load_demo().loaded  # the demo district with its year of cases, as `gongzhi demo` loads it
    staff = login_page("xiangshan", password=names.DEMO_PASSWORD)
    staff.locator(".sidenav").get_by_text("权责清单").click()
    expect(staff.get_by_test_id("responsibility-summary")).to_contain_text("4 类 13 项 32 子项")
    _shot(screenshot, staff, "cases-20-demo-responsibilities")
    staff.locator(".sidenav").get_by_text("接诉即办").click()
    _shot(screenshot, staff, "cases-21-demo-case-list")
    staff.locator(".sidenav").get_by_text("超时督办").click()
    _shot(screenshot, staff, "cases-22-demo-escalations")
    story = Case.objects.get(reporter__name="王秀英", channel="phone_app")
    staff.goto(f"{live_server.url}/workbench/cases/{story.pk}/")
    _shot(screenshot, staff, "cases-23-demo-sewage-story")
    receiver = login_page("sifasuo", password=names.DEMO_PASSWORD)
    receiver.locator(".sidenav").get_by_text("接哨报到").click()
    _shot(screenshot, receiver, "cases-24-demo-inbox")
    phone = login_page("wangxiuying", mobile=True, password=names.DEMO_PASSWORD)
    phone.goto(f"{live_server.url}/m/cases/")
    _shot(screenshot, phone, "cases-25-demo-my-cases")
