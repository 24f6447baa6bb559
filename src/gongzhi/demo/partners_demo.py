"""Demo data for 社区合伙人 in 象山街道, written through the partners services as the community would: six partners
of 五美社区 across the three kinds (桂林市中医医院 as 事业合伙 applied by its own liaison; a 桂林米粉店 registered by
community staff as a new merchant), one application waiting for review and one turned down, partner projects on
the board, and 象山街道's merchant alliance (商家联盟) with five merchants and their offers, elderly discounts among
them (one merchant left the alliance; its offer went with it)."""

from __future__ import annotations

import datetime as dt

from gongzhi.core import clock
from gongzhi.organisations.models import Organisation
from gongzhi.organisations.services import create_organisation
from gongzhi.partners import services
from gongzhi.partners.models import Offer, Partner, PartnerProject

# (unit name, kind, what it gives, what it gets, project: (title, content, beneficiaries) or None)
APPROVED = [
    ("桂林市中医医院", "institutional", "每月第一个周五上午在社区开展中医义诊、健康讲座；为辖区高龄老人上门体检。",
     "社区活动室每月一次；社区公众号、公示栏宣传。",
     ("中医进社区·每月义诊", "每月第一个周五上午在五美社区活动室义诊，测血压血糖，中医体质辨识。", "elderly")),
    ("桂林市崇善小学", "institutional", "寒暑假开放操场；教师志愿者参与“四点半课堂”。", "社区宣传；志愿服务时长记录。",
     ("四点半课堂", "每周一至周四下午放学后，教师志愿者在社区辅导作业。", "children")),
    ("桂爱社会工作服务中心", "public_good", "承接“七彩假期”“一元理发”等志愿服务项目，协助组建志愿服务队。",
     "社区服务站一间办公室；项目宣传。",
     ("七彩假期", "暑假期间为双职工家庭孩子开设兴趣课堂、安全教育。", "children")),
    ("象山区心连心志愿者协会", "public_good", "每周六组织志愿者看望独居老人、清扫楼道。", "活动室使用；表彰推荐。", None),
    ("象山区五美快剪理发店", "social_enterprise", "每周二为60岁以上老人“一元理发”。", "社区公众号、商家联盟宣传。",
     ("一元理发", "每周二上午，60岁以上老人凭老年证理发一元。", "elderly")),
]
NOODLES = "五美老友桂林米粉店"
# merchants of the street alliance: (name, offers: (title, description, audience))
MERCHANTS = [
    (NOODLES, [("老年人就餐优惠2元", "60岁以上老人凭老年证每碗米粉正常价优惠2元。", "elderly")]),
    ("象山区五美快剪理发店", [("老年人一元理发", "每周二上午，60岁以上老人理发一元。", "elderly"),
                              ("志愿者理发八折", "凭志愿者证理发八折。", "volunteers")]),
    ("五美惠民大药房", [("免费测血压", "每天上午免费测量血压、血糖。", "all"),
                       ("残疾人购药九五折", "凭残疾人证购买非处方药九五折。", "disabled")]),
    ("文化路便民修鞋配钥匙店", [("困难群众修鞋免费", "低保、特困人员修鞋免费。", "hardship")]),
    ("南门老字号豆浆店", [("老人早餐优惠", "60岁以上老人早餐套餐优惠1元。", "elderly")]),
]


def _merchant(builder, name: str, community) -> Organisation:
    found = Organisation.objects.filter(name=name).first()
    return found or create_organisation(actor=builder.admin, name=name, kind="merchant", home=community)


def load(builder) -> dict[str, int]:
    users = builder.demo_users()
    staff, street, liaison = users["wumei"], users["xiangshan_street"], users["zhongyi"]
    communities = builder.street_communities()
    wumei = next(c for c in communities if c.name == "五美社区")
    nanmen = next((c for c in communities if c.name == "南门社区"), wumei)
    today = clock.today()
    start = dt.date(today.year, 1, 1)
    end = dt.date(today.year, 12, 31)

    by_name = {o.name: o for o in Organisation.objects.filter(name__in=[a[0] for a in APPROVED],
                                                              home__path__startswith=wumei.path)}
    partners: list[Partner] = []
    for name, kind, gives, gets, project in APPROVED:
        org = by_name.get(name)
        if org is None:
            continue
        applicant = liaison if name == "桂林市中医医院" else staff
        p = services.apply(actor=applicant, community=wumei, organisation=org, kind=kind, gives=gives, gets=gets)
        p = services.approve(actor=staff, partner=p, gets=gets, agreement_start=start, agreement_end=end,
                             note="经社区党委会议研究同意")
        partners.append(p)
        if project is not None:
            title, content, beneficiaries = project
            pr = services.create_project(actor=applicant, partner=p, title=title, content=content,
                                         beneficiaries=beneficiaries, starts_on=start, ends_on=end)
            services.publish_project(actor=staff, project=pr)

    # a merchant new to the registry, registered by community staff with its application
    noodles = services.apply(actor=staff, community=wumei, kind="social_enterprise",
                             gives="60岁以上老人每碗米粉优惠2元；每月为独居老人送餐一次。", gets="商家联盟、社区公众号宣传。",
                             new_organisation={"name": NOODLES, "kind": "merchant", "contact_name": "莫师傅"})
    noodles = services.approve(actor=staff, partner=noodles, gets="商家联盟、社区公众号宣传；公示栏展示。",
                               agreement_start=start, agreement_end=end)
    partners.append(noodles)
    # one waiting for review, one turned down
    pending_org = Organisation.objects.filter(name="华润桂林医药有限公司").first()
    if pending_org is not None:
        services.apply(actor=staff, community=wumei, organisation=pending_org, kind="social_enterprise",
                       gives="每季度一次用药安全讲座，免费药箱整理。", gets="活动场地。")
    refused_org = Organisation.objects.filter(name="中国建设银行桂林五美支行").first()
    if refused_org is not None:
        refused = services.apply(actor=staff, community=wumei, organisation=refused_org, kind="social_enterprise",
                                 gives="理财产品推介会。", gets="社区活动室。")
        services.reject(actor=staff, partner=refused, reason="以产品推介为主，不属于公益或便民服务，请调整服务内容后再申请")

    # the street's merchant alliance
    alliance = services.create_alliance(actor=street, region=wumei.parent, name="象山街道商家联盟",
                                        founded_on=dt.date(today.year - 1, 9, 1),
                                        description="沿街商户自愿加入，为老年人、残疾人、困难群众提供便民优惠。")
    members = []
    for index, (name, offers) in enumerate(MERCHANTS):
        org = _merchant(builder, name, nanmen if name.startswith("南门") else wumei)
        member = services.add_member(actor=street, alliance=alliance, organisation=org,
                                     joined_on=dt.date(today.year - 1, 9, 1) + dt.timedelta(days=7 * index))
        members.append(member)
        for title, description, audience in offers:
            services.create_offer(actor=street, member=member, title=title, description=description,
                                  audience=audience, valid_from=start, valid_until=end, publish=True)
    # the shoe repairer closed its shop: it left the alliance and its offer was withdrawn with it
    services.remove_member(actor=street, member=members[3], left_on=max(today - dt.timedelta(days=20),
                                                                        members[3].joined_on))
    return {"partners": Partner.objects.filter(community=wumei, status="approved").count(),
            "partner_projects": PartnerProject.objects.filter(partner__community=wumei, status="published").count(),
            "alliance_offers": Offer.objects.filter(member__alliance=alliance, status="published").count()}
