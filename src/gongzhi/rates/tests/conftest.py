"""A small world of cases and whistles with chosen times, made through the real cases services under a frozen
clock, so every rate can be computed by hand (see test_rates.py, where each expected fraction is explained).

June 2026 in Beijing time (1 June is a Monday; 19 June is 端午节, a holiday). Working periods 08:30–12:00 and
14:30–18:00; a department reports (报到) within 1 working hour; an ordinary case (下水道堵塞) is due 7 working
days after it is accepted (a whistle 7 working days after it is blown); the owner contacts the resident within 24
calendar hours.

Departments: 象山街道司法所 (judicial, street), 象山派出所 (police, street), 象山区住建局 (housing, district) —
and 秀峰区住建局 (another district) whistled by 翠竹社区 only.

 case  community  reported     accepted     contact             whistles (blown → reported → done)               resolved  rating
 C1    五美       6/1 08:40    6/1 09:00    6/1 09:10           W1 司法所 6/1 09:30 → 10:00 → 6/3 10:00 (赋分90)  6/4       满意 6/5
 C2    五美       6/2 09:00    6/2 09:30    6/3 10:00 (late)    W2 司法所 6/2 10:00 → 11:01 (late) → 6/15 (赋分60) 6/16 late 不满意 6/20, excluded
 C3    南门       6/8 08:30    6/8 09:00    6/8 11:00           W3 司法所 6/8 14:30 → 15:00; W7 派出所 never      open      —
 C4    南门       6/29 09:00   6/29 09:10   none (due 6/30)     W4 司法所 6/29 11:30 → 14:40 (lunch break)        open      —
 C5    南门       6/4 10:00    6/4 10:30    6/4 11:00           W5 司法所 6/4 10:45, withdrawn 11:30              6/9       基本满意 6/10
 C6    五美       5/29 17:00   5/29 17:10   5/29 17:20          W6 司法所 5/29 17:30 → 6/1 08:50 → 6/5 09:00      6/5       满意 6/8
 C7    五美       6/10 08:30   6/10 08:45   6/10 09:00          W8 派出所 6/10 09:00 → 09:59 → 6/12 10:00         6/12      不满意 6/15, kept
 C8    南门       6/30 16:00   6/30 16:30   none (due 7/1)      W9 派出所 6/30 17:00, not reported (due 18:00)    open      —
 C9    五美       6/3 08:35    6/3 08:40    none; resolved 17:00 W10 住建局 6/3 09:00 → 09:30 → 16:00 (赋分80)    6/3       基本满意 6/6
 C10   南门       6/4 15:00    6/4 15:30    6/4 15:45           W11 住建局 6/4 16:00 → 16:20 → 6/5 10:00 (赋分100) 6/5       不满意 6/8
 C11   翠竹       6/2 09:00    6/2 09:10    —                   W12 秀峰区住建局 6/2 09:30 → 10:45 (late) → 6/3     6/3       满意 6/4
 C12   五美       5/11 09:00   5/11 09:05   5/11 09:10          —                                                 5/14      满意 5/25
 C13   五美       6/6 10:00    rejected 10:30
 C14   南门       6/30 10:00   never accepted
The figures are read "as of" 1 July 2026 09:00 (AS_OF)."""

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from gongzhi.accounts.models import User
from gongzhi.accounts.services import assign_role, create_user
from gongzhi.cases import services as cases
from gongzhi.cases.testing import seed_case_categories
from gongzhi.core import clock
from gongzhi.organisations.services import create_department
from gongzhi.people.services import link_account
from gongzhi.rates import periods
from gongzhi.rates import services as rates
from gongzhi.testing.personas import PASSWORD

CST = ZoneInfo("Asia/Shanghai")
AS_OF = dt.datetime(2026, 7, 1, 9, 0, tzinfo=CST)
JUNE = periods.month(2026, 6)
MAY = periods.month(2026, 5)

# Personal data seeded into the cases, which the public page must never show.
REPORTER_NAME = "王秀英"
REPORTER_PHONE = "13812345678"
ADDRESS = "五美小区1栋2单元502室"


def at(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=CST)


def add_user(world, username: str, display: str, role: str, **scope):
    user = create_user(actor=world.admin, username=username, password=PASSWORD, display_name=display)
    assign_role(actor=world.admin, user=user, role=role, **scope)
    return user


@pytest.fixture
def cats(db):
    return seed_case_categories()


class Story:
    """Runs each step of the world at its own frozen time."""

    def __init__(self, world, category):
        self.w, self.category = world, category

    def report(self, when, *, actor, community, title, description, channel="phone_app", **extra):
        with clock.frozen(when):
            return cases.report_case(actor=actor, category=self.category, community=community, title=title,
                                     description=description, channel=channel, **extra)

    def accept(self, when, case, actor):
        with clock.frozen(when):
            return cases.accept_case(actor=actor, case=case)

    def contact(self, when, case, actor):
        with clock.frozen(when):
            return cases.record_contact(actor=actor, case=case, note="电话联系诉求人，约定上门查看")

    def blow(self, when, case, actor, *departments):
        with clock.frozen(when):
            return cases.blow_whistle(actor=actor, case=case, departments=list(departments),
                                      request="请派员到场处置")

    def report_whistle(self, when, whistle, actor):
        with clock.frozen(when):
            return cases.report_whistle(actor=actor, whistle=whistle, note="已安排人员")

    def complete(self, when, whistle, actor):
        with clock.frozen(when):
            return cases.complete_whistle(actor=actor, whistle=whistle, action="已到场处置完毕")

    def score(self, when, whistle, actor, value):
        with clock.frozen(when):
            return cases.score_whistle(actor=actor, whistle=whistle, score=value)

    def resolve(self, when, case, actor, result="已疏通管道，恢复正常"):
        with clock.frozen(when):
            return cases.resolve_case(actor=actor, case=case, result=result)

    def close_and_rate(self, confirm_when, rate_when, case, resident, satisfaction):
        with clock.frozen(confirm_when):
            cases.confirm_case(actor=resident, case=case)
        with clock.frozen(rate_when):
            return cases.rate_case(actor=resident, case=case, satisfaction=satisfaction)


@pytest.fixture
def rw(world, cats):
    """The rates world of the module docstring."""
    return build_rates_world(world, cats)


def build_rates_world(world, cats) -> SimpleNamespace:
    w = world
    r = SimpleNamespace(w=w, cats=cats)
    admin = w.admin
    r.judicial = w.judicial_office
    r.police = create_department(actor=admin, name="象山派出所", kind="police_station", home=w.xiangshan_street)
    r.housing = create_department(actor=admin, name="象山区住建局", kind="housing", home=w.xiangshan)
    r.xiufeng_housing = w.xiufeng_housing
    r.police_receiver = add_user(w, "police_receiver", "派出所·梁军", "department_receiver", department=r.police)
    r.housing_receiver = add_user(w, "housing_receiver", "住建局·陆明", "department_receiver", department=r.housing)
    nanmen_resident = add_user(w, "nanmen_resident", "张伟", "resident", region=w.nanmen_b1)
    link_account(actor=admin, person=w.nanmen_person, user=nanmen_resident)
    cuizhu_resident = add_user(w, "cuizhu_resident", "陈芳", "resident", region=w.cuizhu_estate)
    link_account(actor=admin, person=w.cuizhu_person, user=cuizhu_resident)
    # fresh objects: the scope (with the linked person) is worked out on first use
    r.nanmen_resident = User.objects.get(pk=nanmen_resident.pk)
    r.cuizhu_resident = User.objects.get(pk=cuizhu_resident.pk)
    s = Story(w, cats["sewage"])
    wumei, nanmen = w.wumei_staff, w.nanmen_staff
    judicial_rx, police_rx, housing_rx = w.receiver, r.police_receiver, r.housing_receiver

    def wumei_case(when, title):
        return s.report(when, actor=w.resident, community=w.wumei, title=title, place=w.wumei_b1, address=ADDRESS,
                        description=f"{REPORTER_NAME}反映：{ADDRESS}下水道堵塞，联系电话{REPORTER_PHONE}。")

    def nanmen_case(when, title):
        return s.report(when, actor=nanmen, community=w.nanmen, title=title, channel="window",
                        reporter=w.nanmen_person, place=w.nanmen_b1, description="南门花园1栋下水道堵塞，污水外溢。")

    # C1 — everything on time; 满意.
    r.c1 = wumei_case(at(6, 1, 8, 40), "五美小区1栋下水道堵塞")
    s.accept(at(6, 1, 9, 0), r.c1, wumei)
    s.contact(at(6, 1, 9, 10), r.c1, wumei)
    [r.w1] = s.blow(at(6, 1, 9, 30), r.c1, wumei, r.judicial)
    s.report_whistle(at(6, 1, 10, 0), r.w1, judicial_rx)
    s.complete(at(6, 3, 10, 0), r.w1, judicial_rx)
    s.score(at(6, 4, 9, 0), r.w1, wumei, 90)
    s.resolve(at(6, 4, 10, 0), r.c1, wumei)
    s.close_and_rate(at(6, 5, 9, 0), at(6, 5, 9, 5), r.c1, w.resident, "satisfied")

    # C2 — late contact, late report (11:01 > 11:00), late completion and resolution; 不满意, later excluded.
    r.c2 = wumei_case(at(6, 2, 9, 0), "五美小区1栋污水倒灌")
    s.accept(at(6, 2, 9, 30), r.c2, wumei)
    [r.w2] = s.blow(at(6, 2, 10, 0), r.c2, wumei, r.judicial)
    s.report_whistle(at(6, 2, 11, 1), r.w2, judicial_rx)
    s.contact(at(6, 3, 10, 0), r.c2, wumei)
    s.complete(at(6, 15, 10, 0), r.w2, judicial_rx)
    s.score(at(6, 16, 9, 0), r.w2, wumei, 60)
    s.resolve(at(6, 16, 10, 0), r.c2, wumei)
    s.close_and_rate(at(6, 17, 9, 0), at(6, 20, 10, 0), r.c2, w.resident, "unsatisfied")

    # C3 — two departments whistled at once; the police station never reports; still open.
    r.c3 = nanmen_case(at(6, 8, 8, 30), "南门花园下水道堵塞")
    s.accept(at(6, 8, 9, 0), r.c3, nanmen)
    s.contact(at(6, 8, 11, 0), r.c3, nanmen)
    r.w3, r.w7 = s.blow(at(6, 8, 14, 30), r.c3, nanmen, r.judicial, r.police)
    s.report_whistle(at(6, 8, 15, 0), r.w3, judicial_rx)

    # C4 — reported across the lunch break (11:30 + 1 working hour = 15:00; reported 14:40); no contact.
    r.c4 = nanmen_case(at(6, 29, 9, 0), "南门花园化粪池外溢")
    s.accept(at(6, 29, 9, 10), r.c4, nanmen)
    [r.w4] = s.blow(at(6, 29, 11, 30), r.c4, nanmen, r.judicial)
    s.report_whistle(at(6, 29, 14, 40), r.w4, judicial_rx)

    # C5 — the whistle is withdrawn; the community solves it itself; 基本满意.
    r.c5 = nanmen_case(at(6, 4, 10, 0), "南门花园排水沟堵塞")
    s.accept(at(6, 4, 10, 30), r.c5, nanmen)
    [r.w5] = s.blow(at(6, 4, 10, 45), r.c5, nanmen, r.judicial)
    s.contact(at(6, 4, 11, 0), r.c5, nanmen)
    with clock.frozen(at(6, 4, 11, 30)):
        cases.withdraw_whistle(actor=nanmen, whistle=r.w5, reason="社区自行协调解决")
    s.resolve(at(6, 9, 10, 0), r.c5, nanmen)
    s.close_and_rate(at(6, 9, 12, 0), at(6, 10, 9, 0), r.c5, r.nanmen_resident, "basic")

    # C6 — reported and whistled on Friday 29 May, the whistle's report and completion fall in June.
    r.c6 = wumei_case(at(5, 29, 17, 0), "五美小区1栋地漏反水")
    s.accept(at(5, 29, 17, 10), r.c6, wumei)
    s.contact(at(5, 29, 17, 20), r.c6, wumei)
    [r.w6] = s.blow(at(5, 29, 17, 30), r.c6, wumei, r.judicial)
    s.report_whistle(at(6, 1, 8, 50), r.w6, judicial_rx)
    s.complete(at(6, 5, 9, 0), r.w6, judicial_rx)
    s.resolve(at(6, 5, 10, 0), r.c6, wumei)
    s.close_and_rate(at(6, 6, 9, 0), at(6, 8, 9, 0), r.c6, w.resident, "satisfied")

    # C7 — the police station on time (09:59 ≤ 10:00); 不满意, kept after review.
    r.c7 = wumei_case(at(6, 10, 8, 30), "五美小区路面污水")
    s.accept(at(6, 10, 8, 45), r.c7, wumei)
    s.contact(at(6, 10, 9, 0), r.c7, wumei)
    [r.w8] = s.blow(at(6, 10, 9, 0), r.c7, wumei, r.police)
    s.report_whistle(at(6, 10, 9, 59), r.w8, police_rx)
    s.complete(at(6, 12, 10, 0), r.w8, police_rx)
    s.resolve(at(6, 12, 11, 0), r.c7, wumei)
    s.close_and_rate(at(6, 13, 9, 0), at(6, 15, 9, 0), r.c7, w.resident, "unsatisfied")

    # C8 — on the last afternoon of June: the police station's report is due at 18:00 and never comes.
    r.c8 = nanmen_case(at(6, 30, 16, 0), "南门花园窨井冒水")
    s.accept(at(6, 30, 16, 30), r.c8, nanmen)
    [r.w9] = s.blow(at(6, 30, 17, 0), r.c8, nanmen, r.police)

    # C9 — no contact recorded, but resolved the same day (before the contact deadline); 基本满意.
    r.c9 = wumei_case(at(6, 3, 8, 35), "五美小区下水井盖破损")
    s.accept(at(6, 3, 8, 40), r.c9, wumei)
    [r.w10] = s.blow(at(6, 3, 9, 0), r.c9, wumei, r.housing)
    s.report_whistle(at(6, 3, 9, 30), r.w10, housing_rx)
    s.complete(at(6, 3, 16, 0), r.w10, housing_rx)
    s.score(at(6, 3, 16, 30), r.w10, wumei, 80)
    s.resolve(at(6, 3, 17, 0), r.c9, wumei)
    s.close_and_rate(at(6, 5, 9, 0), at(6, 6, 9, 0), r.c9, w.resident, "basic")

    # C10 — the housing bureau on time; 不满意, never sent for review.
    r.c10 = nanmen_case(at(6, 4, 15, 0), "南门花园雨污管网破损")
    s.accept(at(6, 4, 15, 30), r.c10, nanmen)
    s.contact(at(6, 4, 15, 45), r.c10, nanmen)
    [r.w11] = s.blow(at(6, 4, 16, 0), r.c10, nanmen, r.housing)
    s.report_whistle(at(6, 4, 16, 20), r.w11, housing_rx)
    s.complete(at(6, 5, 10, 0), r.w11, housing_rx)
    s.score(at(6, 5, 10, 30), r.w11, nanmen, 100)
    s.resolve(at(6, 5, 11, 0), r.c10, nanmen)
    s.close_and_rate(at(6, 7, 9, 0), at(6, 8, 9, 0), r.c10, r.nanmen_resident, "unsatisfied")

    # C11 — 翠竹社区 (秀峰区): outside 象山区 staff's scope.
    r.c11 = s.report(at(6, 2, 9, 0), actor=r.cuizhu_resident, community=w.cuizhu, title="翠竹苑下水道堵塞",
                     description="翠竹苑下水道堵塞。", place=w.cuizhu_estate)
    s.accept(at(6, 2, 9, 10), r.c11, admin)
    [r.w12] = s.blow(at(6, 2, 9, 30), r.c11, admin, r.xiufeng_housing)
    s.report_whistle(at(6, 2, 10, 45), r.w12, admin)
    s.complete(at(6, 3, 9, 0), r.w12, admin)
    s.resolve(at(6, 3, 10, 0), r.c11, admin)
    s.close_and_rate(at(6, 4, 9, 0), at(6, 4, 10, 0), r.c11, r.cuizhu_resident, "satisfied")

    # C12 — all in May.
    r.c12 = wumei_case(at(5, 11, 9, 0), "五美小区雨水篦子堵塞")
    s.accept(at(5, 11, 9, 5), r.c12, wumei)
    s.contact(at(5, 11, 9, 10), r.c12, wumei)
    s.resolve(at(5, 14, 10, 0), r.c12, wumei)
    s.close_and_rate(at(5, 20, 9, 0), at(5, 25, 9, 0), r.c12, w.resident, "satisfied")

    # C13 — rejected; C14 — never accepted.
    r.c13 = wumei_case(at(6, 6, 10, 0), "重复反映：五美小区1栋下水道堵塞")
    with clock.frozen(at(6, 6, 10, 30)):
        cases.reject_case(actor=wumei, case=r.c13, reason="与已受理诉求重复")
    r.c14 = nanmen_case(at(6, 30, 10, 0), "南门花园下水道异味")

    # Reviews of the two unsatisfied ratings: C2's excluded (the unit did its duty), C7's kept.
    with clock.frozen(at(6, 22, 9, 0)):
        r.review_c2 = rates.request_review(actor=wumei, case=r.c2, reason="居民要求赔偿装修损失，超出诉求范围")
    with clock.frozen(at(6, 23, 9, 0)):
        rates.decide_review(actor=w.street_staff, review=r.review_c2, decision="exclude", ground="duty_done",
                            note="司法所已到场调解并出具调解意见，已履职尽责")
    with clock.frozen(at(6, 16, 9, 0)):
        r.review_c7 = rates.request_review(actor=wumei, case=r.c7, reason="居民对处理时限不满")
    with clock.frozen(at(6, 17, 9, 0)):
        rates.decide_review(actor=w.district_staff, review=r.review_c7, decision="keep", note="处理确有拖延，维持评价")
    for name in [f"c{i}" for i in range(1, 15)] + [f"w{i}" for i in range(1, 13)]:
        getattr(r, name).refresh_from_db()
    return r
