"""The partner services: applications, review, the agreement, ending; projects; alliances, members and offers —
each refusal names the problem in Chinese and writes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongzhi.chronicle.models import Entry
from gongzhi.organisations.models import Organisation
from gongzhi.partners import services
from gongzhi.partners.models import (
    AllianceMember,
    MerchantAlliance,
    Offer,
    OfferStatus,
    Partner,
    PartnerProject,
    PartnerStatus,
    ProjectStatus,
)
from gongzhi.partners.tests.conftest import approved


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_a_liaison_applies_for_their_own_unit(world, partners):
    p = services.apply(actor=partners.noodles_liaison, community=world.wumei, organisation=partners.noodles,
                       kind="social_enterprise", gives="老年人就餐优惠2元", gets="社区宣传")
    assert p.status == PartnerStatus.APPLIED and p.applied_by == partners.noodles_liaison
    assert Entry.objects.filter(action="partners.applied", subject_id=str(p.pk)).exists()


def test_a_liaison_cannot_apply_for_another_unit_or_community(world, partners):
    with pytest.raises(PermissionDenied):
        services.apply(actor=partners.noodles_liaison, community=world.wumei, organisation=world.hospital,
                       kind="institutional", gives="义诊")
    with pytest.raises(PermissionDenied):
        services.apply(actor=partners.noodles_liaison, community=world.nanmen, organisation=partners.noodles,
                       kind="social_enterprise", gives="优惠")
    assert not Partner.objects.exists()


def test_staff_register_an_application_for_a_new_merchant(world, partners):
    p = services.apply(actor=world.wumei_staff, community=world.wumei, kind="social_enterprise", gives="免费理发",
                       new_organisation={"name": "五美便民理发店", "kind": "merchant", "contact_name": "黄师傅",
                                         "contact_phone": "13877309999"})
    org = Organisation.objects.get(name="五美便民理发店")
    assert p.organisation == org and org.home == world.wumei and org.kind == "merchant"
    assert org.contacts.get().is_liaison


def test_a_bad_new_organisation_writes_nothing(world, partners):
    with pytest.raises(ValidationError) as e:
        services.apply(actor=world.wumei_staff, community=world.wumei, kind="social_enterprise", gives="免费理发",
                       new_organisation={"name": "五美便民理发店", "kind": "merchant", "contact_name": "黄师傅",
                                         "contact_phone": "12345"})
    assert "联系电话格式不正确" in _messages(e.value)
    assert not Organisation.objects.filter(name="五美便民理发店").exists() and not Partner.objects.exists()


def test_empty_gives_is_refused(world, partners):
    with pytest.raises(ValidationError) as e:
        services.apply(actor=partners.noodles_liaison, community=world.wumei, organisation=partners.noodles,
                       kind="social_enterprise", gives="   ")
    assert "请填写合伙人提供的服务或资源" in _messages(e.value)
    assert not Partner.objects.exists()


def test_a_second_live_application_is_refused_in_chinese(world, partners):
    services.apply(actor=partners.noodles_liaison, community=world.wumei, organisation=partners.noodles,
                   kind="social_enterprise", gives="优惠")
    with pytest.raises(ValidationError) as e:
        services.apply(actor=world.wumei_staff, community=world.wumei, organisation=partners.noodles,
                       kind="public_good", gives="义务清扫")
    assert "同一单位在一个社区只能有一份有效的合伙申请" in _messages(e.value)
    assert Partner.objects.count() == 1


def test_approval_with_the_agreement_sets_the_partner_type(world, partners):
    p = services.apply(actor=partners.noodles_liaison, community=world.wumei, organisation=partners.noodles,
                       kind="social_enterprise", gives="老年人就餐优惠2元", gets="场地")
    services.approve(actor=world.wumei_staff, partner=p, gets="社区公众号宣传；周五下午活动室",
                     agreement_start=dt.date(2026, 7, 1), agreement_end=dt.date(2027, 6, 30), note="同意")
    p.refresh_from_db()
    partners.noodles.refresh_from_db()
    assert p.status == PartnerStatus.APPROVED and p.gets.startswith("社区公众号")
    assert (p.agreement_start, p.agreement_end) == (dt.date(2026, 7, 1), dt.date(2027, 6, 30))
    assert partners.noodles.partner_type == "social_enterprise"
    with pytest.raises(ValidationError) as e:
        services.reject(actor=world.wumei_staff, partner=p, reason="重复")
    assert "该申请已审核" in _messages(e.value)


def test_an_agreement_ending_before_it_starts_is_refused(world, partners):
    p = services.apply(actor=partners.noodles_liaison, community=world.wumei, organisation=partners.noodles,
                       kind="social_enterprise", gives="优惠")
    with pytest.raises(ValidationError) as e:
        services.approve(actor=world.wumei_staff, partner=p, gets="宣传", agreement_start=dt.date(2026, 7, 1),
                         agreement_end=dt.date(2026, 6, 1))
    assert "截止日期（2026-06-01）早于起始日期（2026-07-01）" in _messages(e.value)
    p.refresh_from_db()
    assert p.status == PartnerStatus.APPLIED and not Entry.objects.filter(action="partners.approved").exists()


def test_only_the_communitys_staff_decide(world, partners):
    p = services.apply(actor=partners.noodles_liaison, community=world.wumei, organisation=partners.noodles,
                       kind="social_enterprise", gives="优惠")
    for outsider in (world.nanmen_staff, partners.noodles_liaison, world.street_staff, world.resident):
        with pytest.raises(PermissionDenied):
            services.approve(actor=outsider, partner=p, gets="宣传", agreement_start=dt.date(2026, 7, 1))


def test_reject_needs_a_reason_and_frees_the_unit_to_apply_again(world, partners):
    p = services.apply(actor=partners.noodles_liaison, community=world.wumei, organisation=partners.noodles,
                       kind="social_enterprise", gives="优惠")
    with pytest.raises(ValidationError):
        services.reject(actor=world.wumei_staff, partner=p, reason="")
    services.reject(actor=world.wumei_staff, partner=p, reason="请补充优惠细则")
    again = services.apply(actor=partners.noodles_liaison, community=world.wumei, organisation=partners.noodles,
                           kind="social_enterprise", gives="老年人就餐优惠2元，每天限50份")
    assert again.pk != p.pk


def test_ending_clears_the_partner_type_and_closes_drafts(world, partners):
    p = approved(world, partners.noodles)
    draft = services.create_project(actor=partners.noodles_liaison, partner=p, title="爱心早餐", content="每周一免费早餐",
                                    starts_on=dt.date(2026, 7, 1))
    services.end(actor=world.wumei_staff, partner=p, reason="店铺搬迁")
    partners.noodles.refresh_from_db()
    draft.refresh_from_db()
    assert partners.noodles.partner_type == "" and draft.status == ProjectStatus.CLOSED
    with pytest.raises(ValidationError):
        services.end(actor=world.wumei_staff, partner=p, reason="再次")


def test_projects_are_drafted_by_the_partner_and_published_by_staff(world, partners):
    p = approved(world, partners.noodles)
    project = services.create_project(actor=partners.noodles_liaison, partner=p, title="爱心早餐",
                                      content="每周一为困难老人免费提供早餐", beneficiaries="elderly",
                                      starts_on=dt.date(2026, 7, 1), ends_on=dt.date(2026, 12, 31))
    with pytest.raises(PermissionDenied):
        services.publish_project(actor=partners.noodles_liaison, project=project)
    services.publish_project(actor=world.wumei_staff, project=project)
    project.refresh_from_db()
    assert project.status == ProjectStatus.PUBLISHED and project.published_at is not None
    with pytest.raises(ValidationError) as e:
        services.create_project(actor=partners.noodles_liaison, partner=p, title="x", content="y",
                                starts_on=dt.date(2026, 7, 1), ends_on=dt.date(2026, 1, 1))
    assert "早于起始日期" in _messages(e.value)
    assert PartnerProject.objects.count() == 1


def test_alliance_members_are_dated_and_their_offers_go_with_them(world, partners, alliance):
    offer = services.create_offer(actor=partners.noodles_liaison, member=partners.noodles_member,
                                  title="老年人就餐优惠2元", description="60岁以上老人凭身份证每碗优惠2元",
                                  audience="elderly", valid_from=dt.date(2026, 6, 1), publish=True)
    assert offer.status == OfferStatus.PUBLISHED and offer.organisation == partners.noodles
    with pytest.raises(ValidationError) as e:
        services.add_member(actor=world.street_staff, alliance=alliance, organisation=partners.noodles,
                            joined_on=dt.date(2026, 6, 1))
    assert "已是本联盟成员" in _messages(e.value)
    with pytest.raises(ValidationError) as e:
        services.remove_member(actor=world.street_staff, member=partners.noodles_member, left_on=dt.date(2026, 1, 1))
    assert "早于加入日期" in _messages(e.value)
    services.remove_member(actor=world.street_staff, member=partners.noodles_member, left_on=dt.date(2026, 6, 30))
    offer.refresh_from_db()
    assert offer.status == OfferStatus.WITHDRAWN
    with pytest.raises(ValidationError):
        services.publish_offer(actor=world.street_staff, offer=offer)


def test_offers_belong_to_their_merchant(world, partners, alliance):
    with pytest.raises(PermissionDenied):  # the noodle shop's liaison cannot write the bakery's offers
        services.create_offer(actor=partners.noodles_liaison, member=partners.bakery_member, title="面包八折",
                              description="每晚八点后", valid_from=dt.date(2026, 6, 1))
    with pytest.raises(PermissionDenied):  # community staff do not run the street's alliance
        services.create_offer(actor=world.wumei_staff, member=partners.bakery_member, title="面包八折",
                              description="每晚八点后", valid_from=dt.date(2026, 6, 1))
    draft = services.create_offer(actor=world.street_staff, member=partners.bakery_member, title="面包八折",
                                  description="每晚八点后", valid_from=dt.date(2026, 6, 1))
    assert draft.status == OfferStatus.DRAFT
    services.publish_offer(actor=world.street_staff, offer=draft)
    services.withdraw_offer(actor=world.street_staff, offer=draft, reason="活动结束")
    draft.refresh_from_db()
    assert draft.status == OfferStatus.WITHDRAWN


def test_offer_with_bad_dates_or_no_title_writes_nothing(world, partners, alliance):
    with pytest.raises(ValidationError) as e:
        services.create_offer(actor=partners.noodles_liaison, member=partners.noodles_member, title="",
                              description="x", valid_from=dt.date(2026, 6, 1))
    assert "请填写优惠名称" in _messages(e.value)
    with pytest.raises(ValidationError):
        services.create_offer(actor=partners.noodles_liaison, member=partners.noodles_member, title="优惠",
                              description="x", valid_from=dt.date(2026, 6, 1), valid_until=dt.date(2026, 5, 1))
    assert not Offer.objects.exists()


def test_alliances_live_in_streets_or_communities_and_names_are_unique(world, partners, alliance):
    with pytest.raises(ValidationError):
        services.create_alliance(actor=world.admin, region=world.wumei_estate, name="小区联盟",
                                 founded_on=dt.date(2026, 1, 1))
    with pytest.raises(ValidationError) as e:
        services.create_alliance(actor=world.street_staff, region=world.xiangshan_street, name="象山街道商家联盟",
                                 founded_on=dt.date(2026, 1, 1))
    assert "已有名为" in _messages(e.value)
    with pytest.raises(PermissionDenied):
        services.create_alliance(actor=world.nanmen_staff, region=world.wumei, name="五美联盟",
                                 founded_on=dt.date(2026, 1, 1))
    with pytest.raises(ValidationError):  # a merchant from another district
        services.add_member(actor=world.admin, alliance=alliance, organisation=world.cuizhu_shop,
                            joined_on=dt.date(2026, 3, 1))
    assert MerchantAlliance.objects.count() == 1 and AllianceMember.objects.count() == 2
