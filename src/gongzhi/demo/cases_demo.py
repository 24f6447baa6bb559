"""The demo year of 接诉即办 / 吹哨报到 in the communities of 象山街道, written through the services on the days and
hours the people would have acted (the clock is moved to each step), so every deadline, overdue flag, escalation
and rate is computed exactly as in production:

- 象山区's 权责清单 modelled on 兴庆区's published figures (seed 004): 社区自治事项 4 类 13 项 32 子项,
  准入事项 4 类 17 项, 取消事项 46 项, plus the departments' own duties, linked to departments and case
  categories so that a case page suggests whom to whistle;
- the sewage story of seed 004 for 王秀英 (the demo account `wangxiuying`): her phone report, the grid worker
  孙静 as first responder, whistles to the judicial office, the legal adviser and the police station, a
  coordination meeting, resolution, her confirmation and rating, the community's scores;
- a year of cases in every community: accepted by the community's grid worker, most handled by the community
  alone, about a third whistled to the departments the category needs; some reports and actions late (and
  escalated to the street, a few on to the district), some residents not answering, some 不满意 ratings
  (the rates demo reviews them); the last days' cases still open, so the inbox, the 督办 page and the
  overdue flags have something to show.

Residents without an account confirm and rate on the telephone callback (the services' `actor=None`)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from gongzhi.accounts.models import RoleAssignment
from gongzhi.accounts.services import assign_role, create_user
from gongzhi.cases import services
from gongzhi.cases.models import Case, CaseCategory, CaseStatus, Escalation, Meeting, Whistle
from gongzhi.cases.testing import seed_case_categories
from gongzhi.core import clock
from gongzhi.organisations.models import Department
from gongzhi.people.models import Person
from gongzhi.regions.models import RegionKind, RegionNode

TZ = ZoneInfo("Asia/Shanghai")

JUDICIAL = "丽景街司法所"
POLICE = "象山派出所"
LAWYER = "广西桂象律师事务所"
HOUSING = "象山区住房和城乡建设局"
URBAN = "象山区城市管理局"
CIVIL = "象山区民政局"
MARKET = "象山区市场监督管理局"
HEALTH = "桂林市卫生健康委员会"


@dataclass(frozen=True)
class Actors:
    admin: object
    district_staff: object  # 象山区·郑红
    street_staff: object  # 象山街道·吴刚
    community_staff: object  # 五美社区·黄敏
    grid_worker: object  # 五美社区网格员·孙静
    receiver: object  # 丽景街司法所·何平
    resident: object  # 王秀英


# --- 权责清单 -------------------------------------------------------------------------------------------------

# 社区自治事项: 4 类 13 项 32 子项 — (类, [(项, [子项 …], case categories)])
AUTONOMOUS = [
    ("社区组织建设与自我管理", [
        ("召集居民会议和居民代表会议", ["召集居民会议，报告居民委员会工作", "讨论决定涉及全体居民利益的重要事项",
                             "推选居民代表、楼栋长"], []),
        ("组织居民委员会换届选举", ["选民登记与资格审查", "组织投票选举"], []),
        ("制定和修订居民公约、自治章程", ["组织居民讨论制定居民公约", "监督居民公约执行"], []),
        ("设立和管理居民小组、下属委员会", ["设立人民调解、治安保卫、公共卫生等下属委员会", "调整居民小组划分"], []),
    ]),
    ("社区公共事务与公益事业", [
        ("小区公共设施日常维护", ["楼道照明、门禁等小修小补", "排查公共设施安全隐患并上报", "组织居民对公共设施议事协商"],
         ["sewage", "road_lighting"]),
        ("环境卫生与绿化美化", ["组织居民开展环境卫生整治", "楼道杂物清理劝导", "绿地认养与美化"],
         ["sanitation"]),
        ("邻里互助与矛盾纠纷调解", ["开展邻里互助活动", "调解一般邻里纠纷", "排查矛盾纠纷并报告"],
         ["noise", "neighbour_dispute"]),
    ]),
    ("民主监督与居务公开", [
        ("居务公开", ["公开居民委员会工作和财务收支", "公开惠民政策落实情况", "公开权责清单和办事流程"], []),
        ("民主评议", ["组织居民评议社区工作者", "组织居民评议驻区单位共建履约"], []),
        ("百姓监督员", ["推选老旧小区改造百姓监督员", "收集居民对施工的意见"], ["property"]),
    ]),
    ("社区服务与文化建设", [
        ("便民利民服务", ["组织开展一元理发、便民维修等服务", "为老年人、残疾人提供帮办代办"], ["hardship"]),
        ("社区文体活动", ["组织广场舞、书画等文体团队活动", "举办社区邻里节"], []),
        ("志愿服务", ["招募和管理社区志愿者", "组织志愿服务项目", "记录志愿服务时长和积分"], []),
    ]),
]

# 准入事项: 4 类 17 项 — (类, [(项, departments, case categories)])
ACCESS = [
    ("党建与组织工作协助", [
        ("协助做好在职党员进社区报到服务", [], []),
        ("协助开展流动党员排查登记", [], []),
        ("协助开展“两新”组织党建工作", [], []),
    ]),
    ("民生保障协助", [
        ("协助最低生活保障、特困供养申请受理和入户调查", [CIVIL], ["hardship"]),
        ("协助临时救助申请受理", [CIVIL], ["hardship"]),
        ("协助高龄津贴、残疾人两项补贴申请受理", [CIVIL], []),
        ("协助开展城乡居民医疗保险参保登记", [], []),
        ("协助开展就业失业登记和就业援助", [], []),
    ]),
    ("社会治理协助", [
        ("协助开展矛盾纠纷排查调处", [JUDICIAL, LAWYER], ["neighbour_dispute", "family_dispute", "sewage"]),
        ("协助开展社区矫正和安置帮教", [JUDICIAL], []),
        ("协助开展治安防范和反诈宣传", [POLICE], ["noise"]),
        ("协助开展实有人口、出租房屋信息采集", [POLICE], []),
        ("协助开展安全生产和消防安全宣传", [], ["gas_leak"]),
    ]),
    ("城市管理协助", [
        ("协助开展违法建设巡查报告", [URBAN], ["illegal_building"]),
        ("协助开展垃圾分类宣传引导", [URBAN], ["sanitation"]),
        ("协助开展爱国卫生运动和病媒生物防制", [HEALTH], ["sanitation"]),
        ("协助开展老旧小区改造意见征集", [HOUSING], ["property"]),
    ]),
]

# 部门职责事项 (not the community's): (项, departments, case categories)
DEPARTMENT_DUTIES = [
    ("市政排水设施维护管理、管道疏通", [HOUSING], ["sewage"]),
    ("城市供水、燃气安全监督管理", [HOUSING], ["water_power", "gas_leak"]),
    ("房屋安全鉴定与危房处置", [HOUSING], ["building_danger"]),
    ("物业服务监督管理、住宅专项维修资金监管", [HOUSING], ["property"]),
    ("违法建设查处", [URBAN], ["illegal_building"]),
    ("道路、路灯等市政设施维护", [URBAN], ["road_lighting"]),
    ("生活垃圾清运与市容环境卫生监管", [URBAN], ["sanitation"]),
    ("社会生活噪声和治安纠纷查处", [POLICE], ["noise", "neighbour_dispute"]),
    ("人民调解指导与法律援助", [JUDICIAL], ["neighbour_dispute", "family_dispute", "labour_dispute"]),
    ("法律咨询与以案释法", [LAWYER], ["neighbour_dispute", "labour_dispute", "sewage"]),
    ("社会救助审批与困难群众帮扶", [CIVIL], ["hardship"]),
    ("食品安全、价格和消费投诉处理", [MARKET], ["other"]),
]

# 取消事项: 46 项 (证明事项清理与不再由社区承担的工作)
REMOVED = [
    "出具居民居住证明", "出具亲属关系证明", "出具婚姻状况证明", "出具无犯罪记录证明", "出具健在证明（生存证明）",
    "出具出生证明", "出具死亡证明", "出具独生子女证明", "出具未婚未育证明", "出具收入证明",
    "出具家庭经济困难证明（学生资助）", "出具无房证明", "出具房屋产权证明", "出具租房证明", "出具暂住证明",
    "出具同一人证明", "出具户口迁移证明", "出具曾用名证明", "出具身份证遗失证明", "出具车辆停放证明",
    "出具养犬证明", "出具无违法生育证明", "出具就业失业状况证明", "出具企业经营场所证明", "出具个体工商户经营证明",
    "出具拆迁补偿证明", "出具出国（境）政审证明", "出具入学片区居住证明", "出具参军政审证明", "出具低保边缘户证明",
    "出具残疾状况证明", "出具医疗费用报销证明", "出具法律援助经济困难证明", "出具水电气过户证明", "出具邻里纠纷调解证明",
    "代收代缴有线电视费", "代收代缴水电燃气费", "承担招商引资任务", "承担税费征收任务", "承担城市管理行政执法",
    "承担安全生产监管执法", "承担食品药品监管执法", "参与征地拆迁补偿谈判", "各类达标升级创建评比", "部门工作台账报送",
    "部门各类挂牌",
]


def _region(name: str, kind: str) -> RegionNode | None:
    return RegionNode.objects.filter(name=name, kind=kind).order_by("path").first()


def load_responsibilities(*, district: RegionNode, actor, categories: dict[str, CaseCategory],
                          departments: dict[str, Department]) -> int:
    made = 0

    def add(**kwargs):
        nonlocal made
        made += 1
        return services.add_responsibility(actor=actor, region=district, **kwargs)

    def links(names, codes):
        return {"departments": [departments[n] for n in names if n in departments],
                "case_categories": [categories[c] for c in codes if c in categories]}

    for ci, (category, items) in enumerate(AUTONOMOUS, start=1):
        top = add(kind="autonomous", title=category, order=ci, basis="《中华人民共和国城市居民委员会组织法》")
        for ii, (item, subs, codes) in enumerate(items, start=1):
            line = add(parent=top, title=item, order=ii, **links([], codes))
            for si, sub in enumerate(subs, start=1):
                add(parent=line, title=sub, order=si)
    for ci, (category, items) in enumerate(ACCESS, start=1):
        top = add(kind="access", title=category, order=ci, basis="经区委、区政府审核准入，实行“费随事转”")
        for ii, (item, names, codes) in enumerate(items, start=1):
            add(parent=top, title=item, order=ii, **links(names, codes))
    for ii, (item, names, codes) in enumerate(DEPARTMENT_DUTIES, start=1):
        add(kind="department", title=item, order=ii, **links(names, codes))
    for ii, item in enumerate(REMOVED, start=1):
        add(kind="removed", title=item, order=ii, basis="社区证明事项清理和减负清单")
    return made


# --- the year's cases ---------------------------------------------------------------------------------------

# category code -> [(title, description)], a few per category; {p} is the place
STORIES = {
    "sewage": [("楼道下水管堵塞污水外溢", "{p}一楼下水管堵塞，污水从地漏冒出来，楼道里臭味很大。"),
               ("小区化粪池满溢", "{p}旁边化粪池满了，污水流到路面上，老人小孩进出不方便。"),
               ("厨房下水反水", "{p}厨房下水道反水，物业说是主管道问题，请社区协调疏通。")],
    "road_lighting": [("小区路灯不亮", "{p}门口两盏路灯坏了一个多星期，晚上出行不安全。"),
                      ("路面井盖破损", "{p}出口处井盖松动破损，电动车经过很危险。"),
                      ("人行道地砖塌陷", "{p}外人行道地砖塌陷积水，老人容易摔倒。")],
    "sanitation": [("垃圾清运不及时", "{p}垃圾桶满了两天没人清运，天气热有异味。"),
                   ("楼道堆放杂物", "{p}楼道里堆满纸箱和旧家具，影响消防通道。"),
                   ("绿化带蚊虫多", "{p}绿化带长期积水，蚊虫很多，希望消杀。")],
    "noise": [("夜间装修噪音", "{p}有住户晚上十点后还在装修电钻，影响休息。"),
              ("广场舞音响太吵", "{p}旁边空地广场舞音响声音太大，晚上九点后还没停。"),
              ("烧烤店油烟噪音扰民", "{p}楼下烧烤店营业到凌晨，油烟和噪音扰民。")],
    "property": [("电梯经常故障", "{p}电梯一个月坏了三次，物业维修不及时，老人上下楼困难。"),
                 ("小区门禁损坏", "{p}门禁损坏多日，外来人员随意进出。"),
                 ("停车位被长期占用", "{p}消防通道被私家车长期占用，物业不管。")],
    "illegal_building": [("楼顶违章搭建", "{p}顶楼住户在楼顶搭建彩钢棚，担心安全隐患。"),
                         ("圈占公共绿地", "{p}一楼住户把公共绿地围起来种菜养鸡。")],
    "hardship": [("独居老人生活困难", "{p}独居老人腿脚不便，家里没人照顾，希望社区帮助。"),
                 ("困难家庭申请救助", "{p}住户家里有重病病人，生活困难，想了解临时救助政策。")],
    "water_power": [("突然停水", "{p}从早上开始停水，没有接到通知，家里老人孩子用水困难。"),
                    ("楼道电线老化跳闸", "{p}楼道电线老化，经常跳闸，晚上漆黑一片。")],
    "gas_leak": [("楼道有燃气味", "{p}楼道里闻到很重的燃气味，担心泄漏。")],
    "building_danger": [("外墙瓷砖脱落", "{p}外墙瓷砖脱落，砸到楼下停放的电动车，担心伤人。")],
    "other": [("小区周边商店售卖过期食品", "{p}附近小卖部卖过期牛奶，希望有关部门检查。")],
}
# category -> departments whistled when the community cannot handle it alone
WHISTLE_TO = {
    "sewage": [HOUSING, JUDICIAL], "road_lighting": [URBAN], "sanitation": [URBAN], "noise": [POLICE, URBAN],
    "property": [HOUSING], "illegal_building": [URBAN], "hardship": [CIVIL], "water_power": [HOUSING],
    "gas_leak": [HOUSING, POLICE], "building_danger": [HOUSING], "other": [MARKET],
}
WEIGHTS = {"sewage": 14, "road_lighting": 14, "sanitation": 16, "noise": 14, "property": 14, "illegal_building": 5,
           "hardship": 7, "water_power": 6, "gas_leak": 2, "building_danger": 2, "other": 6}
RESULTS = {
    "sewage": "已联系疏通队伍疏通管道并清理现场，排水恢复正常。",
    "road_lighting": "已维修更换损坏设施，恢复正常使用。",
    "sanitation": "已协调清运和清理，并建立定期巡查。",
    "noise": "已上门劝导并约定作业（活动）时间，噪音问题缓解。",
    "property": "已督促物业公司维修整改并向居民反馈。",
    "illegal_building": "违建部分已拆除，公共区域恢复原状。",
    "hardship": "已上门走访，协助办理救助申请并落实结对帮扶。",
    "water_power": "已协调供水（供电）单位抢修恢复。",
    "gas_leak": "燃气公司到场排查，更换老化接口，已消除隐患。",
    "building_danger": "已设置警戒并组织维修，脱落部位已修复。",
    "other": "已转市场监管部门检查，过期商品已下架。",
}
COMMENTS = {"satisfied": ["处理很及时，谢谢社区", "网格员很负责", "问题解决了，满意"],
            "basic": ["解决了，就是慢了点", "基本解决，希望以后多巡查"],
            "unsatisfied": ["拖了很久才处理", "问题还没有彻底解决", "没有人回复我"]}


class _Year:
    """One pass over the year: every case is walked through its life, step by step, at its own times."""

    def __init__(self, *, communities, actors: Actors, rng: random.Random, now: dt.datetime,
                 categories: dict[str, CaseCategory], departments: dict[str, Department]):
        self.communities, self.actors, self.rng, self.now = communities, actors, rng, now
        self.categories, self.departments = categories, departments
        self.receivers: dict[int, object] = {}
        self.counts = {"cases": 0, "whistles": 0, "meetings": 0, "unsatisfied": 0, "late_reports": 0}

    # --- people ---------------------------------------------------------------------------------------
    def receiver(self, department: Department):
        """The department's receiver (接哨员): an existing one, or an account made for it (no password)."""
        if department.pk not in self.receivers:
            found = (RoleAssignment.objects.filter(role="department_receiver", department=department, active=True)
                     .select_related("user").order_by("pk").first())
            if found is not None:
                self.receivers[department.pk] = found.user
            else:
                n = len(self.receivers) + 1
                user = create_user(actor=self.actors.admin, username=f"jieshao{department.pk:02d}{n:02d}",
                                   password=None, display_name=f"{department.name}·接哨员")
                assign_role(actor=self.actors.admin, user=user, role="department_receiver", department=department)
                self.receivers[department.pk] = user
        return self.receivers[department.pk]

    def grid_worker(self, community):
        if community.name == "五美社区":
            return self.actors.grid_worker
        found = (RoleAssignment.objects.filter(role="grid_worker", region=community, active=True)
                 .select_related("user").order_by("pk").first())
        return found.user if found else self.actors.street_staff

    def supervisor(self, community):
        return self.actors.community_staff if community.name == "五美社区" else self.actors.street_staff

    # --- time -----------------------------------------------------------------------------------------
    def working(self, at: dt.datetime, *, hours: float) -> dt.datetime:
        """`at` plus `hours`, moved to the next office hour when it falls on a night or a weekend."""
        local = (at + dt.timedelta(hours=hours)).astimezone(TZ)
        while True:
            if local.weekday() >= 5 or local.hour >= 18:
                local = (local + dt.timedelta(days=1)).replace(hour=8, minute=40 + self.rng.randrange(20))
            elif local.hour < 8:
                local = local.replace(hour=8, minute=40 + self.rng.randrange(20))
            else:
                return local

    def past(self, at: dt.datetime) -> bool:
        return at <= self.now

    # --- one case -------------------------------------------------------------------------------------
    def case(self, community, reported_at: dt.datetime, code: str, stop: str = "") -> Case | None:
        """Report a case and walk it on; `stop` leaves a recent one at that stage (submitted, accepted,
        whistled, reported), so today's lists have open work."""
        rng = self.rng
        title, text = rng.choice(STORIES[code])
        places = list(RegionNode.objects.filter(parent=community, kind=RegionKind.NEIGHBOURHOOD).order_by("path")[:6])
        place = rng.choice(places) if places else None
        offset = rng.randrange(20)
        people = list(Person.objects.filter(home__path__startswith=(place or community).path)
                      .order_by("pk")[offset:offset + 1])
        person = people[0] if people else None
        grid = self.grid_worker(community)
        channel = rng.choices(["grid_worker", "window", "hotline"], weights=[5, 3, 2])[0]
        with clock.frozen(reported_at):
            case = services.report_case(
                actor=grid if channel == "grid_worker" else self.supervisor(community), category=self.categories[code],
                community=community, title=title, description=text.format(p=place.name if place else community.name),
                channel=channel, place=place, reporter=person,
                reporter_name="" if person else rng.choice(["刘先生", "陈女士", "李大爷", "周阿姨"]),
                reporter_phone="" if person else f"139{rng.randrange(10**8):08d}")
        self.counts["cases"] += 1
        if stop == "submitted":
            return case
        if rng.random() < 0.05 and not stop:
            with clock.frozen(min(self.working(reported_at, hours=0.5), self.now)):
                services.reject_case(actor=grid, case=case, reason=rng.choice(
                    ["重复反映，已并入同一问题办理", "不属于本社区辖区，已告知诉求人向所属社区反映"]))
            return case
        accepted_at = self.working(reported_at, hours=rng.uniform(0.1, 1.5))
        if not self.past(accepted_at):
            return case
        with clock.frozen(accepted_at):
            services.accept_case(actor=grid, case=case)
        contact_at = accepted_at + dt.timedelta(hours=rng.uniform(0.2, 30 if rng.random() < 0.1 else 6))
        if self.past(contact_at):
            if contact_at > case.contact_due_at:
                services.sweep_deadlines(now=case.contact_due_at + dt.timedelta(minutes=5))
            with clock.frozen(contact_at):
                services.record_contact(actor=grid, case=case, note="已电话联系诉求人，了解具体情况")
        finished = contact_at
        if stop == "accepted":
            return case
        if rng.random() < 0.35 or stop:
            finished = self.whistle(case, grid, accepted_at + dt.timedelta(hours=rng.uniform(1, 20)), stop=stop)
            if finished is None or stop:
                return case
        resolve_at = self.working(finished, hours=rng.uniform(2, 40))
        if rng.random() < 0.08:  # a late one
            resolve_at = case.due_at + dt.timedelta(hours=rng.uniform(3, 60))
            services.sweep_deadlines(now=min(case.due_at + dt.timedelta(minutes=5), self.now))
        resolve_at = max(resolve_at, finished + dt.timedelta(hours=1))
        if not self.past(resolve_at):
            return case
        with clock.frozen(resolve_at):
            services.resolve_case(actor=grid, case=case, result=RESULTS[code])
        return self.answer(case, resolve_at, code)

    def whistle(self, case: Case, owner, blown_at: dt.datetime, stop: str = "") -> dt.datetime | None:
        rng = self.rng
        blown_at = self.working(blown_at, hours=0)
        if stop:
            blown_at = min(blown_at, self.now - dt.timedelta(minutes=30))
        if not self.past(blown_at) or blown_at < case.accepted_at:
            return None
        names = WHISTLE_TO[case.category.code]
        chosen = [self.departments[n] for n in names[: 1 + (rng.random() < 0.3)] if n in self.departments]
        if not chosen:
            return blown_at
        with clock.frozen(blown_at):
            whistles = services.blow_whistle(actor=owner, case=case, departments=chosen,
                                             request=f"请{'、'.join(d.name for d in chosen)}到场处置：{case.title}")
        self.counts["whistles"] += len(whistles)
        if stop == "whistled":
            return None
        last = blown_at
        for w in whistles:
            receiver = self.receiver(w.department)
            late = rng.random() < 0.15
            report_at = (w.respond_due_at + dt.timedelta(minutes=rng.uniform(20, 600)) if late
                         else w.blown_at + (w.respond_due_at - w.blown_at) * rng.uniform(0.2, 0.9))
            if not self.past(report_at):
                return None
            if late:
                self.counts["late_reports"] += 1
                services.sweep_deadlines(now=w.respond_due_at + dt.timedelta(minutes=10))
            with clock.frozen(report_at):
                services.report_whistle(actor=receiver, whistle=w, note="已安排人员到场")
            if stop == "reported":
                continue
            done_at = self.working(report_at, hours=rng.uniform(3, 60))
            if rng.random() < 0.07:
                done_at = w.act_due_at + dt.timedelta(hours=rng.uniform(5, 48))
                services.sweep_deadlines(now=min(w.act_due_at + dt.timedelta(minutes=10), self.now))
            if not self.past(done_at):
                return None
            with clock.frozen(done_at):
                services.complete_whistle(actor=receiver, whistle=w, action="已到场处置并向社区反馈")
            last = max(last, done_at)
        if stop:
            return None
        if rng.random() < 0.3:
            held = last - dt.timedelta(hours=2) if last - blown_at > dt.timedelta(hours=4) else last
            with clock.frozen(last):
                services.record_meeting(actor=owner, case=case, held_at=held,
                                        place=f"{case.community.name}党群服务中心", departments=chosen,
                                        participants=f"诉求人、{'、'.join(d.name for d in chosen)}、网格员",
                                        minutes="通报问题处置情况，各方明确分工和完成时限。",
                                        agreement="按分工在期限内办结并向居民反馈")
            self.counts["meetings"] += 1
        for w in whistles:
            score_at = last + dt.timedelta(hours=rng.uniform(1, 24))
            if self.past(score_at):
                late = w.done_at is not None and w.done_at > w.act_due_at
                score = rng.choice([100, 95, 95, 90, 90, 85, 80, 70]) - (15 if late else 0)
                with clock.frozen(score_at):
                    services.score_whistle(actor=self.supervisor(case.community), whistle=w, score=score)
        return last

    def answer(self, case: Case, resolved_at: dt.datetime, code: str) -> Case:
        rng = self.rng
        roll = rng.random()
        if roll < 0.8:
            at = resolved_at + dt.timedelta(hours=rng.uniform(1, 48))
            if not self.past(at):
                return case
            with clock.frozen(at):
                services.confirm_case(actor=None, case=case)
                # The community approves a public wording (the title names the matter, never the building), so
                # Open311 and the public statistics have resolved examples to show.
                services.set_public_wording(actor=self.supervisor(case.community), case=case, wording=case.title)
        else:
            at = case.confirm_due_at + dt.timedelta(hours=rng.uniform(2, 30))
            if not self.past(at):
                return case
            with clock.frozen(at):
                services.close_unconfirmed(actor=self.supervisor(case.community), case=case,
                                           reason="三次电话回访未接通，按规定关闭")
        satisfaction = rng.choices(["satisfied", "basic", "unsatisfied"], weights=[76, 17, 7])[0]
        if case.due_at and case.resolved_at and case.resolved_at > case.due_at and rng.random() < 0.35:
            satisfaction = "unsatisfied"
        rated_at = at + dt.timedelta(hours=rng.uniform(0.5, 24))
        if self.past(rated_at):
            with clock.frozen(rated_at):
                services.rate_case(actor=None, case=case, satisfaction=satisfaction,
                                   comment=rng.choice(COMMENTS[satisfaction]))
            self.counts["unsatisfied"] += satisfaction == "unsatisfied"
        return case


def _sewage_story(*, wumei, actors: Actors, departments: dict[str, Department], categories, year: _Year,
                  start: dt.datetime) -> Case:
    """Seed 004, in 五美社区: 王秀英's new flat flooded from the neighbour's blocked pipe."""
    a = actors

    def at(days: float, hour: int, minute: int = 0) -> dt.datetime:
        day = (start + dt.timedelta(days=days)).astimezone(TZ)
        return day.replace(hour=hour, minute=minute, second=0, microsecond=0)

    person = getattr(a.resident, "person", None)
    place = person.home if person is not None and person.home.path.startswith(wumei.path) else None
    with clock.frozen(at(0, 8, 12)):
        case = services.report_case(
            actor=a.resident, category=categories["sewage"], community=wumei, channel="phone_app",
            title="新房卫生间污水倒灌，怀疑楼上下水管堵塞",
            description="刚装修好的新房还没入住，卫生间下水反水，污水漫到客厅和楼道。我和老伴在外地看病回不来，"
                        "楼上邻居联系不上，请社区帮忙。",
            place=place, address="五美小区1栋2单元101")
    with clock.frozen(at(0, 8, 25)):
        services.accept_case(actor=a.grid_worker, case=case)
    with clock.frozen(at(0, 8, 40)):
        services.record_contact(actor=a.grid_worker, case=case,
                                note="已联系王秀英及其亲属，约亲属中午开门，联系疏通师傅和家政公司")
    judicial, lawyer, police = departments[JUDICIAL], departments[LAWYER], departments[POLICE]
    with clock.frozen(at(1, 15, 10)):
        whistles = services.blow_whistle(
            actor=a.community_staff, case=case, departments=[judicial, lawyer, police],
            request="经查系楼上住户向马桶内乱扔垃圾导致主管堵塞，楼上住户拒绝协商赔偿。请司法所、法律顾问到场调解、"
                    "以案释法，派出所协助。")
    times = {judicial.pk: (at(1, 15, 40), at(3, 11, 30)), lawyer.pk: (at(1, 15, 55), at(3, 11, 40)),
             police.pk: (at(1, 16, 5), at(3, 11, 45))}
    for w in whistles:
        receiver = a.receiver if w.department_id == judicial.pk else year.receiver(w.department)
        reported, done = times[w.department_id]
        with clock.frozen(reported):
            services.report_whistle(actor=receiver, whistle=w, note="已安排人员参加协商会")
        with clock.frozen(done):
            services.complete_whistle(actor=receiver, whistle=w, action={
                judicial.pk: "主持调解，双方签订人民调解协议书",
                lawyer.pk: "以案释法，讲解相邻关系和侵权赔偿责任，协助起草调解协议",
                police.pk: "民警到场维持秩序，对双方进行法治宣传"}[w.department_id])
    with clock.frozen(at(3, 11, 20)):
        services.record_meeting(
            actor=a.community_staff, case=case, held_at=at(3, 9, 30), place="五美社区党群服务中心会议室",
            departments=[judicial, lawyer, police],
            participants="王秀英亲属、楼上住户、司法所、法律顾问、派出所民警、网格员孙静",
            minutes="工作人员说明下水管堵塞原因；法律顾问、民警以案释法，讲解相邻关系中的赔偿责任。",
            agreement="楼上住户承担疏通、清理和地板更换费用共计3800元，一周内付清。")
    with clock.frozen(at(3, 16, 0)):
        services.resolve_case(actor=a.grid_worker, case=case,
                              result="下水管已疏通，房屋已清理；经协商会调解，楼上住户赔偿3800元。")
    with clock.frozen(at(4, 10, 0)):
        services.confirm_case(actor=a.resident, case=case)
        services.rate_case(actor=a.resident, case=case, satisfaction="satisfied",
                           comment="网格员当天就联系我，社区请来司法所和律师，问题解决了，谢谢！")
    for w, score in zip(whistles, (95, 92, 90), strict=True):
        with clock.frozen(at(4, 15, 0)):
            services.score_whistle(actor=a.community_staff, whistle=w, score=score, comment="响应及时，到场调解")
    return case


def _waiting_for_the_judicial_office(*, wumei, actors: Actors, departments, categories, year: _Year,
                                     now: dt.datetime) -> Case:
    """Today in 五美社区: a leak between neighbours whistled to the judicial office (the demo receiver 何平, who
    has yet to report) and the police station (reported)."""
    a = actors
    with clock.frozen(now - dt.timedelta(hours=3)):
        case = services.report_case(
            actor=a.grid_worker, category=categories["sewage"], community=wumei, channel="grid_worker",
            title="楼上卫生间漏水渗到楼下，邻里协商不成",
            description="文化里2栋三楼卫生间防水层破损，漏水渗到二楼天花板，双方为维修和赔偿争执不下。",
            reporter_name="陈女士", reporter_phone="13977305521")
    with clock.frozen(now - dt.timedelta(hours=2, minutes=50)):
        services.accept_case(actor=a.grid_worker, case=case)
        services.record_contact(actor=a.grid_worker, case=case, note="已上门查看渗漏情况并拍照")
    with clock.frozen(now - dt.timedelta(minutes=40)):
        whistles = services.blow_whistle(actor=a.community_staff, case=case,
                                         departments=[departments[JUDICIAL], departments[POLICE]],
                                         request="双方情绪激动，请司法所到场调解、派出所协助维持秩序。")
    police = next(w for w in whistles if w.department.name == POLICE)
    with clock.frozen(now - dt.timedelta(minutes=25)):
        services.report_whistle(actor=year.receiver(police.department), whistle=police, note="社区民警已出发")
    return case


def load(*, communities: list[RegionNode], actors: Actors, rng: random.Random, today: dt.date,
         cases_per_community: int = 24) -> dict[str, int]:
    """Load the 权责清单 of 象山区 and a year of cases in `communities` (象山街道's, 五美社区 first)."""
    categories = seed_case_categories()
    departments = {d.name: d for d in Department.objects.select_related("home")}
    district = actors.district_staff.active_roles[0].region if actors.district_staff.active_roles else \
        _region("象山区", RegionKind.DISTRICT)
    counts = {"responsibilities": load_responsibilities(district=district, actor=actors.district_staff,
                                                        categories=categories, departments=departments)}
    now = min(clock.now(), dt.datetime.combine(today, dt.time(18, 0), tzinfo=TZ))
    year = _Year(communities=communities, actors=actors, rng=rng, now=now, categories=categories,
                 departments=departments)
    wumei = next((c for c in communities if c.name == "五美社区"), None)
    if wumei is not None and actors.resident is not None and all(n in departments for n in (JUDICIAL, LAWYER, POLICE)):
        start = now - dt.timedelta(days=120)
        start -= dt.timedelta(days=start.astimezone(TZ).weekday())  # a Monday
        _sewage_story(wumei=wumei, actors=actors, departments=departments, categories=categories, year=year,
                      start=start)
        year.counts["cases"] += 1
        year.counts["whistles"] += 3
        year.counts["meetings"] += 1
    if wumei is not None and all(n in departments for n in (JUDICIAL, POLICE)):
        _waiting_for_the_judicial_office(wumei=wumei, actors=actors, departments=departments, categories=categories,
                                         year=year, now=now)
        year.counts["cases"] += 1
    codes, weights = list(WEIGHTS), list(WEIGHTS.values())
    plan = []
    for community in communities:
        n = cases_per_community * (2 if community.name == "五美社区" else 1)
        for _ in range(n):
            days_ago = rng.triangular(0, 365, 20)
            local = (now - dt.timedelta(days=days_ago)).astimezone(TZ)
            reported_at = local.replace(hour=rng.choice([8, 9, 9, 10, 10, 11, 14, 15, 15, 16, 17, 19, 20, 21]),
                                        minute=rng.randrange(60), second=0, microsecond=0)
            if reported_at <= now:
                plan.append((reported_at, community, rng.choices(codes, weights)[0]))
    # the last days: two cases a community still being handled, at every stage
    for community in communities:
        for stage in rng.sample(["submitted", "accepted", "whistled", "reported"], 2):
            local = (now - dt.timedelta(days=rng.uniform(0.2, 4))).astimezone(TZ)
            reported_at = local.replace(hour=rng.choice([8, 9, 10, 14, 15]), minute=rng.randrange(60), second=0,
                                        microsecond=0)
            if reported_at <= now:
                plan.append((reported_at, community, rng.choices(codes, weights)[0], stage))
    for reported_at, community, code, *stage in sorted(plan, key=lambda p: p[0]):
        year.case(community, reported_at, code, stop=stage[0] if stage else "")
    services.sweep_deadlines(now=now)  # today's overdue steps
    counts.update(year.counts)
    counts["escalations"] = Escalation.objects.count()
    counts["meetings"] = Meeting.objects.count()
    counts["open_cases"] = Case.objects.filter(status__in=[CaseStatus.SUBMITTED, CaseStatus.ACCEPTED,
                                                           CaseStatus.WHISTLED]).count()
    counts["whistles"] = Whistle.objects.count()
    return counts


def actors_from_demo_accounts() -> Actors | None:
    """The demo's named accounts (demo/names.py ACCOUNTS), for builder.py."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=[
        "admin", "xiangshan", "xiangshan_street", "wumei", "wumei_grid", "sifasuo", "wangxiuying"])}
    if len(users) < 7:
        return None
    return Actors(admin=users["admin"], district_staff=users["xiangshan"], street_staff=users["xiangshan_street"],
                  community_staff=users["wumei"], grid_worker=users["wumei_grid"], receiver=users["sifasuo"],
                  resident=users["wangxiuying"])
