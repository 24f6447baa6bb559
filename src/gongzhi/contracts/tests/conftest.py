"""A year of contract-based co-construction in 五美社区, built through the services."""

import datetime as dt
from types import SimpleNamespace

import pytest

from gongzhi.contracts import services
from gongzhi.core import clock
from gongzhi.organisations.services import create_organisation
from gongzhi.party.services import create_party_organisation

YEAR = 2026
JAN = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


def build_lifecycle(world) -> SimpleNamespace:
    c = SimpleNamespace(world=world)
    w = world
    c.social_centre = create_organisation(actor=w.admin, name="桂爱社会工作服务中心", kind="social_organisation",
                                          partner_type="public_good", home=w.wumei)
    create_party_organisation(actor=w.admin, name="桂爱社会工作服务中心党支部", kind="unit_branch", region=w.wumei,
                              organisation=c.social_centre)
    with clock.frozen(JAN):
        c.meeting = services.convene_meeting(
            actor=w.street_staff, community=w.wumei, title="2026年五美社区契约化共建商谈会",
            starts_at=JAN + dt.timedelta(days=3), place="五美社区党群服务中心", units=[w.hospital, c.social_centre],
            agenda="审议需求清单与资源清单，商定共建项目")
        services.record_meeting_minutes(actor=w.street_staff, meeting=c.meeting, notes="商定义诊与四点半课堂两个项目")
        c.contract = services.draft_contract(
            actor=w.wumei_staff, community=w.wumei, title="五美社区2026年度党建共建契约", year=YEAR,
            term_start=dt.date(2026, 1, 1), term_end=dt.date(2026, 12, 31), units=[w.hospital, c.social_centre],
            meeting=c.meeting)
        c.clinic = services.add_commitment(
            actor=w.wumei_staff, contract=c.contract, undertakers=[w.hospital], area="governance",
            title="大型义诊进社区", content="每季度到五美社区开展一次义诊，测血压血糖、中医问诊",
            beneficiaries=["elderly"], deadline=dt.date(2026, 12, 15), target_services=4, target_person_times=400,
            unit_liaison="周丽华", community_liaison="黄敏", milestones=[("制定全年义诊计划", dt.date(2026, 2, 28))])
        c.classroom = services.add_commitment(
            actor=w.wumei_staff, contract=c.contract, undertakers=[c.social_centre], area="governance",
            title="四点半课堂", content="工作日下午为双职工家庭孩子提供课后看护与作业辅导",
            beneficiaries=["children"], deadline=dt.date(2026, 6, 30), target_services=2, target_person_times=60)
        services.record_agreement(actor=w.liaison, contract=c.contract, organisation=w.hospital, representative="周丽华")
        services.record_agreement(actor=w.street_staff, contract=c.contract, organisation=c.social_centre,
                                  representative="莫晓琳")
        c.contract = services.sign_contract(actor=w.wumei_staff, contract=c.contract)
    return c


@pytest.fixture
def lifecycle(world):
    return build_lifecycle(world)
