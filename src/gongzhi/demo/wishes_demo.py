"""The demo's micro-wishes (微心愿) in 象山街道, written through the services as the people would do it: residents
post wishes from their phones or grid workers and staff post them on their behalf, the community reviews them, the
hospital's liaison, in-service party members and volunteers claim them, one claim runs past its deadline (the
sweep marks it overdue), and wishes come true with the residents' confirmation and thanks.

五美社区 gets sixteen wishes in every state, acted by the demo accounts (王秀英 has one to confirm on her phone, 刘洋
one to fulfil); the other communities of the street get two each (one on the wall, one come true)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from gongzhi.accounts.services import assign_role, create_user
from gongzhi.core import clock
from gongzhi.people.models import PartyMember, Person
from gongzhi.people.services import link_account
from gongzhi.regions.models import RegionNode
from gongzhi.wishes import services

TZ = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Actors:
    admin: object
    community_staff: object  # 五美社区
    grid_worker: object  # 五美社区
    liaison: object  # 桂林市中医医院
    resident: object  # 王秀英, linked to her person record
    volunteer: object  # 刘洋, a volunteer of 五美社区


# 五美社区: (title, beneficiary, who posts, days ago, final state, claimant, note)
#   who: "self" (王秀英 from her phone), "grid" (the grid worker, 网格走访), "staff" (the window, 窗口代录)
#   state: submitted, open, claimed, overdue, fulfilled, confirmed, thanked, rejected, withdrawn
#   claimant: "unit" (the hospital's liaison), "member" (an in-service party member), "volunteer" (刘洋)
WUMEI = [
    ("希望有人帮忙换个卫生间的灯泡", "elderly_alone", "self", 40, "thanked", "member",
     "灯泡换好了，还顺手修了开关。谢谢党员同志，晚上起夜不怕黑了！"),
    ("想要一台收音机，每天听听桂剧", "elderly_alone", "self", 12, "fulfilled", "unit", ""),
    ("想要一副老花镜，看报纸方便些", "elderly", "self", 3, "open", "", ""),
    ("孩子需要一个书包和一套文具", "left_behind_child", "grid", 35, "confirmed", "unit", ""),
    ("想要一个助行器，方便下楼晒太阳", "disabled", "grid", 9, "claimed", "unit", ""),
    ("希望每周有人来陪老人聊聊天", "elderly_alone", "grid", 8, "claimed", "member", ""),
    ("想要一床厚棉被过冬", "hardship_family", "staff", 26, "overdue", "member", ""),
    ("孩子想要几本课外书和一本字典", "left_behind_child", "grid", 10, "claimed", "volunteer", ""),
    ("厨房水龙头漏水，希望有人帮忙修一修", "elderly_alone", "grid", 30, "confirmed", "volunteer", ""),
    ("想要一个电热水壶", "hardship_family", "staff", 6, "open", "", ""),
    ("希望有人帮忙把旧衣物送到回收点", "elderly", "grid", 4, "open", "", ""),
    ("想学会用智能手机和孙子视频通话", "elderly_alone", "grid", 1, "submitted", "", ""),
    ("想要一台二手洗衣机", "hardship_family", "staff", 1, "submitted", "", ""),
    ("孩子想要一辆自行车上学", "left_behind_child", "staff", 20, "rejected", "", "已纳入民政临时救助，由社区另行办理"),
    ("想要一部老人手机", "elderly", "grid", 15, "withdrawn", "", "子女已为老人购买"),
    ("希望有人教孩子写毛笔字", "left_behind_child", "staff", 18, "fulfilled", "volunteer", ""),
]
# Other communities of the street: one wish come true (claimed by an in-service party member registered there, or
# left on the wall when there is none) and one waiting on the wall.
OTHERS = [("想要一台电风扇", "elderly_alone", 25), ("孩子需要一盏护眼台灯", "left_behind_child", 5)]
FULFIL_NOTES = {
    "unit": "医院党员志愿者已送到家中，并教会使用。",
    "member": "已上门送到，和老人聊了一会儿家常。",
    "volunteer": "志愿者已送到并帮忙安装好。",
}
STAFF_CONFIRM = "老人没有智能手机，网格员上门回访确认"


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=TZ)


def _residents(community: RegionNode, exclude: set[int]) -> list[Person]:
    """Residents of the community without an account, in a stable order."""
    return list(Person.objects.filter(home__path__startswith=community.path, user__isnull=True)
                .exclude(pk__in=exclude).order_by("pk")[:200])


def _member_user(admin, community: RegionNode, rng: random.Random):
    """An account (no password: nobody logs in as them) for one in-service party member registered with the
    community, who claims wishes there; None when the community has none."""
    members = list(PartyMember.objects.filter(registered_community=community, in_service=True,
                                              person__user__isnull=True).select_related("person__home")
                   .order_by("pk")[:50])
    if not members:
        return None
    member = rng.choice(members)
    user = create_user(actor=admin, username=f"wish_member_{member.pk}", password=None,
                       display_name=member.person.name)
    assign_role(actor=admin, user=user, role="resident", region=member.person.home)
    link_account(actor=admin, person=member.person, user=user)
    return user


def _walk(wish, *, state: str, kind: str, claimant, confirmer, reviewer, thanks: str, reason: str,
          posted: dt.date, counts: dict) -> None:
    """Take a posted wish to its final state, a day or two between steps."""
    if state == "submitted":
        return
    day = posted + dt.timedelta(days=1)
    with clock.frozen(_at(day, 9)):
        if state == "withdrawn":
            services.withdraw_wish(actor=confirmer or reviewer, wish=wish, reason=reason)
            return
        if state == "rejected":
            services.review_wish(actor=reviewer, wish=wish, decision="reject", reason=reason)
            return
        services.review_wish(actor=reviewer, wish=wish, decision="approve")
    if state == "open" or claimant is None:
        return
    day += dt.timedelta(days=1)
    with clock.frozen(_at(day, 15)):
        services.claim_wish(actor=claimant, wish=wish, kind={"member": "party_member"}.get(kind, kind))
    counts["claims"] += 1
    if state in ("claimed", "overdue"):
        return
    day += dt.timedelta(days=3)
    with clock.frozen(_at(day, 17)):
        services.record_fulfilment(actor=claimant, wish=wish, note=FULFIL_NOTES[kind])
    if state == "fulfilled":
        return
    day += dt.timedelta(days=1)
    with clock.frozen(_at(day, 19)):
        if confirmer is not None:
            services.confirm_fulfilment(actor=confirmer, wish=wish)
        else:
            services.confirm_fulfilment(actor=reviewer, wish=wish, reason=STAFF_CONFIRM)
        counts["confirmed"] += 1
        if state == "thanked" and confirmer is not None:
            services.thank(actor=confirmer, wish=wish, note=thanks)


def load(*, communities: list[RegionNode], actors: Actors, rng: random.Random, today: dt.date) -> dict[str, int]:
    counts = {"wishes": 0, "claims": 0, "confirmed": 0, "overdue": 0}
    for community in communities:
        full = community.name == "五美社区"
        staff = actors.community_staff if full else actors.admin
        member = _member_user(actors.admin, community, rng)
        resident_person = getattr(actors.resident, "person", None)
        own = {resident_person.pk} if full and resident_person is not None else set()
        others = _residents(community, own)
        if not others:
            continue
        picked = iter(rng.sample(others, min(len(others), len(WUMEI))))
        plan = WUMEI if full else [(t, b, "staff", ago, "confirmed" if i == 0 else "open", "member", "")
                                   for i, (t, b, ago) in enumerate(OTHERS)]
        for title, beneficiary, who, ago, state, kind, text in plan:
            posted = today - dt.timedelta(days=ago)
            mine = full and who == "self" and resident_person is not None
            with clock.frozen(_at(posted, 9 if who == "grid" else 10)):
                if mine:
                    wish = services.post_wish(actor=actors.resident, title=title, beneficiary=beneficiary)
                else:
                    poster = actors.grid_worker if full and who == "grid" else staff
                    wish = services.post_wish(actor=poster, resident=next(picked, others[0]),
                                              channel="grid_visit" if who == "grid" else "window", title=title,
                                              beneficiary=beneficiary)
            counts["wishes"] += 1
            claimant = {"unit": actors.liaison, "member": member, "volunteer": actors.volunteer}.get(kind)
            _walk(wish, state=state, kind=kind, claimant=claimant,
                  confirmer=actors.resident if mine else None, reviewer=staff,
                  thanks=text if state == "thanked" else "", reason=text, posted=posted, counts=counts)
    counts["overdue"] = services.sweep_overdue_claims(today=today)
    return counts
