"""Demo data for 服务阵地 in 象山街道, through the services: 象山区's bounding box, the coordinates of every
neighbourhood of the street's seven communities (around 桂林 象山区, ≈ 25.26 N, 110.29 E), and their service points —
a red station in each community (some open 24 hours), canteens and meal points with the elderly discount
"正常价优惠2元", day-care centres, elderly activity centres, outreach points of resident units (the hospital's health
station, the bank's rest stop) and merchants — run by the units of the demo where a unit runs them.

Coordinates are plausible, not surveyed. The street is left with real gaps on purpose: no day-care centre serves
三里店, elderly activity centres are few, and 五美社区's old work-unit compound in the west (桂电宿舍) lies beyond a
15-minute walk of a meal point, an activity centre and day care — what the 15-minute circle page is for."""

from __future__ import annotations

import math

from gongzhi.organisations.models import Organisation
from gongzhi.regions.models import RegionKind, RegionNode
from gongzhi.servicepoints import services
from gongzhi.servicepoints.geometry import M_PER_DEG_LAT

# 象山区's box: 榕湖 in the north to 二塘 in the south, 甲山 in the west to the 漓江 in the east (generous)
XIANGSHAN_BOX = {"min_lat": "25.150", "max_lat": "25.320", "min_lon": "110.180", "max_lon": "110.360",
                 "postal_code": "541002"}

# where each community's centre lies (degrees), and how far its neighbourhoods spread (metres)
CENTRES = {
    "五美社区": (25.2682, 110.2905, 420), "南门社区": (25.2615, 110.2858, 380), "文明社区": (25.2652, 110.2985, 360),
    "虹桥社区": (25.2545, 110.2950, 420), "崇善社区": (25.2735, 110.2960, 380), "三里店社区": (25.2520, 110.3080, 650),
    "文昌社区": (25.2590, 110.2905, 380),
}
# 五美社区's named compounds, placed by hand (桂电宿舍 in the west, out of reach of most services)
WUMEI = {"五美小区": (25.2695, 110.2912), "文化里": (25.2668, 110.2950), "桂电宿舍": (25.2706, 110.2812),
         "五美新村": (25.2660, 110.2885), "中医院宿舍": (25.2688, 110.2935), "五美路42号院": (25.2700, 110.2880)}

H24 = {"open_24h": True}
DAY = {"opens_at": "08:00", "closes_at": "17:30"}
MEALS = {"opens_at": "10:30", "closes_at": "19:00"}

# (community, kind, name, address, (lat, lon), offerings, hours, operator name or "", elderly discount, description)
POINTS = [
    ("五美社区", "red_station", "五美红色驿站", "五美路36号", (25.2688, 110.2918),
     ["hot_water", "rest", "charging", "toilet", "first_aid"], H24, "", None, "党员志愿者轮流值守，全天候为环卫工人、快递小哥和过往群众服务。"),
    ("五美社区", "canteen", "五美社区老饭桌", "五美路40号", (25.2676, 110.2926),
     ["meals", "elderly_discount", "meal_delivery"], MEALS, "桂爱社会工作服务中心", "2", "60岁以上老人凭老年证就餐，行动不便的可预约送餐。"),
    ("五美社区", "day_care", "五美日间照料中心", "文化路12号", (25.2664, 110.2942),
     ["day_care", "meals", "rest", "activities", "health"], {**DAY, "days": "123456"}, "桂爱社会工作服务中心", None,
     "白天托老、午餐午休、康复理疗。"),
    ("五美社区", "unit_point", "市中医院健康驿站", "五美路2号", (25.2701, 110.2931),
     ["health", "rest", "hot_water", "first_aid"], {**DAY, "days": "12345"}, "桂林市中医医院", None,
     "免费测血压血糖，中医健康咨询。"),
    ("五美社区", "unit_point", "建行五美支行劳动者港湾", "五美路9号", (25.2693, 110.2896),
     ["hot_water", "rest", "charging", "toilet"], {"opens_at": "09:00", "closes_at": "17:00"},
     "中国建设银行桂林五美支行", None, ""),
    ("五美社区", "merchant", "五美快剪爱心点", "五美路40号", (25.2679, 110.2922),
     ["haircut", "hot_water", "rest", "charging"], {"opens_at": "09:00", "closes_at": "21:00"}, "象山区五美快剪理发店",
     None, "为社区老人提供“一元理发”。"),
    ("五美社区", "merchant", "五美老友米粉助餐点", "文化路20号", (25.2672, 110.2958),
     ["meals", "elderly_discount"], {"opens_at": "06:30", "closes_at": "14:00"}, "五美老友桂林米粉店", "2",
     "商家联盟成员：老人凭老年证每碗米粉优惠2元。"),
    ("南门社区", "red_station", "南门红色驿站", "南门路18号", (25.2620, 110.2866),
     ["hot_water", "rest", "charging", "first_aid"], H24, "", None, ""),
    ("南门社区", "canteen", "南门长者饭堂", "环城南一路18号", (25.2607, 110.2842),
     ["meals", "elderly_discount", "meal_delivery"], MEALS, "桂林南门健康养老服务中心", "2", ""),
    ("南门社区", "day_care", "南门养老服务中心日间照料站", "环城南一路18号之一", (25.2604, 110.2846),
     ["day_care", "rest", "activities"], {**DAY, "days": "12345"}, "桂林南门健康养老服务中心", None, ""),
    ("南门社区", "unit_point", "市人民医院便民服务点", "南门路12号", (25.2628, 110.2878),
     ["health", "rest", "hot_water"], {**DAY, "days": "12345"}, "桂林市人民医院", None, ""),
    ("文明社区", "red_station", "文明红色驿站", "文明路20号", (25.2655, 110.2978),
     ["hot_water", "rest", "charging", "reading"], {"opens_at": "08:00", "closes_at": "21:00"}, "", None, ""),
    ("文明社区", "merchant", "文明市场助餐点", "文明路文明市场", (25.2648, 110.2996),
     ["meals", "elderly_discount"], {"opens_at": "10:30", "closes_at": "13:30"}, "文明市场商家联盟", "2", ""),
    ("文明社区", "elderly_centre", "文明社区老年活动中心", "文明路31号", (25.2661, 110.2990),
     ["activities", "reading", "rest", "hot_water"], {"opens_at": "08:00", "closes_at": "21:00"}, "", None, ""),
    ("虹桥社区", "red_station", "虹桥红色驿站", "虹桥路11号", (25.2550, 110.2946),
     ["hot_water", "rest", "charging"], {"opens_at": "07:30", "closes_at": "20:00"}, "象山区虹桥社会工作服务站", None, ""),
    ("虹桥社区", "canteen", "虹桥长者食堂", "上海路15号", (25.2538, 110.2962),
     ["meals", "elderly_discount"], MEALS, "象山区虹桥社会工作服务站", "2", ""),
    ("崇善社区", "red_station", "崇善红色驿站", "崇善路16号", (25.2738, 110.2955),
     ["hot_water", "rest", "charging", "toilet", "first_aid"], H24, "", None, ""),
    ("崇善社区", "canteen", "漓水人家老饭桌", "民主路21号", (25.2728, 110.2968),
     ["meals", "elderly_discount", "meal_delivery"], MEALS, "广西漓水人家餐饮有限公司", "2", ""),
    ("崇善社区", "elderly_centre", "崇善社区老年活动中心", "崇善路8号", (25.2742, 110.2948),
     ["activities", "reading", "rest"], {"opens_at": "08:00", "closes_at": "21:30"}, "", None, ""),
    ("三里店社区", "red_station", "三里店红色驿站", "凯风路10号", (25.2528, 110.3060),
     ["hot_water", "rest", "charging"], {"opens_at": "08:00", "closes_at": "20:00"}, "", None, ""),
    ("三里店社区", "unit_point", "象山加油站爱心驿站", "象山路88号", (25.2512, 110.3095),
     ["hot_water", "rest", "charging", "toilet"], H24, "中国石化销售股份有限公司广西桂林象山加油站", None, ""),
    ("三里店社区", "day_care", "益家日间照料中心", "南溪路22号", (25.2545, 110.3025),
     ["day_care", "meals", "rest"], {**DAY, "days": "12345"}, "桂林市象山区益家公益服务中心", None, ""),
    ("文昌社区", "red_station", "文昌红色驿站", "文昌路26号", (25.2594, 110.2912),
     ["hot_water", "rest", "charging", "first_aid"], {"opens_at": "07:30", "closes_at": "21:00"}, "", None, ""),
    ("文昌社区", "elderly_centre", "文昌老年协会活动中心", "文昌路26号之二", (25.2588, 110.2902),
     ["activities", "reading", "rest", "hot_water"], {"opens_at": "08:30", "closes_at": "21:00"}, "象山区文昌老年协会",
     None, ""),
    ("文昌社区", "unit_point", "文昌医院健康驿站", "翊武路3号", (25.2580, 110.2930),
     ["health", "rest", "hot_water"], {**DAY, "days": "123456"}, "桂林文昌医院", None, ""),
]


def _spread(centre: tuple[float, float, int], i: int, n: int) -> tuple[str, str]:
    """The i-th of n neighbourhoods on a ring around the community's centre, alternating near and far."""
    lat, lon, metres = centre
    r = metres * (0.55 if i % 2 else 1.0)
    a = 2 * math.pi * i / max(1, n) + 0.4
    dlat = r * math.sin(a) / M_PER_DEG_LAT
    dlon = r * math.cos(a) / (M_PER_DEG_LAT * math.cos(math.radians(lat)))
    return f"{lat + dlat:.6f}", f"{lon + dlon:.6f}"


def load(builder) -> dict[str, int]:
    users = builder.demo_users()
    staff, admin = users.get("wumei"), builder.admin
    communities = {c.name: c for c in builder.street_communities()}
    district = RegionNode.objects.get(kind=RegionKind.DISTRICT, name="象山区")
    services.set_service_area(actor=users.get("xiangshan") or admin, region=district, **XIANGSHAN_BOX)

    located = 0
    for name, community in communities.items():
        nodes = list(RegionNode.objects.filter(parent=community, kind=RegionKind.NEIGHBOURHOOD).order_by("path"))
        actor = staff if name == "五美社区" else admin
        for i, node in enumerate(nodes):
            lat, lon = (map(str, WUMEI[node.name]) if name == "五美社区" and node.name in WUMEI
                        else _spread(CENTRES[name], i, len(nodes)))
            services.set_neighbourhood_location(actor=actor, neighbourhood=node, lat=lat, lon=lon)
            located += 1

    units = {o.name: o for o in Organisation.objects.filter(name__in={p[7] for p in POINTS if p[7]})}
    points = 0
    for community, kind, name, address, (lat, lon), offerings, hours, operator, discount, description in POINTS:
        if community not in communities:
            continue
        services.create_point(actor=staff if community == "五美社区" else admin, community=communities[community],
                              kind=kind, name=name, address=address, lat=str(lat), lon=str(lon), offerings=offerings,
                              elderly_discount=discount, operator=units.get(operator), description=description,
                              **hours)
        points += 1
    return {"service_points": points, "located_neighbourhoods": located}
