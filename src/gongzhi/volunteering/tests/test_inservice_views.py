"""The pages of in-service party members: the member applies on her phone, 五美社区's staff confirm or return it,
the hospital's liaison follows her hours against the district's target and files the quarterly service card (page
and PDF, masked name and ID); everybody out of scope gets 404."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from gongzhi.core import clock
from gongzhi.volunteering.models import InServiceReport, YearlyServiceTarget
from gongzhi.volunteering.services import inservice as services
from gongzhi.volunteering.tests.test_inservice_world import add_member, add_school, at, confirmed_hours

NOW = at(2026, 5, 12)


@pytest.fixture
def chen(world):
    return add_member(world)


@pytest.fixture
def registered(world, chen):
    with clock.frozen(at(2026, 3, 2)):
        report = services.apply_to_report(actor=chen.user, member=chen.member)
        services.confirm_report(actor=world.wumei_staff, report=report)
    services.set_yearly_target(actor=world.district_staff, district=world.xiangshan, year=2026, hours=50)
    confirmed_hours(chen.person, world.wumei, dt.date(2026, 4, 18), "3.5", content="文明劝导")
    confirmed_hours(chen.person, world.wumei, dt.date(2026, 1, 20), "2", content="义诊")
    chen.member.refresh_from_db()
    return chen


def test_the_member_applies_on_her_phone_and_sees_her_status(world, chen, client_for):
    phone = client_for(chen.user)
    with clock.frozen(NOW):
        page = phone.get(reverse("volunteering:m_inservice"))
        assert page.status_code == 200 and "申请报到" in page.content.decode() and "五美社区" in page.content.decode()
        done = phone.post(reverse("volunteering:m_inservice_apply"), {"note": "周末可参加巡逻"}, follow=True)
    html = done.content.decode()
    assert "报到申请已提交" in html and "等待社区确认" in html
    report = InServiceReport.objects.get()
    assert report.status == "pending" and report.note == "周末可参加巡逻"
    with clock.frozen(NOW):
        again = phone.post(reverse("volunteering:m_inservice_apply"), {"note": ""}, follow=True)
    assert "已有一份报到申请" in again.content.decode() or 'data-testid="apply"' not in again.content.decode()
    assert InServiceReport.objects.count() == 1


def test_the_phone_page_is_for_in_service_members_only(world, client_for):
    for user in (world.resident, world.volunteer, world.wumei_staff):
        assert client_for(user).get(reverse("volunteering:m_inservice")).status_code == 404
        assert client_for(user).post(reverse("volunteering:m_inservice_apply"), {}).status_code == 404


def test_the_community_confirms_from_its_queue(world, chen, client_for):
    with clock.frozen(NOW):
        report = services.apply_to_report(actor=chen.user, member=chen.member)
    staff = client_for(world.wumei_staff)
    queue = staff.get(reverse("volunteering:inservice_queue")).content.decode()
    assert "陈志刚" in queue and "首次报到" in queue
    assert client_for(world.nanmen_staff).post(
        reverse("volunteering:inservice_confirm", args=[report.pk])).status_code == 404
    assert "陈志刚" not in client_for(world.nanmen_staff).get(reverse("volunteering:inservice_queue")).content.decode()
    with clock.frozen(NOW):
        done = staff.post(reverse("volunteering:inservice_confirm", args=[report.pk]), follow=True)
    assert "已确认报到" in done.content.decode()
    report.refresh_from_db()
    assert report.status == "confirmed" and report.valid_until == dt.date(2026, 11, 12)
    with clock.frozen(NOW):
        mine = client_for(chen.user).get(reverse("volunteering:m_inservice")).content.decode()
    assert "报到有效" in mine and "2026-11-12" in mine


def test_returning_needs_a_reason(world, chen, client_for):
    report = services.apply_to_report(actor=chen.user, member=chen.member)
    staff = client_for(world.wumei_staff)
    blank = staff.post(reverse("volunteering:inservice_return", args=[report.pk]), {"reason": ""}, follow=True)
    assert "须说明理由" in blank.content.decode()
    assert InServiceReport.objects.get().status == "pending"
    staff.post(reverse("volunteering:inservice_return", args=[report.pk]), {"reason": "不在本社区居住"})
    assert InServiceReport.objects.get().status == "returned"
    mine = client_for(chen.user).get(reverse("volunteering:m_inservice")).content.decode()
    assert "已退回" in mine and "不在本社区居住" in mine and 'data-testid="apply"' in mine


def test_the_unit_sees_its_members_hours_against_the_target(world, registered, client_for):
    with clock.frozen(NOW):
        html = client_for(world.liaison).get(reverse("volunteering:inservice_list")).content.decode()
        assert "陈志刚" in html and "5.5 / 50" in html and "报到有效" in html
        assert "李建国" in html  # the hospital's other member (南门社区)
        school = add_school(world)
        other = client_for(school.liaison).get(reverse("volunteering:inservice_list")).content.decode()
        assert "陈志刚" not in other and "何丽" in other
        detail = client_for(world.liaison).get(reverse("volunteering:inservice_member", args=[registered.member.pk]))
        assert detail.status_code == 200 and "文明劝导" in detail.content.decode()


def test_lapsed_registrations_show_on_the_communitys_list(world, registered, client_for):
    with clock.frozen(at(2026, 9, 3)):
        lapsed = client_for(world.wumei_staff).get(reverse("volunteering:inservice_list") + "?status=lapsed")
        current = client_for(world.wumei_staff).get(reverse("volunteering:inservice_list") + "?status=current")
        phone = client_for(registered.user).get(reverse("volunteering:m_inservice")).content.decode()
        unit = client_for(world.liaison).get(reverse("volunteering:inservice_list")).content.decode()
    assert "陈志刚" in lapsed.content.decode() and "陈志刚" not in current.content.decode()
    assert "已过期" in phone and 'data-testid="lapsed-note"' in phone and "申请定期报到" in phone
    assert "已过期" in unit


@pytest.mark.parametrize("who", ["liaison", "wumei_staff", "street_staff", "district_staff", "admin"])
def test_the_quarterly_card_for_the_unit_and_the_staff_in_scope(world, registered, client_for, who):
    with clock.frozen(NOW):
        page = client_for(getattr(world, who)).get(reverse("volunteering:inservice_card",
                                                           args=[registered.member.pk, 2026, 2]))
    html = page.content.decode()
    assert page.status_code == 200 and "陈**" in html and "文明劝导" in html and "3.5" in html
    assert "陈志刚" not in html.split("<main")[1] and "4503**********" in html


@pytest.mark.parametrize("who", ["nanmen_staff", "wumei_grid_worker", "resident", "receiver", "volunteer", "outsider"])
def test_everybody_else_gets_404_for_the_member_and_the_card(world, registered, client_for, who):
    client = client_for(getattr(world, who))
    pk = registered.member.pk
    with clock.frozen(NOW):
        for name, args in (("inservice_member", [pk]), ("inservice_card", [pk, 2026, 2]),
                           ("inservice_card_pdf", [pk, 2026, 2])):
            assert client.get(reverse(f"volunteering:{name}", args=args)).status_code == 404, (who, name)


def test_another_units_liaison_and_the_member_herself_get_404(world, registered, client_for):
    school = add_school(world)
    pk = registered.member.pk
    with clock.frozen(NOW):
        for client in (client_for(school.liaison),):
            assert client.get(reverse("volunteering:inservice_member", args=[pk])).status_code == 404
            assert client.get(reverse("volunteering:inservice_card", args=[pk, 2026, 2])).status_code == 404
            assert client.get(reverse("volunteering:inservice_card_pdf", args=[pk, 2026, 2])).status_code == 404
        own = client_for(registered.user).get(reverse("volunteering:inservice_card", args=[pk, 2026, 2]))
    assert own.status_code == 404  # the card is the unit's document, not hers


def test_a_future_quarter_or_a_junk_one_is_404(world, registered, client_for):
    liaison = client_for(world.liaison)
    pk = registered.member.pk
    with clock.frozen(NOW):
        for year, quarter in ((2026, 3), (2026, 5), (2026, 0), (1999, 1), (9999, 1)):
            assert liaison.get(reverse("volunteering:inservice_card", args=[pk, year, quarter])).status_code == 404


def test_the_card_pdf_is_a_real_pdf_with_the_masked_name(world, registered, client_for):
    with clock.frozen(NOW):
        response = client_for(world.liaison).get(reverse("volunteering:inservice_card_pdf",
                                                         args=[registered.member.pk, 2026, 2]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "在职党员季度服务卡" in text and "陈**" in text and "陈志刚" not in text
    assert "2026年第2季度" in text and "文明劝导" in text and "桂林市中医医院" in text
    assert "450304198203150" not in text  # the ID number is masked


def test_district_staff_set_the_target_within_bounds(world, client_for):
    district = client_for(world.district_staff)
    url = reverse("volunteering:inservice_targets")
    refused = district.post(url, {"district": world.xiangshan.pk, "year": 2026, "hours": 1001})
    assert refused.status_code == 200 and not YearlyServiceTarget.objects.exists()
    junk = district.post(url, {"district": "9" * 30, "year": "x", "hours": "-5"})
    assert junk.status_code == 200 and not YearlyServiceTarget.objects.exists()
    district.post(url, {"district": world.xiangshan.pk, "year": 2026, "hours": 50})
    assert YearlyServiceTarget.objects.get().hours == 50
    other = client_for(world.wumei_staff).post(url, {"district": world.xiangshan.pk, "year": 2026, "hours": 10})
    assert other.status_code == 404 and YearlyServiceTarget.objects.get().hours == 50
    assert "象山区" in client_for(world.wumei_staff).get(url).content.decode()


def test_the_phone_home_offers_reporting_to_in_service_members_only(world, chen, client_for):
    home = reverse("core:resident_home")
    assert reverse("volunteering:m_inservice") in client_for(chen.user).get(home).content.decode()
    assert reverse("volunteering:m_inservice") not in client_for(world.resident).get(home).content.decode()
