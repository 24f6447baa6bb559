"""Seed the category taxonomy: the ten Xiangshan service categories (226 service items in 10 categories)
and 党建共建 for party-building items. System administrators maintain it afterwards in the Django admin."""

from django.db import migrations

CATEGORIES = [
    # (order, code, name, keywords)
    (10, "medical", "义诊医疗", "义诊 体检 健康 医疗 看病 中医 血压 血糖 慢病 康复 急救 护理 就医"),
    (20, "lecture", "公益讲座", "讲座 宣讲 培训 课堂 知识 科普 防诈骗 健康讲座 家庭教育"),
    (30, "elderly", "助老", "老人 老年 养老 空巢 独居 高龄 助餐 陪护 探访 适老化"),
    (40, "education", "助学", "学生 助学 辅导 作业 托管 四点半课堂 七彩假期 暑期 儿童 青少年 奖学金"),
    (50, "legal", "法律服务", "法律 咨询 调解 纠纷 维权 合同 普法 法律援助 律师"),
    (60, "culture_sports", "文体活动", "文艺 演出 体育 健身 广场舞 书法 读书 文化 比赛 节日"),
    (70, "repairs", "便民维修", "维修 水电 管道 家电 修理 理发 磨刀 便民 上门服务"),
    (80, "environment", "环境整治", "环境 卫生 垃圾 分类 绿化 清扫 楼道 违建 停车 老旧小区 改造"),
    (90, "employment", "就业帮扶", "就业 招聘 岗位 技能 创业 职业 培训 失业 再就业"),
    (100, "hardship_relief", "帮困慰问", "困难 慰问 帮扶 救助 低保 残疾 微心愿 捐赠 走访"),
    (110, "party_building", "党建共建", "党建 党课 主题党日 党员 组织生活 阵地 共建 品牌 孵化 指导"),
]


def seed(apps, schema_editor):
    Category = apps.get_model("lists", "Category")
    for order, code, name, keywords in CATEGORIES:
        Category.objects.update_or_create(code=code, defaults={"name": name, "order": order, "keywords": keywords,
                                                                "active": True})


def unseed(apps, schema_editor):
    Category = apps.get_model("lists", "Category")
    codes = [code for _order, code, _name, _keywords in CATEGORIES]
    # Only categories nothing refers to can go (PROTECT): a rollback with data in the lists keeps them.
    Category.objects.filter(code__in=codes, needs__isnull=True, resources__isnull=True,
                            activities__isnull=True).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("lists", "0002_claims_and_publication"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
