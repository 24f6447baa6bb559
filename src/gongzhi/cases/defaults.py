"""The default case categories (诉求类别) with their limit classes, loaded by migration 0002 and by tests
that flush the database. Administrators edit them afterwards (limits per category, attributes, activation).

Limit classes follow the issue's defaults: 2 calendar hours for emergencies threatening life or property,
24 calendar hours for water/electricity/gas, 7 working days for ordinary requests, 15 for complex ones; a
department signs for a whistle within 1 working hour and the owner contacts the resident within 24 hours."""

from __future__ import annotations

# (order, code, name, group, urgency, is_dispute, keywords, description)
CATEGORIES = [
    (10, "gas_leak", "燃气泄漏", "紧急险情", "emergency", False, "燃气 煤气 漏气 气味 爆炸",
     "闻到燃气味、燃气管道泄漏等危及生命财产安全的险情"),
    (20, "building_danger", "房屋险情", "紧急险情", "emergency", False, "危房 墙体 开裂 坍塌 脱落 险情",
     "墙体开裂、外墙脱落、房屋坍塌风险"),
    (30, "water_power", "停水停电", "水电气", "utilities", False, "停水 停电 水压 跳闸 供水 供电 水管爆裂",
     "突发停水停电、水管爆裂、水压不足"),
    (40, "sewage", "下水道堵塞与污水外溢", "市政设施", "ordinary", False,
     "下水道 堵塞 污水 外溢 化粪池 管道 反水 渗水", "下水道、排污管堵塞，污水外溢、渗漏"),
    (50, "road_lighting", "道路与路灯", "市政设施", "ordinary", False, "路灯 不亮 道路 坑洼 井盖 破损",
     "路灯损坏、路面坑洼、井盖缺失"),
    (60, "sanitation", "环境卫生", "环境卫生", "ordinary", False, "垃圾 清运 卫生 堆放 蚊虫 异味 楼道",
     "垃圾清运不及时、楼道杂物堆放、卫生死角"),
    (70, "noise", "噪音扰民", "环境卫生", "ordinary", False, "噪音 扰民 吵闹 装修 广场舞 半夜",
     "装修、经营、娱乐等噪音扰民"),
    (80, "property", "物业服务", "物业管理", "ordinary", False, "物业 电梯 门禁 停车 收费 保安",
     "物业服务、电梯故障、停车管理"),
    (90, "illegal_building", "违章搭建", "城市管理", "complex", False, "违建 违章 搭建 占道 圈占 绿地",
     "违章搭建、占用公共空间"),
    (100, "hardship", "困难帮扶", "民生保障", "ordinary", False, "困难 低保 救助 残疾 独居 老人 帮扶",
     "困难群众生活求助"),
    (110, "neighbour_dispute", "邻里纠纷", "矛盾纠纷", "complex", True, "邻里 纠纷 矛盾 漏水 渗水 噪音 赔偿 调解",
     "邻里之间因漏水、噪音、占用等引起的纠纷"),
    (120, "family_dispute", "婚姻家庭纠纷", "矛盾纠纷", "complex", True, "家庭 婚姻 赡养 抚养 继承 家暴",
     "婚姻、赡养、继承等家庭纠纷"),
    (130, "labour_dispute", "劳资纠纷", "矛盾纠纷", "complex", True, "欠薪 工资 劳务 劳动 合同 讨薪",
     "拖欠工资、劳务合同纠纷"),
    (140, "other", "其他诉求", "其他", "ordinary", False, "", "以上类别以外的诉求"),
]

# Resolution limit per urgency class: (counting, hours, working days).
RESOLUTION = {
    "emergency": ("calendar", 2, 0),
    "utilities": ("calendar", 24, 0),
    "ordinary": ("working_days", 0, 7),
    "complex": ("working_days", 0, 15),
}


def seed_categories(CaseCategory, Calendar) -> None:
    """Create or refresh the default categories (models passed in so a migration can use historical ones)."""
    calendar = Calendar.objects.get(code="cn-national")
    for order, code, name, group, urgency, is_dispute, keywords, description in CATEGORIES:
        counting, hours, days = RESOLUTION[urgency]
        CaseCategory.objects.update_or_create(code=code, defaults={
            "name": name, "group": group, "urgency": urgency, "is_dispute": is_dispute, "keywords": keywords,
            "description": description, "order": order, "calendar": calendar, "active": True,
            "resolution_counting": counting, "resolution_hours": hours, "resolution_days": days,
            "response_counting": "working", "response_hours": 1, "contact_hours": 24,
        })
