"""Proposals: a resident proposes, neighbours support once each, the community answers within 15 days, the sweep
reminds once of overdue ones; refusals are Chinese messages that leave nothing behind."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongzhi.chronicle.models import Entry
from gongzhi.core import clock
from gongzhi.proposals import services
from gongzhi.proposals.models import Proposal, Support
from gongzhi.proposals.tests.conftest import NOW, meeting, neighbour


def test_a_resident_proposes_with_a_fifteen_day_limit(world, proposal):
    assert proposal.community == world.wumei and proposal.author == world.resident_person
    assert proposal.answer_due == dt.date(2026, 6, 30) and proposal.status == "open"
    assert Entry.objects.filter(action="proposals.submitted").count() == 1


@pytest.mark.parametrize(("field", "text", "message"), [
    ("problem", "我家3栋2单元501漏水", "不要填写电话、身份证号或楼栋门牌"),
    ("suggestion", "请打我电话13812345678", "不要填写电话"),
    ("title", "", "请填写标题"),
])
def test_personal_details_are_refused_because_proposals_are_public(world, frozen, field, text, message):
    data = {"title": "路灯", "problem": "路灯不亮", "suggestion": "更换路灯", field: text}
    with pytest.raises(ValidationError, match=message):
        services.submit_proposal(actor=world.resident, **data)
    assert Proposal.objects.count() == 0 and Entry.objects.filter(action__startswith="proposals").count() == 0


def test_neighbours_support_once_each(world, proposal):
    a = neighbour(world, "n1", "邻居甲")
    services.support_proposal(actor=a, proposal=proposal)
    with pytest.raises(ValidationError, match="您已经支持过该提议，每人只能支持一次"):
        services.support_proposal(actor=a, proposal=proposal)
    with pytest.raises(ValidationError, match="不能支持自己的提议"):
        services.support_proposal(actor=world.resident, proposal=proposal)
    outsider = neighbour(world, "far", "外人", home=world.nanmen_b1)
    with pytest.raises(ValidationError, match="只有本社区居民才能支持"):
        services.support_proposal(actor=outsider, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.support_count == Support.objects.count() >= 1


def test_the_community_answers_once_in_public_wording(world, proposal):
    with pytest.raises(PermissionDenied):
        services.answer_proposal(actor=world.nanmen_staff, proposal=proposal, answer="好")
    with pytest.raises(ValidationError, match="不要填写电话"):
        services.answer_proposal(actor=world.wumei_staff, proposal=proposal, answer="请联系13812345678")
    services.answer_proposal(actor=world.wumei_staff, proposal=proposal, answer="已联系物业，6月20日前更换三盏路灯。")
    proposal.refresh_from_db()
    assert proposal.status == "answered" and proposal.answered_by == world.wumei_staff
    with pytest.raises(ValidationError, match="该提议已经答复"):
        services.answer_proposal(actor=world.wumei_staff, proposal=proposal, answer="再答")
    with pytest.raises(ValidationError, match="已经答复，不再征集支持"):
        services.support_proposal(actor=neighbour(world, "n2", "邻居乙"), proposal=proposal)


def test_a_proposal_goes_on_a_joint_meetings_agenda_once(world, proposal):
    from gongzhi.meetings.models import AgendaItem
    from gongzhi.meetings.services import record_minutes

    m = meeting(world)
    services.put_on_agenda(actor=world.wumei_staff, proposal=proposal, meeting=m, note="居民代表列席")
    proposal.refresh_from_db()
    item = AgendaItem.objects.get(meeting=m)
    assert proposal.agenda_item == item and item.source_key == f"proposal:{proposal.pk}"
    assert item.title == f"居民提议：{proposal.title}" and proposal.agenda_note.startswith("7月合伙人月度例会（2026-06-25")
    with pytest.raises(ValidationError):  # the same proposal twice on one agenda
        services.put_on_agenda(actor=world.wumei_staff, proposal=proposal, meeting=m)
    with pytest.raises(PermissionDenied):
        services.put_on_agenda(actor=world.nanmen_staff, proposal=proposal, meeting=m)
    other = meeting(world, community=world.nanmen)
    with pytest.raises(ValidationError, match="本社区或所在街道"):
        services.put_on_agenda(actor=world.wumei_staff, proposal=proposal, meeting=other)
    with clock.frozen(NOW + dt.timedelta(days=10, hours=3)):
        record_minutes(actor=world.wumei_staff, meeting=m, minutes="议定：由物业修复路灯。")
    later = meeting(world, days=40)
    with clock.frozen(NOW + dt.timedelta(days=11)):
        services.put_on_agenda(actor=world.wumei_staff, proposal=proposal, meeting=later)
    assert AgendaItem.objects.filter(source_key=f"proposal:{proposal.pk}").count() == 2
    assert Entry.objects.filter(action="proposals.agenda").count() == 2


def test_the_sweep_reminds_once_of_overdue_proposals(world, proposal):
    assert services.sweep().reminded == 0
    with clock.frozen(NOW + dt.timedelta(days=16)):
        assert services.sweep() == services.SweepResult(reminded=1, overdue=1)
        assert services.sweep() == services.SweepResult(reminded=0, overdue=1)
        assert services.is_overdue(Proposal.objects.get())
    assert Entry.objects.filter(action="proposals.overdue").count() == 1
