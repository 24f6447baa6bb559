"""The dispute services: registering (all or nothing), parties, sessions, outcomes, follow-ups, closing,
reopening and risk — each with its wrong states and wrong actors."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from gongzhi.cases import services as cases
from gongzhi.cases.models import Case, CaseEvent, CaseStatus
from gongzhi.chronicle.models import Entry
from gongzhi.chronicle.services import verify
from gongzhi.core import clock
from gongzhi.disputes import services
from gongzhi.disputes.models import Dispute, FollowUp, MediationSession, Party
from gongzhi.disputes.services import PartyInput
from gongzhi.disputes.tests.conftest import agree, follow_up, leak_parties, register, session


def _counts():
    return (Case.objects.count(), CaseEvent.objects.count(), Dispute.objects.count(), Party.objects.count(),
            Entry.objects.count())


# --- register ---------------------------------------------------------------------------------------------

def test_registering_reports_and_accepts_the_case_with_its_parties(world, cats):
    dispute = register(world, cats, amount="3500.50")
    case = dispute.case
    assert case.kind == "dispute" and case.category.code == "neighbour_dispute" and case.community == world.wumei
    # The registering staff member is the first responder: deadlines run as for every case.
    assert case.status == CaseStatus.ACCEPTED and case.owner == world.wumei_staff and case.due_at is not None
    assert dispute.status == "registered" and dispute.risk == "ordinary" and str(dispute.amount) == "3500.50"
    applicant, respondent = dispute.parties.order_by("pk")
    # 王秀英 with her registered phone is linked to her resident record; the case's reporter is the applicant.
    assert applicant.person == world.resident_person and case.reporter == world.resident_person
    assert case.reporter_phone == "13812345678"
    assert respondent.person is None and respondent.role == "respondent"
    assert "wxy" in dispute.search_key and "lm" in dispute.search_key
    entry = Entry.objects.filter(action="dispute.registered").get()
    assert "13812345678" not in str(entry.data) and "王秀英" not in str(entry.data)
    assert verify().ok


@pytest.mark.parametrize("persona", ["wumei_grid_worker", "street_staff", "district_staff"])
def test_grid_workers_and_street_and_district_staff_register_too(world, cats, persona):
    dispute = register(world, cats, actor=getattr(world, persona))
    assert dispute.case.owner == getattr(world, persona)


@pytest.mark.parametrize("persona", ["nanmen_staff", "receiver", "liaison", "resident", "volunteer", "outsider"])
def test_it_requires_a_handler_of_the_community_to_register(world, cats, persona):
    before = _counts()
    with pytest.raises(PermissionDenied):
        register(world, cats, actor=getattr(world, persona))
    assert _counts() == before


def test_a_bad_party_row_writes_nothing_not_even_the_case(world, cats):
    before = _counts()
    parties = [*leak_parties(), PartyInput(name="赵某", role="third", phone="12345")]
    with pytest.raises(ValidationError) as e:
        register(world, cats, parties=parties)
    assert "第3位当事人" in str(e.value.message_dict["parties"])
    assert _counts() == before


def test_a_failure_after_the_case_was_reported_rolls_the_case_back(world, cats, monkeypatch):
    """All or nothing even when the party rows fail in the database, after report_case and accept_case ran."""
    before = _counts()

    def broken(dispute, rows, *, actor, now):
        Party.objects.create(dispute=dispute, added_by=actor, added_at=now, **rows[0])
        raise ValidationError({"parties": "simulated failure"})

    monkeypatch.setattr(services, "_create_parties", broken)
    with pytest.raises(ValidationError):
        register(world, cats)
    assert _counts() == before
    assert verify().ok


@pytest.mark.parametrize("parties, message", [
    ([PartyInput(name="王秀英", role="applicant")], "至少须有一位申请人和一位被申请人"),
    ([PartyInput(name="李明", role="respondent"), PartyInput(name="张伟", role="respondent")], "至少须有一位申请人"),
    ([PartyInput(name="", role="applicant"), PartyInput(name="李明", role="respondent")], "请填写姓名"),
    ([PartyInput(name="王秀英", role="boss"), PartyInput(name="李明", role="respondent")], "请选择当事人身份"),
])
def test_parties_are_checked(world, cats, parties, message):
    with pytest.raises(ValidationError) as e:
        register(world, cats, parties=parties)
    assert message in str(e.value.message_dict["parties"])
    assert not Case.objects.exists()


def test_the_same_resident_cannot_be_two_parties(world, cats):
    person = world.resident_person
    parties = [PartyInput(name="", role="applicant", person=person), PartyInput(name="", role="respondent", person=person)]
    with pytest.raises(ValidationError) as e:
        register(world, cats, parties=parties)
    assert "同一居民" in str(e.value.message_dict["parties"])


def test_only_residents_in_scope_can_be_linked(world, cats):
    parties = [PartyInput(name="", role="applicant", person=world.cuizhu_person),
               PartyInput(name="李明", role="respondent")]
    with pytest.raises(ValidationError) as e:
        register(world, cats, parties=parties)
    assert "本辖区" in str(e.value.message_dict["parties"])


def test_a_linked_resident_gives_name_and_phone(world, cats):
    parties = [PartyInput(name="", role="applicant", person=world.resident_person),
               PartyInput(name="李明", role="respondent")]
    dispute = register(world, cats, parties=parties)
    applicant = dispute.parties.get(role="applicant")
    assert applicant.name == "王秀英" and applicant.phone == "13812345678"


@pytest.mark.parametrize("field, kwargs", [
    ("category", {"category": "sewage"}),
    ("subject", {"subject": ""}),
    ("risk", {"risk": "extreme"}),
    ("amount", {"amount": "-5"}),
    ("amount", {"amount": "lots"}),
    ("channel", {"channel": "phone_app"}),
])
def test_dispute_fields_are_checked(world, cats, field, kwargs):
    args = {"actor": world.wumei_staff, "community": world.wumei, "category": cats["neighbour_dispute"],
            "title": "漏水纠纷", "description": "楼上漏水", "subject": "漏水赔偿", "parties": leak_parties(),
            "channel": "window"}
    if "category" in kwargs:
        kwargs = {"category": cats[kwargs["category"]]}
    args.update(kwargs)
    with pytest.raises(ValidationError) as e:
        services.register_dispute(**args)
    assert field in e.value.message_dict
    assert not Case.objects.exists()


def test_the_case_services_own_checks_roll_back_too(world, cats):
    """A place outside the community is refused (here by the dispute service, before report_case)."""
    with pytest.raises(ValidationError) as e:
        register(world, cats, place=world.nanmen_garden)
    assert "place" in e.value.message_dict
    assert not Case.objects.exists() and not Dispute.objects.exists()


def test_a_major_dispute_is_flagged_to_the_street(world, cats):
    dispute = register(world, cats, risk="major")
    flag = Entry.objects.get(action="dispute.flagged_major")
    assert flag.subject_id == str(dispute.pk) and flag.data["to"] == world.xiangshan_street.path


# --- parties ----------------------------------------------------------------------------------------------

def test_adding_a_party(world, dispute):
    party = services.add_party(actor=world.wumei_grid_worker, dispute=dispute, name="张伟", role="third",
                               phone="13607731111")
    dispute.refresh_from_db()
    assert party.role == "third" and "zw" in dispute.search_key
    # 张伟 lives in 南门社区: no automatic link to a resident of another community.
    assert party.person is None


def test_it_requires_a_handler_to_add_a_party(world, dispute):
    for persona in ("nanmen_staff", "receiver", "liaison", "resident"):
        with pytest.raises(PermissionDenied):
            services.add_party(actor=getattr(world, persona), dispute=dispute, name="张伟", role="third")
    assert dispute.parties.count() == 2


def test_no_party_is_added_to_a_closed_dispute(world, agreed):
    follow_up(world, agreed)
    services.close_dispute(actor=world.wumei_staff, dispute=agreed)
    with pytest.raises(ValidationError):
        services.add_party(actor=world.wumei_staff, dispute=agreed, name="张伟", role="third")


def test_a_party_phone_is_checked(world, dispute):
    with pytest.raises(ValidationError) as e:
        services.add_party(actor=world.wumei_staff, dispute=dispute, name="张伟", role="third", phone="110")
    assert "联系电话" in str(e.value)


# --- sessions ---------------------------------------------------------------------------------------------

def test_a_session_starts_mediation_and_sessions_are_numbered(world, dispute):
    first = session(world, dispute, result="continue", next_session_on=clock.today() + dt.timedelta(days=3),
                    departments=[world.judicial_office])
    dispute.refresh_from_db()
    assert dispute.status == "mediating" and first.number == 1
    assert list(first.mediators.all()) == [world.wumei_grid_worker]
    assert list(first.departments.all()) == [world.judicial_office]
    second = session(world, dispute, result="agreed")
    assert second.number == 2 and second.next_session_on is None
    assert dispute.status == "mediating"


def test_continue_needs_the_next_date(world, dispute):
    with pytest.raises(ValidationError) as e:
        session(world, dispute, result="continue")
    assert "next_session_on" in e.value.message_dict
    assert not MediationSession.objects.exists()


@pytest.mark.parametrize("change, field", [
    ({"held_at": "future"}, "held_at"),
    ({"place": ""}, "place"),
    ({"notes": ""}, "notes"),
    ({"result": "maybe"}, "result"),
    ({"mediators": "nanmen"}, "mediators"),
    ({"mediators": "none"}, "mediators"),
    ({"departments": "xiufeng"}, "departments"),
])
def test_session_fields_are_checked(world, dispute, change, field):
    kwargs = {"actor": world.wumei_staff, "dispute": dispute, "held_at": clock.now() - dt.timedelta(hours=1),
              "place": "调解室", "notes": "经过", "result": "not_agreed", "mediators": [world.wumei_staff],
              "mediator_names": "", "departments": []}
    value = next(iter(change.values()))
    kwargs.update({
        "future": {"held_at": clock.now() + dt.timedelta(days=1)},
        "nanmen": {"mediators": [world.nanmen_staff]},
        "none": {"mediators": []},
        "xiufeng": {"departments": [world.xiufeng_housing]},
    }.get(value, change))
    with pytest.raises(ValidationError) as e:
        services.record_session(**kwargs)
    assert field in e.value.message_dict
    dispute.refresh_from_db()
    assert dispute.status == "registered"


def test_it_requires_a_handler_to_record_a_session(world, dispute):
    for persona in ("nanmen_staff", "receiver", "liaison", "resident", "outsider"):
        with pytest.raises(PermissionDenied):
            session(world, dispute, actor=getattr(world, persona))
    assert not MediationSession.objects.exists()


def test_no_session_after_an_outcome(world, agreed):
    with pytest.raises(ValidationError) as e:
        session(world, agreed)
    assert "恢复调解" in str(e.value)


# --- outcome ----------------------------------------------------------------------------------------------

def test_an_agreement_needs_a_session_that_agreed(world, dispute):
    with pytest.raises(ValidationError) as e:
        agree(world, dispute)
    assert "至少一次调解" in str(e.value)
    session(world, dispute, result="not_agreed")
    with pytest.raises(ValidationError) as e:
        agree(world, dispute)
    assert "outcome" in e.value.message_dict
    session(world, dispute, result="agreed")
    agreed = agree(world, dispute)
    assert agreed.status == "agreed" and agreed.outcome == "agreement" and str(agreed.agreed_amount) == "2000.00"
    assert agreed.follow_up_on == clock.today() + dt.timedelta(days=14) and agreed.outcome_by == world.wumei_staff


def test_an_agreement_needs_its_text_and_a_follow_up_date(world, dispute):
    session(world, dispute)
    with pytest.raises(ValidationError) as e:
        services.record_outcome(actor=world.wumei_staff, dispute=dispute, outcome="agreement")
    assert {"agreement_text", "follow_up_on"} <= set(e.value.message_dict)


def test_a_referral_needs_no_session_but_a_target_and_a_reason(world, dispute):
    with pytest.raises(ValidationError) as e:
        services.record_outcome(actor=world.wumei_staff, dispute=dispute, outcome="referral",
                                follow_up_on=clock.today())
    assert {"referred_department", "note"} <= set(e.value.message_dict)
    referred = services.record_outcome(actor=world.wumei_staff, dispute=dispute, outcome="referral",
                                       referred_to="象山区人民法院", note="涉及房屋质量鉴定，建议诉讼解决",
                                       follow_up_on=clock.today() + dt.timedelta(days=30))
    assert referred.status == "referred" and referred.referred_to == "象山区人民法院"


def test_a_referral_to_a_department_outside_the_area_is_refused(world, dispute):
    with pytest.raises(ValidationError) as e:
        services.record_outcome(actor=world.wumei_staff, dispute=dispute, outcome="referral",
                                referred_department=world.xiufeng_housing, note="转住建", follow_up_on=clock.today())
    assert "referred_department" in e.value.message_dict


def test_litigation_needs_a_session(world, dispute):
    with pytest.raises(ValidationError):
        services.record_outcome(actor=world.wumei_staff, dispute=dispute, outcome="litigation", note="调解不成",
                                follow_up_on=clock.today())
    session(world, dispute, result="not_agreed")
    done = services.record_outcome(actor=world.wumei_staff, dispute=dispute, outcome="litigation",
                                   note="双方分歧较大，引导诉讼", follow_up_on=clock.today())
    assert done.status == "litigation"


def test_a_withdrawal_needs_no_session_and_no_follow_up(world, dispute):
    done = services.record_outcome(actor=world.wumei_staff, dispute=dispute, outcome="withdrawn",
                                   note="双方自行和解，申请人撤回")
    assert done.status == "withdrawn" and done.follow_up_on is None


def test_an_outcome_is_recorded_once(world, agreed):
    with pytest.raises(ValidationError):
        services.record_outcome(actor=world.wumei_staff, dispute=agreed, outcome="withdrawn", note="撤回")


def test_it_requires_a_handler_to_record_an_outcome(world, dispute):
    for persona in ("nanmen_staff", "receiver", "liaison", "resident"):
        with pytest.raises(PermissionDenied):
            services.record_outcome(actor=getattr(world, persona), dispute=dispute, outcome="withdrawn", note="撤回")
    dispute.refresh_from_db()
    assert dispute.status == "registered"


def test_a_follow_up_date_in_the_past_is_refused(world, dispute):
    session(world, dispute)
    with pytest.raises(ValidationError) as e:
        agree(world, dispute, follow_up_in=-1)
    assert "follow_up_on" in e.value.message_dict


# --- follow-up --------------------------------------------------------------------------------------------

def test_no_follow_up_before_an_outcome(world, dispute):
    with pytest.raises(ValidationError):
        follow_up(world, dispute)
    with pytest.raises(ValidationError):
        services.schedule_follow_up(actor=world.wumei_staff, dispute=dispute, on=clock.today())


def test_a_stable_follow_up_clears_the_date(world, agreed):
    made = follow_up(world, agreed)
    agreed.refresh_from_db()
    assert made.stable and made.by == world.wumei_staff and agreed.follow_up_on is None


def test_an_unsettled_follow_up_needs_the_next_date(world, agreed):
    with pytest.raises(ValidationError) as e:
        follow_up(world, agreed, stable=False)
    assert "next_follow_up_on" in e.value.message_dict
    nxt = clock.today() + dt.timedelta(days=7)
    follow_up(world, agreed, stable=False, next_follow_up_on=nxt)
    agreed.refresh_from_db()
    assert agreed.follow_up_on == nxt


def test_a_follow_up_cannot_be_in_the_future(world, agreed):
    with pytest.raises(ValidationError) as e:
        services.record_follow_up(actor=world.wumei_staff, dispute=agreed, done_on=clock.today() + dt.timedelta(days=1),
                                  note="回访", stable=True)
    assert "done_on" in e.value.message_dict


def test_rescheduling_a_follow_up(world, agreed):
    services.schedule_follow_up(actor=world.wumei_grid_worker, dispute=agreed, on=clock.today() + dt.timedelta(days=3))
    agreed.refresh_from_db()
    assert agreed.follow_up_on == clock.today() + dt.timedelta(days=3)
    with pytest.raises(ValidationError):
        services.schedule_follow_up(actor=world.wumei_staff, dispute=agreed, on=clock.today() - dt.timedelta(days=1))


def test_it_requires_a_handler_to_follow_up(world, agreed):
    for persona in ("nanmen_staff", "receiver", "liaison", "resident"):
        with pytest.raises(PermissionDenied):
            follow_up(world, agreed, actor=getattr(world, persona))
    assert not FollowUp.objects.exists()


# --- close ------------------------------------------------------------------------------------------------

def test_closing_an_agreement_resolves_the_case(world, agreed):
    with pytest.raises(ValidationError) as e:
        services.close_dispute(actor=world.wumei_staff, dispute=agreed)
    assert "回访" in str(e.value)
    follow_up(world, agreed)
    closed = services.close_dispute(actor=world.wumei_staff, dispute=agreed)
    assert closed.status == "closed" and closed.closed_by == world.wumei_staff and closed.outcome == "agreement"
    case = Case.objects.get(pk=agreed.case_id)
    assert case.status == CaseStatus.RESOLVED and "赔偿王秀英" in case.result
    with pytest.raises(ValidationError):
        services.close_dispute(actor=world.wumei_staff, dispute=agreed)


def test_an_unsettled_agreement_is_not_closed(world, agreed):
    follow_up(world, agreed, stable=False, next_follow_up_on=clock.today() + dt.timedelta(days=7))
    with pytest.raises(ValidationError) as e:
        services.close_dispute(actor=world.wumei_staff, dispute=agreed)
    assert "不稳定" in str(e.value)
    assert Case.objects.get(pk=agreed.case_id).status == CaseStatus.ACCEPTED


def test_a_withdrawal_closes_without_follow_up(world, dispute):
    services.record_outcome(actor=world.wumei_staff, dispute=dispute, outcome="withdrawn", note="自行和解")
    closed = services.close_dispute(actor=world.wumei_staff, dispute=dispute)
    assert closed.status == "closed" and Case.objects.get(pk=dispute.case_id).status == CaseStatus.RESOLVED


def test_a_grid_worker_who_does_not_own_the_case_cannot_close(world, agreed):
    """Closing resolves the case: its owner's or supervising staff's to do (as in the cases app)."""
    follow_up(world, agreed)
    assert not services.may_close(world.wumei_grid_worker, agreed)
    with pytest.raises(PermissionDenied):
        services.close_dispute(actor=world.wumei_grid_worker, dispute=agreed)
    assert services.may_close(world.street_staff, agreed)


def test_a_grid_worker_closes_the_dispute_she_registered(world, cats):
    d = register(world, cats, actor=world.wumei_grid_worker)
    services.record_outcome(actor=world.wumei_grid_worker, dispute=d, outcome="withdrawn", note="撤回")
    assert services.close_dispute(actor=world.wumei_grid_worker, dispute=d).status == "closed"


def test_an_open_whistle_keeps_the_dispute_open(world, agreed):
    """The cases app refuses to resolve a case while a department is still working on it: nothing changes."""
    cases.blow_whistle(actor=world.wumei_staff, case=agreed.case, departments=[world.judicial_office],
                       request="请司法所派人民调解员参与调解")
    follow_up(world, agreed)
    with pytest.raises(ValidationError) as e:
        services.close_dispute(actor=world.wumei_staff, dispute=agreed)
    assert "象山街道司法所" in str(e.value)
    agreed.refresh_from_db()
    assert agreed.status == "agreed" and agreed.closed_at is None


def test_it_requires_a_handler_to_close(world, agreed):
    follow_up(world, agreed)
    for persona in ("nanmen_staff", "receiver", "liaison", "resident", "outsider"):
        with pytest.raises(PermissionDenied):
            services.close_dispute(actor=getattr(world, persona), dispute=agreed)


# --- reopen, risk -----------------------------------------------------------------------------------------

def test_reopening_sets_the_outcome_aside(world, agreed):
    follow_up(world, agreed, stable=False, next_follow_up_on=clock.today() + dt.timedelta(days=7))
    with pytest.raises(ValidationError):
        services.reopen_mediation(actor=world.wumei_staff, dispute=agreed, reason="")
    reopened = services.reopen_mediation(actor=world.wumei_staff, dispute=agreed, reason="李明未按期付款")
    assert reopened.status == "mediating" and reopened.outcome == "" and reopened.agreement_text == ""
    assert reopened.follow_up_on is None
    third = session(world, reopened)
    assert third.number == 2
    entry = Entry.objects.get(action="dispute.reopened")
    assert entry.data["outcome"] == "agreement"


def test_a_closed_dispute_is_not_reopened(world, dispute):
    services.record_outcome(actor=world.wumei_staff, dispute=dispute, outcome="withdrawn", note="撤回")
    services.close_dispute(actor=world.wumei_staff, dispute=dispute)
    with pytest.raises(ValidationError):
        services.reopen_mediation(actor=world.wumei_staff, dispute=dispute, reason="又吵起来了")


def test_raising_the_risk_to_major_flags_it(world, dispute):
    services.assess_risk(actor=world.wumei_grid_worker, dispute=dispute, risk="major", reason="双方情绪激动，有肢体冲突苗头")
    dispute.refresh_from_db()
    assert dispute.risk == "major"
    assert Entry.objects.filter(action="dispute.flagged_major").count() == 1
    with pytest.raises(ValidationError):
        services.assess_risk(actor=world.wumei_staff, dispute=dispute, risk="major", reason="再次")
    with pytest.raises(PermissionDenied):
        services.assess_risk(actor=world.nanmen_staff, dispute=dispute, risk="ordinary", reason="缓和")


# --- the database keeps the invariants --------------------------------------------------------------------

@pytest.mark.parametrize("change", [
    {"status": "agreed"},  # an agreement status without the outcome
    {"status": "closed"},  # closed without outcome and time
    {"outcome": "agreement", "status": "agreed", "outcome_at": None},
    {"amount": -1},
    {"risk": "extreme"},
])
def test_the_database_refuses_inconsistent_disputes(world, dispute, change):
    with pytest.raises(IntegrityError), transaction.atomic():
        Dispute.objects.filter(pk=dispute.pk).update(**change)


def test_session_numbers_are_unique_in_the_database(world, dispute):
    first = session(world, dispute, result="not_agreed")
    with pytest.raises(IntegrityError), transaction.atomic():
        MediationSession.objects.create(dispute=dispute, number=first.number, held_at=first.held_at, place="x",
                                        notes="x", result="not_agreed", recorded_by=world.wumei_staff,
                                        recorded_at=clock.now())


def test_a_dispute_whose_case_was_refused_is_only_referred_or_withdrawn(world, dispute):
    cases.reject_case(actor=world.wumei_staff, case=dispute.case, reason="属物业合同纠纷，不属社区调解范围")
    with pytest.raises(ValidationError) as e:
        session(world, dispute)
    assert "不予受理" in str(e.value)
    services.record_outcome(actor=world.wumei_staff, dispute=dispute, outcome="referral", referred_to="物业服务企业",
                            note="转物业处理", follow_up_on=clock.today())
    follow_up(world, dispute)
    closed = services.close_dispute(actor=world.wumei_staff, dispute=dispute)
    assert closed.status == "closed" and Case.objects.get(pk=dispute.case_id).status == CaseStatus.REJECTED
    assert Entry.objects.get(action="dispute.closed").data["case_resolved"] is False
