"""The demo's disputes (矛盾纠纷): a dozen disputes across the communities of 象山街道 in every state — just
registered, being mediated, agreed with a follow-up coming or overdue, referred, sent to court, withdrawn, and
closed after the follow-up visit — written through the services as the people would, on the days they did it
(the clock is moved to each step's day).

五美社区's disputes are handled by the demo accounts (黄敏 of 五美社区, grid worker 孙静); elsewhere by a grid worker
of the community. The parties are residents of the community (so they link to the resident register), except a
company in a wage dispute. One dispute is whistled to 丽景街司法所, so the demo receiver sees it."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from gongzhi.cases import services as cases
from gongzhi.cases.models import CaseCategory
from gongzhi.core import clock
from gongzhi.disputes import services
from gongzhi.disputes.models import Dispute, FollowUp, MediationSession
from gongzhi.disputes.permissions import departments_for, mediators_for
from gongzhi.disputes.services import PartyInput
from gongzhi.people.models import Person
from gongzhi.regions.models import RegionNode

TZ = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Actors:
    admin: object
    community_staff: object  # 五美社区
    grid_worker: object  # 五美社区
    street_staff: object  # 象山街道


# (community index, category code, title, subject, amount, risk, script, days ago it was registered)
# Scripts: registered, continuing, not_agreed, agreed_due, agreed_overdue, referred, litigation, withdrawn,
# closed_agreement, closed_withdrawn, closed_referral, whistled.
DISPUTES = [
    (0, "neighbour_dispute", "五美小区楼上卫生间漏水纠纷", "漏水致楼下天花板受损，维修和赔偿争议", 3000, "ordinary",
     "closed_agreement", 45),
    (0, "neighbour_dispute", "文化里楼道堆物占道纠纷", "楼道堆放杂物影响通行和消防安全", None, "ordinary", "agreed_due", 12),
    (0, "family_dispute", "赡养老人费用分担纠纷", "三名子女对母亲赡养费和照料分工有争议", 1500, "serious", "continuing", 9),
    (0, "labour_dispute", "装修工人讨薪纠纷", "装修公司拖欠6名工人工资", 42000, "major", "whistled", 6),
    (0, "neighbour_dispute", "空调外机噪音扰民纠纷", "空调外机安装位置靠近卧室，噪音扰民", None, "ordinary", "registered", 1),
    (1, "neighbour_dispute", "南门花园停车位占用纠纷", "私装地锁占用公共车位", None, "ordinary", "agreed_overdue", 40),
    (1, "family_dispute", "房屋继承份额纠纷", "兄妹对父母遗留房屋的继承份额有争议", 380000, "serious", "litigation", 30),
    (2, "neighbour_dispute", "宠物狗伤人赔偿纠纷", "宠物狗咬伤邻居小孩，医药费赔偿", 2600, "ordinary", "closed_withdrawn", 25),
    (3, "neighbour_dispute", "违建阳光房遮挡采光纠纷", "顶楼加建阳光房遮挡楼下采光", None, "serious", "referred", 20),
    (4, "labour_dispute", "餐馆帮工工资结算纠纷", "离职结算工资数额有争议", 5200, "ordinary", "closed_referral", 60),
    (5, "neighbour_dispute", "下水管道堵塞费用分摊纠纷", "公共下水管疏通费用分摊", 800, "ordinary", "not_agreed", 5),
    (6, "family_dispute", "夫妻感情纠纷调解", "夫妻因家务和子女教育长期争吵", None, "ordinary", "withdrawn", 14),
]
# The employer in a wage dispute, by a word of its title.
COMPANIES = {"装修": "桂林市某装修工程有限公司", "餐馆": "象山区某家常菜馆"}


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=TZ)


def _residents(community: RegionNode, rng: random.Random, n: int) -> list[Person]:
    pool = list(Person.objects.filter(home__path__startswith=community.path).exclude(phone="")
                .exclude(user__isnull=False).order_by("pk")[:400])
    return rng.sample(pool, n) if len(pool) >= n else pool


def _grid_worker(community: RegionNode):
    return next((u for u in mediators_for(community) if u.role_set & {"grid_worker"}), None)


def load(*, communities: list[RegionNode], actors: Actors, rng: random.Random, today: dt.date) -> dict[str, int]:
    """Load the demo disputes; `communities` are the communities of 象山街道 in order (五美社区 first)."""
    communities = sorted(communities, key=lambda c: c.path)
    wumei = next((c for c in communities if c.name == "五美社区"), communities[0] if communities else None)
    if wumei is not None:
        communities = [wumei] + [c for c in communities if c.pk != wumei.pk]
    categories = {c.code: c for c in CaseCategory.objects.filter(is_dispute=True)}
    made = 0
    for index, code, title, subject, amount, risk, script, days_ago in DISPUTES:
        if index >= len(communities) or code not in categories:
            continue
        community = communities[index]
        staff = (actors.community_staff if community.pk == wumei.pk and script != "whistled"
                 else actors.grid_worker if community.pk == wumei.pk else _grid_worker(community) or actors.admin)
        people = _residents(community, rng, 3)
        if len(people) < 2:
            continue
        applicant, respondent = people[0], people[1]
        parties = [PartyInput(name=applicant.name, role="applicant", phone=applicant.phone),
                   PartyInput(name=next(n for k, n in COMPANIES.items() if k in title), role="respondent")
                   if code == "labour_dispute"
                   else PartyInput(name=respondent.name, role="respondent", phone=respondent.phone)]
        if script in ("continuing", "litigation") and len(people) > 2:
            parties.append(PartyInput(name=people[2].name, role="third" if script == "litigation" else "respondent",
                                      phone=people[2].phone))
        _play(script=script, community=community, staff=staff, category=categories[code], title=title,
              subject=subject, amount=amount, risk=risk, parties=parties, start=today - dt.timedelta(days=days_ago),
              today=today, rng=rng)
        made += 1
    under = [c.path for c in communities]
    disputes = Dispute.objects.filter(case__community__path__in=under)
    return {
        "disputes": disputes.count(),
        "dispute_sessions": MediationSession.objects.filter(dispute__in=disputes).count(),
        "dispute_agreements": disputes.filter(outcome="agreement").count(),
        "dispute_follow_ups": FollowUp.objects.filter(dispute__in=disputes).count(),
        "disputes_closed": disputes.filter(status="closed").count(),
    }


def _play(*, script: str, community, staff, category, title, subject, amount, risk, parties, start: dt.date,
          today: dt.date, rng: random.Random) -> Dispute:
    """Register the dispute on `start` and take it as far as `script` says, each step on its own day."""
    mediators = [u for u in mediators_for(community) if u.pk != staff.pk][:1]
    offices = list(departments_for(community).filter(kind__in=["judicial_office", "police_station", "legal_adviser"]))
    judicial = next((d for d in offices if d.kind == "judicial_office"), None)
    legal = next((d for d in offices if d.kind == "legal_adviser"), None)

    def day(offset: int) -> dt.date:
        return min(start + dt.timedelta(days=offset), today)

    with clock.frozen(_at(start, 9)):
        dispute = services.register_dispute(
            actor=staff, community=community, category=category, title=title, subject=subject,
            description=f"{parties[0].name}来社区反映：{subject}，双方多次协商未果，请求社区调解。", parties=parties,
            channel=rng.choice(["window", "grid_worker", "hotline"]), risk=risk, amount=amount)
    if script == "registered":
        return dispute

    def session(offset: int, result: str, notes: str, *, next_on: int | None = None, departments=()):
        when = day(offset)
        with clock.frozen(_at(when, 16)):
            return services.record_session(
                actor=staff, dispute=dispute, held_at=_at(when, 14), place=f"{community.name}人民调解室",
                notes=notes, result=result, mediators=mediators, mediator_names="人民调解员 蒋德明；法律顾问 韦律师",
                departments=[d for d in departments if d is not None],
                next_session_on=day(next_on) if next_on is not None and day(next_on) > when else
                (when + dt.timedelta(days=3) if result == "continue" else None))

    def outcome(offset: int, **kwargs):
        when = day(offset)
        with clock.frozen(_at(when, 17)):
            return services.record_outcome(actor=staff, dispute=dispute, **kwargs)

    def follow_up(offset: int, *, stable: bool = True, note: str = "上门回访，双方均表示满意，协议已履行。"):
        when = day(offset)
        with clock.frozen(_at(when, 10)):
            return services.record_follow_up(actor=staff, dispute=dispute, done_on=when, note=note, stable=stable,
                                             method=rng.choice(["visit", "phone"]),
                                             next_follow_up_on=None if stable else when + dt.timedelta(days=7))

    def close(offset: int):
        with clock.frozen(_at(day(offset), 11)):
            return services.close_dispute(actor=staff, dispute=dispute)

    agreement = f"一、双方就“{subject}”达成一致；二、责任方于十日内履行；三、双方不再就此事发生争执。"
    if script == "whistled":
        with clock.frozen(_at(start, 11)):
            if judicial is not None:
                cases.blow_whistle(actor=staff, case=dispute.case, departments=[judicial],
                                   request="涉及欠薪人数较多，请司法所派员参与调解并提供法律援助。")
        session(1, "continue", "工人代表和公司负责人到场，公司承认欠薪，对金额有异议。", departments=[judicial])
    elif script == "continuing":
        session(2, "continue", "子女三人到场，对赡养费金额分歧较大，约定下周再谈。", next_on=10)
    elif script == "not_agreed":
        session(2, "not_agreed", "双方对分摊比例各执一词，调解未成，继续做工作。")
    elif script in ("agreed_due", "agreed_overdue", "closed_agreement"):
        session(1, "continue", "双方陈述事实，调解员释法说理。", departments=[legal])
        session(3, "agreed", "经再次调解，双方互谅互让达成一致。")
        follow_up_in = {"agreed_due": 14, "agreed_overdue": 14, "closed_agreement": 10}[script]
        outcome(3, outcome="agreement", agreement_text=agreement, agreed_amount=amount,
                follow_up_on=day(3) + dt.timedelta(days=follow_up_in))
        if script == "closed_agreement":
            follow_up(13)
            close(14)
    elif script in ("referred", "closed_referral"):
        session(1, "not_agreed", "涉及专业认定，社区调解难以解决。")
        target = next((d for d in departments_for(community) if d.kind in ("urban_management", "housing")), None)
        outcome(2, outcome="referral", referred_department=target if script == "referred" else None,
                referred_to="" if script == "referred" and target else "象山区劳动人事争议仲裁委员会",
                note="超出社区调解范围，依法转交有关部门处理。", follow_up_on=day(2) + dt.timedelta(days=20))
        if script == "closed_referral":
            follow_up(25, note="电话回访：已由仲裁委受理并裁决，工资已结清。")
            close(26)
    elif script == "litigation":
        session(2, "not_agreed", "双方分歧较大，调解员告知诉讼途径。", departments=[legal])
        outcome(4, outcome="litigation", note="标的较大且涉及产权确认，引导当事人向象山区人民法院起诉。",
                follow_up_on=day(4) + dt.timedelta(days=30))
    elif script in ("withdrawn", "closed_withdrawn"):
        if script == "closed_withdrawn":
            session(1, "continue", "双方初步沟通，约定自行协商。")
        outcome(3, outcome="withdrawn", note="双方自行和解，申请人撤回调解申请。")
        if script == "closed_withdrawn":
            close(4)
    return dispute
