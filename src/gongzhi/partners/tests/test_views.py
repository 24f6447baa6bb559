"""The partner pages: the list with filters, applying (liaison and staff for a new unit), the record with review,
projects, alliances and offers; forms show the services' Chinese errors; out of scope is 404."""

import datetime as dt

from django.urls import reverse

from gongzhi.organisations.models import Organisation
from gongzhi.partners import services
from gongzhi.partners.models import AllianceMember, Offer, Partner, PartnerProject, PartnerStatus
from gongzhi.partners.tests.conftest import approved


def test_a_liaison_applies_on_the_page(world, partners, client_for):
    c = client_for(partners.noodles_liaison)
    page = c.get(reverse("partners:apply"))
    assert page.status_code == 200 and "新单位名称" not in page.content.decode()
    r = c.post(reverse("partners:apply"), {"community": world.wumei.pk, "organisation": partners.noodles.pk,
                                           "kind": "social_enterprise", "gives": "", "gets": "宣传"})
    assert "请填写合伙人提供的服务或资源" in r.content.decode() and not Partner.objects.exists()
    r = c.post(reverse("partners:apply"), {"community": world.wumei.pk, "organisation": partners.noodles.pk,
                                           "kind": "social_enterprise", "gives": "老年人就餐优惠2元", "gets": "宣传"})
    p = Partner.objects.get()
    assert r.status_code == 302 and r.url == reverse("partners:detail", args=[p.pk])
    r = c.post(reverse("partners:apply"), {"community": world.wumei.pk, "organisation": partners.noodles.pk,
                                           "kind": "social_enterprise", "gives": "再来一次"})
    assert "只能有一份有效的合伙申请" in r.content.decode() and Partner.objects.count() == 1


def test_staff_apply_for_a_new_merchant_and_approve_it(world, partners, client_for):
    c = client_for(world.wumei_staff)
    r = c.post(reverse("partners:apply"), {"community": world.wumei.pk, "organisation": "",
                                           "new_name": "五美便民理发店", "new_kind": "merchant",
                                           "kind": "social_enterprise", "gives": "每月为老人免费理发"})
    p = Partner.objects.get()
    assert r.status_code == 302 and p.organisation.name == "五美便民理发店"
    url = reverse("partners:detail", args=[p.pk])
    r = c.post(url, {"action": "approve", "approve-gives": p.gives, "approve-gets": "宣传",
                     "approve-agreement_start": "2026-07-01", "approve-agreement_end": "2026-06-01"})
    assert "早于起始日期" in r.content.decode()
    r = c.post(url, {"action": "approve", "approve-gives": p.gives, "approve-gets": "社区活动室每月一次、公众号宣传",
                     "approve-agreement_start": "2026-07-01", "approve-agreement_end": "2027-06-30"})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == PartnerStatus.APPROVED
    assert Organisation.objects.get(name="五美便民理发店").partner_type == "social_enterprise"
    page = c.get(url).content.decode()
    assert "合伙协议" in page and "2027-06-30" in page and "批准入伙并签订合伙协议" in page


def test_the_list_filters_and_scope(world, partners, client_for):
    approved(world, partners.noodles)
    services.apply(actor=world.wumei_staff, community=world.wumei, organisation=world.hospital, kind="institutional",
                   gives="义诊")
    c = client_for(world.wumei_staff)
    assert c.get(reverse("partners:list")).content.decode().count('data-testid="partner-row"') == 2
    assert c.get(reverse("partners:list") + "?kind=institutional").content.decode().count(
        'data-testid="partner-row"') == 1
    assert client_for(world.nanmen_staff).get(reverse("partners:list")).content.decode().count(
        'data-testid="partner-row"') == 0
    p = Partner.objects.get(organisation=world.hospital)
    assert client_for(world.nanmen_staff).get(reverse("partners:detail", args=[p.pk])).status_code == 404
    assert client_for(partners.noodles_liaison).get(reverse("partners:detail", args=[p.pk])).status_code == 404


def test_it_requires_a_workbench_role(world, partners, client_for):
    r = client_for(world.resident).get(reverse("partners:list"))
    assert r.status_code == 302  # the resident shell
    assert client_for(world.receiver).get(reverse("partners:list")).status_code == 404


def test_reject_and_end_on_the_record(world, partners, client_for):
    c = client_for(world.wumei_staff)
    p = services.apply(actor=partners.noodles_liaison, community=world.wumei, organisation=partners.noodles,
                       kind="social_enterprise", gives="优惠")
    url = reverse("partners:detail", args=[p.pk])
    assert "请填写不通过的理由" in c.post(url, {"action": "reject", "reject-reason": ""}).content.decode()
    c.post(url, {"action": "reject", "reject-reason": "请补充细则"})
    p.refresh_from_db()
    assert p.status == PartnerStatus.REJECTED
    assert client_for(partners.noodles_liaison).post(url, {"action": "end", "end-reason": "x"}).status_code == 404


def test_projects_page(world, partners, client_for):
    p = approved(world, partners.noodles)
    liaison = client_for(partners.noodles_liaison)
    r = liaison.post(reverse("partners:projects"), {"partner": p.pk, "title": "爱心早餐", "content": "免费早餐",
                                                    "beneficiaries": "elderly", "starts_on": "2026-07-01"})
    assert r.status_code == 302
    project = PartnerProject.objects.get()
    assert liaison.post(reverse("partners:project_publish", args=[project.pk])).status_code == 404
    project.refresh_from_db()
    assert project.status == "draft"
    client_for(world.wumei_staff).post(reverse("partners:project_publish", args=[project.pk]))
    project.refresh_from_db()
    assert project.status == "published"
    board = client_for(world.resident).get(reverse("core:board", args=[world.wumei.pk])).content.decode()
    assert "爱心早餐" in board and "五美老字号桂林米粉店" in board


def test_alliance_pages(world, partners, alliance, client_for):
    street = client_for(world.street_staff)
    url = reverse("partners:alliance", args=[alliance.pk])
    assert street.get(reverse("partners:alliances")).status_code == 200
    r = street.post(url, {"action": "offer", "offer-member": partners.bakery_member.pk, "offer-title": "面包八折",
                          "offer-description": "每晚八点后", "offer-audience": "all",
                          "offer-valid_from": "2026-06-01", "offer-publish": "on"})
    assert r.status_code == 302 and Offer.objects.get().status == "published"
    liaison = client_for(partners.noodles_liaison)
    page = liaison.get(url).content.decode()
    assert 'data-testid="member-form"' not in page and 'data-testid="offer-form"' in page
    r = liaison.post(url, {"action": "offer", "offer-member": partners.bakery_member.pk, "offer-title": "x",
                           "offer-description": "y", "offer-audience": "all", "offer-valid_from": "2026-06-01"})
    assert r.status_code == 200 and Offer.objects.count() == 1  # not their member: an invalid choice
    leave = street.post(reverse("partners:member_leave", args=[partners.bakery_member.pk]), {"left_on": "2026-06-30"})
    assert leave.status_code == 302
    assert AllianceMember.objects.get(pk=partners.bakery_member.pk).left_on == dt.date(2026, 6, 30)
    assert Offer.objects.get().status == "withdrawn"
    assert client_for(world.resident).get(reverse("partners:offers")).status_code == 302
    assert street.get(reverse("partners:offers")).status_code == 200


def test_residents_see_the_offers_in_force_near_them(world, partners, alliance, client_for):
    services.create_offer(actor=partners.noodles_liaison, member=partners.noodles_member, title="老年人就餐优惠2元",
                          description="60岁以上老人每碗优惠2元", audience="elderly", valid_from=dt.date(2026, 6, 1),
                          publish=True)
    services.create_offer(actor=partners.noodles_liaison, member=partners.noodles_member, title="下月新品",
                          description="七月起", valid_from=dt.date(2026, 7, 1), publish=True)
    services.create_offer(actor=partners.noodles_liaison, member=partners.noodles_member, title="草稿优惠",
                          description="未发布", valid_from=dt.date(2026, 6, 1))
    c = client_for(world.resident)
    page = c.get(reverse("partners:m_offers")).content.decode()
    assert page.count('data-testid="m-offer"') == 1 and "老年人就餐优惠2元" in page and "五美老字号桂林米粉店" in page
    assert c.get(reverse("partners:m_offers") + "?audience=disabled").content.decode().count(
        'data-testid="m-offer"') == 0
    far = client_for(world.outsider).get(reverse("partners:m_offers")).content.decode()
    assert 'data-testid="m-offer"' not in far
