"""The demo's points and points supermarket (积分超市) in 五美社区, written through the points services as the
community would run them: a rule of 10 points per confirmed hour, shelves stocked by the units and merchants of the
community (大米, 食用油, 洗衣液, 理发券 …), good deeds (好人好事) recognised with points, confirmed volunteer hours
credited by the sweep, and residents exchanging points — most items picked up, one request cancelled, one waiting
at the counter for 王秀英 to collect.

`load` is not wired into builder.py by this module: the lead calls it after the volunteering demo (so that the
sweep finds confirmed hours to pay) with the 五美 community, the demo's administrator, 五美's community staff and
王秀英's account."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from gongzhi.core import clock, limits
from gongzhi.organisations.models import Organisation
from gongzhi.people.models import Person
from gongzhi.points import services
from gongzhi.points.models import Item
from gongzhi.regions.models import RegionNode

TZ = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Actors:
    admin: object
    community_staff: object  # 五美社区
    resident: object  # 王秀英, linked to her person record


# (name, price in points, stock, description, preferred donor kinds)
ITEMS = [
    ("大米（5斤）", 50, 30, "桂林本地香米", ("merchant", "private_enterprise")),
    ("食用油（1.8升）", 80, 20, "花生油", ("merchant", "state_enterprise")),
    ("洗衣液（2千克）", 40, 25, "", ("private_enterprise", "merchant")),
    ("理发券", 30, 15, "辖区理发店凭券理发一次", ("merchant",)),
    ("毛巾两条", 20, 40, "", ("social_organisation", "merchant", "public_institution")),
    ("中医体质辨识一次", 60, 10, "到合作医院中医科预约", ("public_institution",)),
]

# (reason, points, days ago)
DEEDS = [
    ("拾金不昧，归还邻居遗失的钱包", 30, 150),
    ("连续一个月义务清扫楼道", 40, 120),
    ("冬夜帮助走失老人回家", 50, 95),
    ("劝阻高空抛物，保护邻里安全", 20, 70),
    ("协助社区开展防诈骗宣传", 30, 45),
    ("照顾独居老人就医", 50, 30),
    ("暴雨后帮忙疏通小区排水沟", 30, 12),
]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def _donors(community: RegionNode) -> list[Organisation]:
    return list(Organisation.objects.filter(home__path__startswith=community.path).order_by("kind", "name"))


def _donor_for(kinds: tuple[str, ...], donors: list[Organisation], used: set[int]) -> Organisation | None:
    for kind in kinds:
        for donor in donors:
            if donor.kind == kind and donor.pk not in used:
                used.add(donor.pk)
                return donor
    return next((d for d in donors if d.kind in kinds), None)


def load(*, community: RegionNode, actors: Actors, rng: random.Random, today: dt.date) -> dict[str, int]:
    """The community's rule, shelves, good deeds, hours credits and redemptions. Returns counts for the log."""
    staff = actors.community_staff
    counts = {"items": 0, "deeds": 0, "credited": 0, "redemptions": 0, "picked_up": 0, "cancelled": 0}
    start = today - dt.timedelta(days=180)
    with clock.frozen(_at(start, 9)):
        services.set_rule(actor=staff, community=community, points_per_hour=10, effective_from=limits.PLATFORM_START,
                          note="志愿服务每小时 10 积分（社区两委会议通过）")

    donors, used = _donors(community), set()
    items: list[Item] = []
    for i, (name, price, stock, description, kinds) in enumerate(ITEMS):
        with clock.frozen(_at(start + dt.timedelta(days=i), 10)):
            items.append(services.create_item(actor=staff, community=community, name=name, price=price, stock=stock,
                                              donor=_donor_for(kinds, donors, used), description=description))
        counts["items"] += 1

    me = getattr(actors.resident, "person", None)
    others = list(Person.objects.filter(home__path__startswith=community.path).exclude(
        pk=me.pk if me is not None else None).order_by("pk")[:200])
    residents = rng.sample(others, min(len(others), len(DEEDS)))
    if me is not None:
        residents = [me, *residents[: len(DEEDS) - 1]]
    for person, (reason, points, ago) in zip(residents, DEEDS, strict=False):
        day = today - dt.timedelta(days=ago)
        with clock.frozen(_at(day, 15)):
            services.award_good_deed(actor=staff, person=person, community=community, points=points, reason=reason,
                                     done_on=day)
        counts["deeds"] += 1

    with clock.frozen(_at(today - dt.timedelta(days=1), 2)):
        counts["credited"] = services.sweep().credited

    # exchanges: everyone with points spends some at the counter (picked up a few days later); one cancels
    cancelled = False
    for n, person in enumerate(residents):
        day = today - dt.timedelta(days=20 - n * 2)
        affordable = [i for i in items if i.price <= services.balance_of(person, community)]
        if not affordable:
            continue
        item = rng.choice(affordable)
        with clock.frozen(_at(day, 10)):
            redemption = services.redeem(actor=staff if person != me else actors.resident, item=item,
                                         resident=None if person == me else person)
        counts["redemptions"] += 1
        if person == me:
            continue  # 王秀英's request waits at the counter: she shows it on her phone when she collects it
        if not cancelled:
            with clock.frozen(_at(day, 16)):
                services.cancel_redemption(actor=staff, redemption=redemption, reason="居民改换其他商品")
            cancelled = True
            counts["cancelled"] += 1
            continue
        with clock.frozen(_at(day + dt.timedelta(days=1), 9)):
            services.confirm_pickup(actor=staff, redemption=redemption)
        counts["picked_up"] += 1

    with clock.frozen(_at(today - dt.timedelta(days=3), 11)):
        services.restock_item(actor=staff, item=items[0], change=10, reason="辖区商户再次捐赠")
    return counts
