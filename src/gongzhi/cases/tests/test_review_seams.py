"""Review of issue 5: the seams between cases, disputes and rates, and personal data kept out of the chronicle."""

import datetime as dt

from django.test import Client
from django.urls import reverse

from gongzhi.cases import services
from gongzhi.cases.selectors import filter_cases
from gongzhi.cases.tests.conftest import MONDAY_9, report_sewage
from gongzhi.chronicle.models import Entry
from gongzhi.core import clock
from gongzhi.core.listing import as_id
from gongzhi.disputes import services as disputes
from gongzhi.disputes.tests.conftest import agree, follow_up, register, session
from gongzhi.rates import services as rates


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_the_case_page_links_to_its_dispute(world, cats):
    with clock.frozen(MONDAY_9):
        dispute = register(world, cats)
    page = _client(world.wumei_staff).get(reverse("cases:case", args=[dispute.case.pk]))
    assert page.status_code == 200
    link = reverse("disputes:detail", args=[dispute.pk])
    assert f'href="{link}" data-testid="dispute-link"' in page.content.decode()
    assert _client(world.wumei_staff).get(link).status_code == 200


def test_a_dispute_case_without_a_mediation_record_shows_no_link(world, cats):
    with clock.frozen(MONDAY_9):
        case = report_sewage(world, cats, category=cats["neighbour_dispute"], title="楼上噪音纠纷")
    assert case.kind == "dispute"
    page = _client(world.wumei_staff).get(reverse("cases:case", args=[case.pk]))
    assert page.status_code == 200 and b"dispute-link" not in page.content


def test_query_string_ids_are_bounded(world, cats):
    assert [as_id(v) for v in ("12", "²", "abc", "-1", "0", "9" * 19, None, 7)] == [12, None, None, None, None,
                                                                                    None, None, 7]
    with clock.frozen(MONDAY_9):
        report_sewage(world, cats)
    from gongzhi.cases.models import Case

    assert list(filter_cases(Case.objects.all(), department="99999999999999999999999")) == []


def test_reasons_in_the_chronicle_do_not_name_the_parties(world, cats):
    with clock.frozen(MONDAY_9):
        dispute = register(world, cats)
        session(world, dispute)
        agreed = agree(world, dispute)
        follow_up(world, agreed, stable=False, next_follow_up_on=clock.today() + dt.timedelta(days=7))
        disputes.reopen_mediation(actor=world.wumei_staff, dispute=agreed, reason="李明未按期付款，王秀英要求再调")
        disputes.assess_risk(actor=world.wumei_staff, dispute=agreed, risk="major", reason="李明扬言到五美小区1栋101闹事")
    for action in ("dispute.reopened", "dispute.risk_assessed"):
        reason = Entry.objects.get(action=action).data["reason"]
        assert "李明" not in reason and "王秀英" not in reason and "五美小区1栋101" not in reason, reason
    assert "未按期付款" in Entry.objects.get(action="dispute.reopened").data["reason"]


def test_review_reasons_in_the_chronicle_do_not_name_the_resident(world, cats):
    name = world.resident_person.name
    with clock.frozen(MONDAY_9):
        case = report_sewage(world, cats)
        services.accept_case(actor=world.wumei_grid_worker, case=case)
        services.resolve_case(actor=world.wumei_grid_worker, case=case, result="已疏通")
        services.confirm_case(actor=world.resident, case=case)
        services.rate_case(actor=world.resident, case=case, satisfaction="unsatisfied")
        review = rates.request_review(actor=world.wumei_staff, case=case, reason=f"{name}要求赔偿装修，超出职责")
        rates.decide_review(actor=world.district_staff, review=review, decision="exclude", ground="unreasonable",
                            note=f"{name}的诉求不合理")
    entries = Entry.objects.filter(action__startswith="rating_review.")
    assert entries.count() == 2
    for entry in entries:
        assert name not in str(entry.data), entry.data
