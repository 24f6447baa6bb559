"""Every write of the cases: each transition, each refusal (wrong state, wrong actor, bad input), the timeline
and the chronicle entry each change leaves."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gongzhi.cases import services
from gongzhi.cases.models import (
    Case,
    CaseEvent,
    CasePhoto,
    CaseStatus,
    CategoryAttribute,
    Confirmation,
    OwnershipTransfer,
    Whistle,
    WhistleStatus,
)
from gongzhi.cases.tests.conftest import MONDAY_9, at, report_sewage
from gongzhi.chronicle.models import Entry
from gongzhi.chronicle.services import entries_for, verify
from gongzhi.core import clock
from gongzhi.testing import files


def _actions(obj) -> list[str]:
    return list(entries_for(obj).order_by("seq").values_list("action", flat=True))


def _events(case) -> list[str]:
    return list(CaseEvent.objects.filter(case=case).order_by("at", "pk").values_list("action", flat=True))


PNG = files.png()


# --- report_case ------------------------------------------------------------------------------------------

def test_a_resident_reports_from_her_phone(world, cats):
    with clock.frozen(MONDAY_9):
        case = report_sewage(world, cats)
    assert case.number == "GZ202605110001" and case.status == CaseStatus.SUBMITTED
    assert case.reporter == world.resident_person and case.reporter_name == "王秀英"
    assert case.reporter_phone == "13812345678"  # taken from her record for the call back
    assert case.kind == "request" and case.channel == "phone_app" and case.reported_at == MONDAY_9
    assert case.reported_by == world.resident and case.place == world.wumei_b1
    assert _events(case) == ["reported"]
    entry = entries_for(case).get()
    assert entry.action == "case.reported" and entry.region_path == world.wumei.path
    assert "13812345678" not in str(entry.data)


def test_numbers_follow_the_day_and_count_up(world, cats):
    with clock.frozen(MONDAY_9):
        first, second = report_sewage(world, cats), report_sewage(world, cats)
    with clock.frozen(MONDAY_9 + dt.timedelta(days=1)):
        third = report_sewage(world, cats)
    assert [first.number, second.number, third.number] == ["GZ202605110001", "GZ202605110002", "GZ202605120001"]


def test_a_dispute_category_makes_a_dispute_case(world, cats):
    case = report_sewage(world, cats, category=cats["neighbour_dispute"])
    assert case.kind == "dispute"


def test_a_resident_cannot_report_for_another_community(world, cats):
    with pytest.raises(PermissionDenied):
        report_sewage(world, cats, community=world.nanmen, place=None)


@pytest.mark.parametrize("persona", ["nanmen_staff", "liaison", "receiver", "outsider", "volunteer"])
def test_only_the_communitys_people_report_there(world, cats, persona):
    with pytest.raises(PermissionDenied):
        report_sewage(world, cats, actor=getattr(world, persona), channel="window", reporter_name="张三")


def test_a_grid_worker_reports_on_a_registered_residents_behalf(world, cats):
    case = report_sewage(world, cats, actor=world.wumei_grid_worker, channel="grid_worker",
                         reporter=world.resident_person)
    assert case.reporter == world.resident_person and case.reporter_name == "王秀英"
    assert case.reported_by == world.wumei_grid_worker


def test_the_window_takes_a_callers_name_and_phone(world, cats):
    case = report_sewage(world, cats, actor=world.wumei_staff, channel="hotline", reporter_name="刘先生",
                         reporter_phone="13900001111")
    assert case.reporter is None and case.reporter_phone == "13900001111"


def test_staff_must_name_the_reporter_and_a_valid_phone(world, cats):
    with pytest.raises(ValidationError) as e:
        report_sewage(world, cats, actor=world.wumei_staff, channel="window")
    assert "reporter_name" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        report_sewage(world, cats, actor=world.wumei_staff, channel="window", reporter_name="刘", reporter_phone="123")
    assert "reporter_phone" in e.value.message_dict


def test_staff_choose_residents_of_their_own_area_only(world, cats):
    with pytest.raises(ValidationError) as e:
        report_sewage(world, cats, actor=world.wumei_staff, channel="window", reporter=world.cuizhu_person)
    assert "reporter" in e.value.message_dict


def test_bad_input_is_refused_field_by_field(world, cats):
    with pytest.raises(ValidationError) as e:
        report_sewage(world, cats, description="  ", place=world.nanmen_b1, lat="91", long="1")
    assert {"description", "place", "lat"} <= set(e.value.message_dict)
    cats["sewage"].active = False
    cats["sewage"].save()
    with pytest.raises(ValidationError) as e:
        report_sewage(world, cats)
    assert "category" in e.value.message_dict
    assert not Case.objects.exists()


def test_open311_needs_a_client_name_and_no_user(world, cats):
    with pytest.raises(ValidationError):
        report_sewage(world, cats, actor=None, channel="open311")
    case = report_sewage(world, cats, actor=None, channel="open311", client_name="桂林12345", reporter_name="")
    assert case.channel == "open311" and case.reported_by is None
    assert entries_for(case).get().data["client"] == "桂林12345"


def test_photos_are_checked_by_content(world, cats):
    case = report_sewage(world, cats, photos=[SimpleUploadedFile("a.png", PNG, content_type="image/png")])
    photo = CasePhoto.objects.get(case=case)
    assert photo.content_type == "image/png" and len(photo.sha256) == 64
    fake = SimpleUploadedFile("x.jpg", b"MZ\x90 not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError) as e:
        report_sewage(world, cats, photos=[fake])
    assert "photos" in e.value.message_dict
    with pytest.raises(ValidationError):
        report_sewage(world, cats, photos=[SimpleUploadedFile(f"{i}.png", PNG) for i in range(7)])
    assert Case.objects.count() == 1


def test_attributes_are_checked_against_the_category(world, cats):
    sewage = cats["sewage"]
    CategoryAttribute.objects.create(category=sewage, code="floor", datatype="number", required=True,
                                     description="楼层")
    CategoryAttribute.objects.create(category=sewage, code="where", datatype="singlevaluelist", description="位置",
                                     values=[{"key": "kitchen", "name": "厨房"}, {"key": "toilet", "name": "卫生间"}])
    with pytest.raises(ValidationError) as e:
        report_sewage(world, cats, attributes={"where": "garage"})
    assert set(e.value.message_dict) == {"floor", "where"}
    with pytest.raises(ValidationError) as e:
        report_sewage(world, cats, attributes={"floor": "一楼"})
    assert "floor" in e.value.message_dict
    case = report_sewage(world, cats, attributes={"floor": "3", "where": "toilet", "junk": "x"})
    assert case.attributes == {"floor": "3", "where": "toilet"}


# --- accept / transfer / contact / reject ---------------------------------------------------------------

def test_the_first_responder_owns_the_case_and_its_deadlines_start(world, case):
    with clock.frozen(at(2026, 5, 11, 9, 10)):
        services.accept_case(actor=world.wumei_grid_worker, case=case)
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED and case.owner == world.wumei_grid_worker
    assert case.contact_due_at == at(2026, 5, 12, 9, 10)  # 24 calendar hours
    assert case.due_at == at(2026, 5, 20, 9, 10)  # 7 working days
    assert _events(case) == ["reported", "accepted"]
    assert _actions(case) == ["case.reported", "case.accepted"]


def test_a_case_is_accepted_once(world, accepted):
    with pytest.raises(ValidationError):
        services.accept_case(actor=world.wumei_staff, case=accepted)
    accepted.refresh_from_db()
    assert accepted.owner == world.wumei_grid_worker


def test_a_stale_copy_cannot_take_the_case_again(world, case):
    stale = Case.objects.get(pk=case.pk)
    services.accept_case(actor=world.wumei_grid_worker, case=case)
    with pytest.raises(ValidationError):
        services.accept_case(actor=world.wumei_staff, case=stale)
    assert Case.objects.get(pk=case.pk).owner == world.wumei_grid_worker


@pytest.mark.parametrize("persona", ["nanmen_staff", "receiver", "resident", "liaison", "outsider"])
def test_only_responders_of_the_area_accept(world, case, persona):
    with pytest.raises(PermissionDenied):
        services.accept_case(actor=getattr(world, persona), case=case)


def test_street_staff_may_accept_for_their_communities(world, case):
    services.accept_case(actor=world.street_staff, case=case)
    assert case.owner == world.street_staff


def test_ownership_moves_only_by_a_recorded_transfer(world, accepted):
    transfer = services.transfer_case(actor=world.wumei_grid_worker, case=accepted, to_user=world.wumei_staff,
                                      reason="需社区出面协调")
    accepted.refresh_from_db()
    assert accepted.owner == world.wumei_staff
    assert (transfer.from_owner, transfer.to_owner, transfer.by) == (world.wumei_grid_worker, world.wumei_staff,
                                                                     world.wumei_grid_worker)
    assert _actions(accepted)[-1] == "case.transferred"


def test_a_transfer_needs_a_reason_and_a_target_in_scope(world, accepted):
    with pytest.raises(ValidationError):
        services.transfer_case(actor=world.wumei_staff, case=accepted, to_user=world.nanmen_staff, reason="x")
    with pytest.raises(ValidationError):
        services.transfer_case(actor=world.wumei_staff, case=accepted, to_user=world.receiver, reason="x")
    with pytest.raises(ValidationError):
        services.transfer_case(actor=world.wumei_staff, case=accepted, to_user=world.street_staff, reason=" ")
    with pytest.raises(ValidationError):  # she owns it already
        services.transfer_case(actor=world.wumei_staff, case=accepted, to_user=world.wumei_grid_worker, reason="x")
    with pytest.raises(PermissionDenied):
        services.transfer_case(actor=world.nanmen_staff, case=accepted, to_user=world.wumei_staff, reason="x")
    assert not OwnershipTransfer.objects.exists()


def test_the_first_contact_is_recorded_once(world, accepted):
    with clock.frozen(at(2026, 5, 11, 10)):
        services.record_contact(actor=world.wumei_grid_worker, case=accepted, note="已电话联系，下午上门")
    with clock.frozen(at(2026, 5, 11, 15)):
        services.record_contact(actor=world.wumei_grid_worker, case=accepted, note="上门查看")
    accepted.refresh_from_db()
    assert accepted.contacted_at == at(2026, 5, 11, 10)
    assert CaseEvent.objects.filter(case=accepted, action="contacted", public=False).count() == 2


def test_reject_with_a_reason(world, case):
    with pytest.raises(ValidationError):
        services.reject_case(actor=world.wumei_staff, case=case, reason="")
    services.reject_case(actor=world.wumei_staff, case=case, reason="重复反映，已并入 GZ202605110001")
    assert case.status == CaseStatus.REJECTED and case.owner is None
    with pytest.raises(ValidationError):
        services.accept_case(actor=world.wumei_staff, case=case)


def test_a_whistled_case_cannot_be_rejected(world, whistled):
    with pytest.raises(ValidationError):
        services.reject_case(actor=world.wumei_staff, case=whistled.case, reason="不属于本社区")


# --- whistles ---------------------------------------------------------------------------------------------

def test_whistling_several_departments_at_once(world, whistled):
    case = whistled.case
    assert case.status == CaseStatus.WHISTLED
    assert {w.department for w in case.whistles.all()} == {whistled.depts.judicial, whistled.depts.police}
    w = whistled.judicial
    assert w.respond_due_at == at(2026, 5, 11, 10, 30) and w.act_due_at == at(2026, 5, 20, 9, 30)
    assert _actions(w) == ["whistle.blown"]
    assert _events(case)[-1] == "whistled"


def test_a_department_is_whistled_once_while_active(world, whistled):
    with pytest.raises(ValidationError) as e:
        services.blow_whistle(actor=world.wumei_staff, case=whistled.case, departments=[whistled.depts.police],
                              request="再次请派出所到场")
    assert "departments" in e.value.message_dict


def test_whistle_only_departments_serving_the_community(world, accepted):
    with pytest.raises(ValidationError) as e:
        services.blow_whistle(actor=world.wumei_staff, case=accepted, departments=[world.xiufeng_housing],
                              request="请住建局处理")
    assert "秀峰区住建局" in str(e.value)
    with pytest.raises(ValidationError):
        services.blow_whistle(actor=world.wumei_staff, case=accepted, departments=[], request="x")
    with pytest.raises(ValidationError):
        services.blow_whistle(actor=world.wumei_staff, case=accepted, departments=[world.judicial_office], request="")
    assert not Whistle.objects.exists()


def test_whistle_needs_an_accepted_case_and_its_handlers(world, case, depts):
    with pytest.raises(ValidationError):
        services.blow_whistle(actor=world.wumei_staff, case=case, departments=[depts.judicial], request="x")
    services.accept_case(actor=world.wumei_staff, case=case)
    for persona in ("nanmen_staff", "receiver", "resident", "wumei_grid_worker"):  # the grid worker is not owner
        with pytest.raises(PermissionDenied):
            services.blow_whistle(actor=getattr(world, persona), case=case, departments=[depts.judicial],
                                  request="x")


def test_receivers_report_then_complete(world, whistled):
    w = whistled.judicial
    with pytest.raises(ValidationError):  # report first
        services.complete_whistle(actor=world.receiver, whistle=w, action="已调解")
    with clock.frozen(at(2026, 5, 11, 10)):
        services.report_whistle(actor=world.receiver, whistle=w, note="何平下午到场")
    with pytest.raises(ValidationError):
        services.report_whistle(actor=world.receiver, whistle=w)
    with pytest.raises(ValidationError):
        services.complete_whistle(actor=world.receiver, whistle=w, action="  ")
    with clock.frozen(at(2026, 5, 12, 16)):
        services.complete_whistle(actor=world.receiver, whistle=w, action="组织双方调解，楼上住户同意疏通并赔偿")
    w.refresh_from_db()
    assert (w.status, w.reported_at, w.reported_by, w.done_at) == (WhistleStatus.DONE, at(2026, 5, 11, 10),
                                                                    world.receiver, at(2026, 5, 12, 16))
    assert _actions(w) == ["whistle.blown", "whistle.reported", "whistle.done"]
    assert entries_for(w).get(action="whistle.reported").data == {"on_time": True}


@pytest.mark.parametrize("persona", ["wumei_staff", "street_staff", "resident", "outsider", "police_receiver"])
def test_only_the_departments_receivers_report(world, whistled, persona):
    actor = getattr(whistled.depts, persona, None) or getattr(world, persona)
    with pytest.raises(PermissionDenied):
        services.report_whistle(actor=actor, whistle=whistled.judicial)


def test_withdraw_a_whistle_with_a_reason(world, whistled):
    with pytest.raises(ValidationError):
        services.withdraw_whistle(actor=world.wumei_staff, whistle=whistled.police, reason="")
    with pytest.raises(PermissionDenied):
        services.withdraw_whistle(actor=world.receiver, whistle=whistled.police, reason="不需要")
    services.withdraw_whistle(actor=world.wumei_staff, whistle=whistled.police, reason="不涉及治安，无需派出所")
    whistled.case.refresh_from_db()
    assert whistled.case.status == CaseStatus.WHISTLED  # the judicial office is still on it
    services.withdraw_whistle(actor=world.wumei_grid_worker, whistle=whistled.judicial, reason="双方已自行和解")
    whistled.case.refresh_from_db()
    assert whistled.case.status == CaseStatus.ACCEPTED
    with pytest.raises(ValidationError):
        services.withdraw_whistle(actor=world.wumei_staff, whistle=whistled.judicial, reason="again")
    # a withdrawn department may be whistled again
    again = services.blow_whistle(actor=world.wumei_staff, case=whistled.case, departments=[whistled.depts.police],
                                  request="楼上住户拒绝开门，请派出所协助")
    assert len(again) == 1


def test_score_once_after_the_department_is_done(world, whistled):
    w = whistled.judicial
    with pytest.raises(ValidationError):
        services.score_whistle(actor=world.wumei_staff, whistle=w, score=90)
    services.report_whistle(actor=world.receiver, whistle=w)
    services.complete_whistle(actor=world.receiver, whistle=w, action="已调解")
    with pytest.raises(PermissionDenied):
        services.score_whistle(actor=world.receiver, whistle=w, score=100)
    for bad in (101, -1, "九十", None, True, "9.5"):
        with pytest.raises(ValidationError):
            services.score_whistle(actor=world.wumei_staff, whistle=w, score=bad)
    services.score_whistle(actor=world.wumei_staff, whistle=w, score="95", comment="响应迅速")
    w.refresh_from_db()
    assert (w.score, w.score_comment, w.scored_by) == (95, "响应迅速", world.wumei_staff)
    with pytest.raises(ValidationError):
        services.score_whistle(actor=world.wumei_staff, whistle=w, score=80)


# --- meetings, resolution, the resident's answer --------------------------------------------------------

def test_record_a_coordination_meeting(world, whistled):
    with clock.frozen(at(2026, 5, 12, 16)):
        meeting = services.record_meeting(
            actor=world.wumei_staff, case=whistled.case, held_at=at(2026, 5, 12, 15),
            place="五美社区党群服务中心", departments=[whistled.depts.judicial, whistled.depts.police],
            participants="王秀英、楼上住户、司法所何平、民警梁军", minutes="说明管道堵塞原因，以案释法",
            agreement="楼上住户承担疏通和清理费用")
    assert set(meeting.departments.all()) == {whistled.depts.judicial, whistled.depts.police}
    assert _events(whistled.case)[-1] == "meeting"
    with pytest.raises(ValidationError) as e:
        services.record_meeting(actor=world.wumei_staff, case=whistled.case, held_at=at(2027, 1, 1, 9), place="",
                                departments=[world.xiufeng_housing], participants="", minutes="")
    assert {"held_at", "place", "participants", "minutes", "departments"} <= set(e.value.message_dict)
    with pytest.raises(PermissionDenied):
        services.record_meeting(actor=world.receiver, case=whistled.case, held_at=at(2026, 5, 12, 15), place="x",
                                departments=[], participants="x", minutes="x")


def test_resolve_requires_every_whistle_done_or_withdrawn(world, whistled):
    with pytest.raises(ValidationError) as e:
        services.resolve_case(actor=world.wumei_grid_worker, case=whistled.case, result="已疏通")
    assert "象山街道司法所" in str(e.value) and "象山派出所" in str(e.value)
    services.report_whistle(actor=world.receiver, whistle=whistled.judicial)
    services.complete_whistle(actor=world.receiver, whistle=whistled.judicial, action="已调解")
    services.withdraw_whistle(actor=world.wumei_staff, whistle=whistled.police, reason="无需到场")
    with pytest.raises(ValidationError):
        services.resolve_case(actor=world.wumei_grid_worker, case=whistled.case, result="")
    with clock.frozen(at(2026, 5, 13, 10)):
        services.resolve_case(actor=world.wumei_grid_worker, case=whistled.case, result="管道已疏通，赔偿到位")
    case = whistled.case
    assert case.status == CaseStatus.RESOLVED and case.resolved_at == at(2026, 5, 13, 10)
    assert case.confirm_due_at == at(2026, 5, 16, 10)
    assert entries_for(case).filter(action="case.resolved").get().data == {"on_time": True}


RESOLVED_AT = at(2026, 5, 13, 10)


def _resolve(world, case, when=RESOLVED_AT):
    with clock.frozen(when):
        services.resolve_case(actor=world.wumei_grid_worker, case=case, result="管道已疏通，赔偿到位")


def test_the_resident_confirms_then_rates(world, accepted):
    with pytest.raises(ValidationError):
        services.confirm_case(actor=world.resident, case=accepted)
    _resolve(world, accepted)
    with pytest.raises(PermissionDenied):
        services.confirm_case(actor=world.wumei_staff, case=accepted)
    with pytest.raises(ValidationError):
        services.rate_case(actor=world.resident, case=accepted, satisfaction="satisfied")
    services.confirm_case(actor=world.resident, case=accepted)
    assert accepted.status == CaseStatus.CLOSED and accepted.confirmation == Confirmation.CONFIRMED
    with pytest.raises(ValidationError):
        services.rate_case(actor=world.resident, case=accepted, satisfaction="great")
    with pytest.raises(PermissionDenied):
        services.rate_case(actor=world.nanmen_staff, case=accepted, satisfaction="satisfied")
    services.rate_case(actor=world.resident, case=accepted, satisfaction="basic", comment="处理及时，赔偿略少")
    accepted.refresh_from_db()
    assert (accepted.satisfaction, accepted.rating_comment) == ("basic", "处理及时，赔偿略少")
    with pytest.raises(ValidationError):
        services.rate_case(actor=world.resident, case=accepted, satisfaction="satisfied")
    assert _events(accepted)[-3:] == ["resolved", "confirmed", "rated"]


def test_the_resident_disputes_the_result(world, accepted):
    _resolve(world, accepted)
    with pytest.raises(ValidationError):
        services.reopen_case(actor=world.resident, case=accepted, reason="")
    services.reopen_case(actor=world.resident, case=accepted, reason="卫生间还在反水")
    accepted.refresh_from_db()
    assert accepted.status == CaseStatus.ACCEPTED and accepted.resolved_at is None
    assert accepted.owner == world.wumei_grid_worker  # still hers
    with pytest.raises(ValidationError):
        services.reopen_case(actor=world.resident, case=accepted, reason="again")


def test_staff_close_an_unconfirmed_case_after_the_deadline(world, accepted):
    _resolve(world, accepted)
    with clock.frozen(at(2026, 5, 15, 10)), pytest.raises(ValidationError):
        services.close_unconfirmed(actor=world.wumei_staff, case=accepted, reason="电话未接通")
    with clock.frozen(at(2026, 5, 16, 10, 1)):
        with pytest.raises(ValidationError):
            services.close_unconfirmed(actor=world.wumei_staff, case=accepted, reason="")
        with pytest.raises(PermissionDenied):
            services.close_unconfirmed(actor=world.nanmen_staff, case=accepted, reason="x")
        services.close_unconfirmed(actor=world.wumei_staff, case=accepted, reason="三次电话未接通")
    accepted.refresh_from_db()
    assert accepted.confirmation == Confirmation.NO_ANSWER and accepted.closed_by == world.wumei_staff
    services.rate_case(actor=world.resident, case=accepted, satisfaction="unsatisfied", comment="没人通知我")
    assert verify().ok


def test_no_phone_number_reaches_the_chronicle(world, cats):
    report_sewage(world, cats, actor=world.wumei_staff, channel="hotline", reporter_name="刘先生",
                  reporter_phone="13900001111", description="来电 13900001111 反映下水道堵塞")
    assert not Entry.objects.filter(data__icontains="13900001111").exists()


def test_no_phone_number_reaches_the_timeline(world, accepted):
    services.record_contact(actor=world.wumei_grid_worker, case=accepted, note="打 13900001111 联系了家属")
    _resolve(world, accepted)
    services.reopen_case(actor=world.resident, case=accepted, reason="请打我儿子电话13900001111")
    notes = " ".join(CaseEvent.objects.filter(case=accepted).values_list("note", flat=True))
    assert "13900001111" not in notes and "139****1111" in notes


def test_a_case_without_title_takes_the_first_sentence(world, cats):
    case = report_sewage(world, cats, title="", description="卫生间反水，污水漫到客厅。楼上不配合。")
    assert case.title == "卫生间反水，污水漫到客厅"
    long = report_sewage(world, cats, title="", description="一" * 50)
    assert long.title == "一" * 30
