"""The demo's service menus and resident orders (四单: 点单 · 派单 · 接单 · 评单), written through the services.

Every community of the street gets its menu built from its published resources and the commitments of its signed
contract (see cooperation.py, which must run first). 五美社区's menu is curated as its staff would: the commitment
items that repeat a resource already on the menu are withdrawn, the merchant alliance's price is written down, the
学雷锋 volunteer team and an in-service party member offer a service each. Then about three dozen orders of the past
months in every state: most rated, some cancelled, one waiting past its limit (escalated by the sweep), one with a
low rating the staff still have to follow up. 王秀英 (`wangxiuying`) orders from her phone; other residents through
the grid worker, by phone or at the service window.

Every step runs at its own moment (the clock is frozen at each), in time order across all orders, so that places
are taken from the right month and deadlines mean something."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from gongzhi.core import clock
from gongzhi.lists.models import Category
from gongzhi.orders import services
from gongzhi.orders.models import MenuItem
from gongzhi.people.models import PartyMember, Person, VolunteerTeam
from gongzhi.regions.models import RegionNode

FEATURED_COMMUNITY = "五美社区"
TEAM_NAME = "学雷锋志愿服务队"


@dataclass(frozen=True)
class Actors:
    admin: object
    community_staff: object  # wumei
    grid_worker: object  # wumei_grid
    liaison: object  # zhongyi: 桂林市中医医院
    resident: object  # wangxiuying
    volunteer: object  # liuyang: 学雷锋志愿服务队


# Menu items by key: the title of the resource (or item) they come from.
ITEMS = {
    "haircut": "一元理发、免费磨刀、便民维修",
    "clinic": "大型义诊与健康体检",
    "lecture": "中医养生健康讲座",
    "classroom": "四点半课堂课后看护",
    "visits": "长者驿站探访服务",
    "escort": "就医陪诊、代买药品",
    "appliance": "家电义务维修",
}

# (days ago, who, item key or (free text, category code), final state, rating, comment, note for the provider)
# who: "wang" = 王秀英 herself; "grid"/"phone"/"window" = another resident, through that channel.
STORY = [
    (150, "wang", "haircut", "rated", 5, "师傅很耐心，一块钱理得很精神", ""),
    (146, "grid", "clinic", "rated", 5, "医生讲得很细，血压控制心里有数了", "行动不便，请安排在前排"),
    (140, "phone", "visits", "rated", 4, "志愿者每月都来陪老人聊天", ""),
    (133, "window", ("孙子放学后没人接，想报名课后托管", "education"), "rated", 5, "孩子作业有人辅导了", ""),
    (127, "wang", "clinic", "rated", 5, "家门口就能看中医，方便", ""),
    (120, "grid", "haircut", "rated", 4, "排队的人有点多，但很实惠", ""),
    (113, "phone", ("家里菜刀钝了，想找人磨一磨", "repairs"), "rated", 5, "免费磨刀，好", ""),
    (108, "wang", "escort", "rated", 5, "小刘陪我去医院复查，跑上跑下", "周三上午去医院复查"),
    (101, "window", "lecture", "cancelled", None, "那天要带孙子打疫苗", ""),
    (96, "grid", "visits", "rated", 2, "约好的时间没来，等了一个多星期才上门", ""),  # followed up below
    (90, "phone", "classroom", "rated", 5, "老师很负责", ""),
    (84, "wang", ("家里水龙头一直滴水，想请人修一下", "repairs"), "rated", 5, "第二天就上门修好了", ""),
    (77, "grid", "haircut", "rated", 5, "", ""),
    (70, "window", "clinic", "rated", 4, "测了血糖，医生给了饮食建议", ""),
    (63, "phone", "escort", "rated", 5, "", "独居，需要有人陪同去医院拿药"),
    (57, "wang", "lecture", "rated", 4, "讲得通俗易懂", ""),
    (50, "grid", "appliance", "rated", 5, "党员师傅把洗衣机修好了，没收钱", ""),
    (44, "phone", ("楼上漏水到我家厨房", "repairs"), "cancelled", None, "物业已经处理了", ""),
    (38, "wang", "haircut", "rated", 5, "每月都来理一次", ""),
    (32, "window", "classroom", "rated", 5, "", ""),
    (27, "grid", "visits", "rated", 1, "探访只待了五分钟就走了", ""),  # low rating, follow-up still open
    (21, "phone", "clinic", "confirmed_by_staff", None, "", ""),
    (16, "wang", "visits", "rated", 5, "志愿者帮我量了血压", ""),
    (12, "grid", "haircut", "auto_confirmed", None, "", ""),
    (9, "window", ("想给卧床的老伴请人上门理发", "repairs"), "confirmed", None, "", "卧床，需上门"),
    (6, "wang", "haircut", "confirmed", None, "", ""),
    (4, "phone", "lecture", "cancelled", None, "身体不舒服去不了", ""),
    (3, "grid", ("楼道里堆满杂物，希望有人帮忙清理", "environment"), "overdue", None, "", ""),
    (2, "wang", "clinic", "delivered", None, "", ""),
    (2, "window", "escort", "taken", None, "", "下周一去人民医院复诊"),
    (1, "phone", ("家里灯泡坏了，老人够不着", "repairs"), "taken", None, "", ""),
    (0.6, "grid", "classroom", "dispatched", None, "", ""),
    (0.3, "wang", "escort", "open", None, "", "下周二上午去医院拿药"),
    (0.2, "window", ("想咨询老年人防诈骗知识", "lecture"), "open", None, "", ""),
]

STAFF_CONFIRM_REASON = "电话回访，居民确认已服务"


def _categories() -> dict[str, Category]:
    return {c.code: c for c in Category.objects.all()}


def _curate(community: RegionNode, actors: Actors, categories) -> dict[str, MenuItem]:
    """五美社区's staff tidy the built menu and add the services of a volunteer team and a party member."""
    staff = actors.community_staff
    items = {i.title: i for i in MenuItem.objects.filter(community=community).select_related("resource")}
    for item in items.values():
        if item.commitment_id and any(o.organisation_id == item.organisation_id and o.resource_id
                                      and o.category_id == item.category_id for o in items.values()):
            services.withdraw_item(actor=staff, item=item)  # the same offer is on the menu as a resource
    haircut = items[ITEMS["haircut"]]
    services.update_item(actor=staff, item=haircut, price_note="理发1元，磨刀、小修免费")
    team = VolunteerTeam.objects.filter(community=community, name=TEAM_NAME).first()
    if team is not None:
        items[ITEMS["escort"]] = services.create_item(
            actor=staff, community=community, title=ITEMS["escort"], category=categories["elderly"], provider=team,
            offer="志愿者陪同独居、高龄老人就医，代买常用药品", schedule="提前一天预约", place="上门服务")
    member = (PartyMember.objects.filter(in_service=True, registered_community=community)
              .select_related("person").order_by("pk").first())
    if member is not None:
        items[ITEMS["appliance"]] = services.create_item(
            actor=staff, community=community, title=ITEMS["appliance"], category=categories["repairs"],
            provider=member, offer="在职党员利用周末义务维修洗衣机、电饭煲等小家电", schedule="每周六下午",
            place="五美社区党群服务中心", period="week", capacity=5)
    return {key: items[title] for key, title in ITEMS.items() if title in items}


class _Timeline:
    """Steps of many orders, run in time order with the clock frozen at each."""

    def __init__(self):
        self.steps: list[tuple[dt.datetime, int, object]] = []

    def at(self, when: dt.datetime, step) -> None:
        self.steps.append((when, len(self.steps), step))

    def run(self) -> None:
        for when, _n, step in sorted(self.steps, key=lambda s: (s[0], s[1])):
            with clock.frozen(when):
                step()


def load(*, communities: list[RegionNode], actors: Actors, rng: random.Random, today: dt.date) -> dict[str, int]:
    now = clock.now()
    categories = _categories()
    counts = {"menu_items": 0, "orders": 0}
    # The menu is built once this year's contracts are in force (15 January) and at most ~5 months back.
    january = dt.datetime(today.year, 1, 15, 9, tzinfo=now.tzinfo)
    built = min(now - dt.timedelta(hours=12), max(now - dt.timedelta(days=max(d for d, *_rest in STORY) + 5), january))
    featured = None
    for community in communities:
        with clock.frozen(built):
            services.build_menu(actor=None, community=community)
        if community.name == FEATURED_COMMUNITY:
            featured = community
    if featured is None:
        return counts
    with clock.frozen(built):
        items = _curate(featured, actors, categories)
    neighbours = list(Person.objects.filter(home__path__startswith=featured.path, user__isnull=True)
                      .select_related("home").order_by("pk")[:400])
    rng.shuffle(neighbours)
    timeline = _Timeline()
    made: list = []
    for n, (days_ago, who, what, state, rating, comment, note) in enumerate(STORY):
        if isinstance(what, str) and what not in items:
            continue
        placed = now - dt.timedelta(days=days_ago, minutes=rng.randint(0, 90))
        if placed <= built:
            continue  # early in the year: only the orders since the menu exists
        resident = None if who == "wang" else neighbours[n % len(neighbours)] if neighbours else None
        if who != "wang" and resident is None:
            continue
        _schedule(timeline, made, items, categories, actors, placed=placed, who=who, what=what, state=state,
                  rating=rating, comment=comment, note=note, resident=resident, now=now)
    day = built
    while day < now:  # the hourly sweep, once a day here: escalates untaken orders once, closes late confirmations
        timeline.at(day, services.sweep_orders)
        day += dt.timedelta(days=1)
    timeline.run()
    services.sweep_orders()
    counts["menu_items"] = MenuItem.objects.filter(community__in=communities).count()
    counts["orders"] = len(made)
    return counts


def _schedule(timeline, made, items, categories, actors, *, placed, who, what, state, rating, comment, note,
              resident, now):
    staff, h = actors.community_staff, dt.timedelta(hours=1)
    item = items[what] if isinstance(what, str) else None
    box: dict = {}

    def place():
        kwargs = {"menu_item": item} if item else {"title": what[0], "category": categories[what[1]]}
        if who == "wang":
            box["order"] = services.place_order(actor=actors.resident, description=note, **kwargs)
        else:
            channel = {"grid": "grid_worker", "phone": "phone", "window": "window"}[who]
            actor = actors.grid_worker if who == "grid" else staff
            box["order"] = services.place_order(actor=actor, resident=resident, channel=channel, description=note,
                                                **kwargs)
        made.append(box["order"])

    timeline.at(placed, place)
    if state in ("open", "overdue"):
        return
    if state == "cancelled":
        timeline.at(placed + 3 * h, lambda: services.cancel_order(
            actor=actors.resident if who == "wang" else staff, order=box["order"], reason=comment))
        return
    target = item or items.get("haircut" if what[1] == "repairs" else "classroom" if what[1] == "education"
                               else "lecture")

    def dispatch():
        services.dispatch_order(actor=staff, order=box["order"], menu_item=target)

    timeline.at(placed + 2 * h, dispatch)
    if state == "dispatched":
        return

    def provider_user():
        if target.team_id:
            return actors.volunteer
        if target.organisation_id and target.organisation.name == "桂林市中医医院":
            return actors.liaison
        return None  # a unit or party member without a demo account: recorded by the system

    late = dt.timedelta(days=8) if rating is not None and rating <= 2 else dt.timedelta(hours=5)
    timeline.at(placed + late, lambda: services.take_order(actor=provider_user(), order=box["order"],
                                                           provider=target.provider_key))
    if state == "taken":
        return
    delivered = min(placed + late + dt.timedelta(hours=20), now - dt.timedelta(hours=10))
    timeline.at(delivered, lambda: services.deliver_order(actor=provider_user(), order=box["order"],
                                                          note=_delivery_note(target)))
    if state == "delivered":
        return
    if state == "auto_confirmed":
        return  # the sweep at the end confirms it for her: 居民逾期未确认
    if state == "confirmed_by_staff":
        timeline.at(delivered + dt.timedelta(hours=30), lambda: services.confirm_order(
            actor=staff, order=box["order"], reason=STAFF_CONFIRM_REASON))
        return
    confirmer = actors.resident if who == "wang" else staff
    confirm_at = delivered + (dt.timedelta(hours=3) if who == "wang" else dt.timedelta(hours=26))
    timeline.at(confirm_at, lambda: services.confirm_order(
        actor=confirmer, order=box["order"], reason="" if who == "wang" else STAFF_CONFIRM_REASON))
    if state == "confirmed":
        return
    rater = actors.resident if who == "wang" else None
    timeline.at(confirm_at + h, lambda: services.rate_order(actor=rater, order=box["order"], rating=rating,
                                                            comment=comment))
    if rating <= 2 and comment.startswith("约好"):  # the older low rating has been followed up
        timeline.at(confirm_at + 26 * h, lambda: services.resolve_follow_up(
            actor=staff, order=box["order"], note="已电话致歉，与服务方重新约定每月第一周上门"))


def _delivery_note(item: MenuItem) -> str:
    return {
        "haircut": "已在社区党群服务中心理发，收费1元",
        "clinic": "已测量血压血糖，中医问诊并给出调理建议",
        "lecture": "已参加健康讲座，发放养生手册",
        "classroom": "已安排进入四点半课堂，辅导作业",
        "visits": "志愿者上门探访，陪老人聊天、量血压",
        "escort": "志愿者陪同就医，已取药送回家",
        "appliance": "已上门检修，更换零件（居民自购）",
    }.get(next((k for k, t in ITEMS.items() if t == item.title), ""), "已完成服务")
