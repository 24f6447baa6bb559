"""The space platform's pages: staff create a venue and set its hours; a partner's liaison previews a term of
Fridays and submits; a conflict shows on the preview and refuses the submission; staff approve, cancel one
occurrence; the resident applies on her phone; out of scope is 404."""

from django.urls import reverse

from gongzhi.spaces.models import Application, Booking, BookingStatus, Venue
from gongzhi.spaces.tests.conftest import weekly_class

FORM = {"purpose": "书法兴趣班", "attendance": "30", "first_date": "2026-03-06", "starts": "19:00",
        "ends": "20:30", "repeat_until": "2026-06-26", "exchange_service": "免费书法课"}


def test_staff_register_a_venue_and_its_hours(world, spaces, client_for):
    staff = client_for(world.wumei_staff)
    r = staff.post(reverse("spaces:venues"), {"community": world.wumei.pk, "name": "共享菜园1号地",
                                              "kind": "garden_plot", "capacity": "4"})
    venue = Venue.objects.get(name="共享菜园1号地")
    assert r.status_code == 302 and r.url == reverse("spaces:venue", args=[venue.pk])
    r = staff.post(reverse("spaces:venue", args=[venue.pk]), {"action": "hours",
                                                              "hours": "周六 07:00-10:00 16:00-19:00\n周日 07:00-10:00"})
    assert r.status_code == 302 and venue.opening_hours.count() == 3
    r = staff.post(reverse("spaces:venue", args=[venue.pk]), {"action": "hours", "hours": "星期八 7-10"})
    assert "应以“周一”至“周日”开头" in r.content.decode() and venue.opening_hours.count() == 3
    r = staff.get(reverse("spaces:venues"))
    assert "共享菜园1号地" in r.content.decode() and "周六 07:00-10:00 16:00-19:00" in r.content.decode()


def test_the_preview_shows_a_clash_and_the_series_is_not_submitted(world, spaces, client_for):
    s = spaces
    liaison = client_for(s.merchant_liaison)
    url = reverse("spaces:apply", args=[s.hall.pk])
    form = {**FORM, "applicant": f"partner:{s.partner.pk}"}
    r = liaison.post(url, {**form, "action": "preview"})
    body = r.content.decode()
    assert "共 17 次" in body and "全部可预约" in body and not Application.objects.exists()
    services_apply = client_for(world.wumei_staff).post(url, {
        "applicant": f"team:{s.team.pk}", "purpose": "巡逻队例会", "attendance": "10", "first_date": "2026-04-17",
        "starts": "20:00", "ends": "21:00", "action": "submit"})
    assert services_apply.status_code == 302
    r = liaison.post(url, {**form, "action": "preview"})
    body = r.content.decode()
    assert "1 次不可预约，整组申请不能提交" in body and "2026年4月17日（周五）20:00—21:00 已被预约" in body
    r = liaison.post(url, {**form, "action": "submit"})
    assert "整组申请均未保存" in r.content.decode()
    assert Application.objects.count() == 1


def test_a_liaison_submits_staff_approve_and_cancel_one_occurrence(world, spaces, client_for):
    s = spaces
    liaison, staff = client_for(s.merchant_liaison), client_for(world.wumei_staff)
    r = liaison.post(reverse("spaces:apply", args=[s.hall.pk]),
                     {**FORM, "applicant": f"partner:{s.partner.pk}", "action": "submit"})
    application = Application.objects.get()
    assert r.status_code == 302 and r.url == reverse("spaces:application", args=[application.pk])
    page = liaison.get(r.url).content.decode()
    assert "免费书法课" in page and 'data-testid="approve"' not in page
    r = staff.post(reverse("spaces:application", args=[application.pk]), {"action": "approve", "note": ""})
    assert r.status_code == 302
    booking = application.bookings.order_by("starts_at")[1]
    r = staff.post(reverse("spaces:cancel_booking", args=[booking.pk]), {"reason": "社区活动"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    r = liaison.post(reverse("spaces:application", args=[application.pk]),
                     {"action": "fulfil", "date": "2026-03-02", "content": "书法课", "person_times": "20"})
    assert "服务日期不能早于场地使用的第一天" in r.content.decode()


def test_the_resident_applies_on_her_phone(world, spaces, client_for):
    s = spaces
    resident = client_for(world.resident)
    home = resident.get(reverse("spaces:m_home")).content.decode()
    assert "党群服务中心多功能厅" in home and "会议室" in home
    url = reverse("spaces:m_venue", args=[s.room.pk])
    form = {"applicant": f"resident:{world.resident_person.pk}", "purpose": "读书会", "attendance": "20",
            "first_date": "2026-03-04", "starts": "10:00", "ends": "11:00"}
    r = resident.post(url, form)
    assert "预计 20 人，超过会议室的容纳人数 12 人" in r.content.decode() and not Booking.objects.exists()
    r = resident.post(url, {**form, "attendance": "6"})
    assert r.status_code == 302 and Booking.objects.get().status == BookingStatus.APPLIED
    application = Application.objects.get()
    page = resident.get(reverse("spaces:m_application", args=[application.pk])).content.decode()
    assert "读书会" in page and 'data-testid="m-cancel-booking"' in page


def test_it_requires_scope(world, spaces, client_for):
    s = spaces
    application = weekly_class(world, s)
    nanmen = client_for(world.nanmen_staff)
    assert nanmen.get(reverse("spaces:venue", args=[s.hall.pk])).status_code == 404
    assert nanmen.get(reverse("spaces:application", args=[application.pk])).status_code == 404
    assert nanmen.post(reverse("spaces:cancel_booking", args=[application.bookings.first().pk])).status_code == 404
    assert nanmen.get(reverse("spaces:apply", args=[s.hall.pk])).status_code == 404
    resident = client_for(world.resident)
    assert resident.get(reverse("spaces:m_application", args=[application.pk])).status_code == 404
    assert client_for(world.liaison).get(reverse("spaces:apply", args=[s.hall.pk])).status_code == 404
    assert client_for(world.street_staff).post(reverse("spaces:venue", args=[s.hall.pk]),
                                               {"action": "close"}).status_code == 404


def test_the_partner_record_shows_its_services_for_space(world, spaces):
    from django.template.loader import render_to_string

    from gongzhi.core.registry import page_sections
    from gongzhi.partners.sections import PARTNER_PAGE

    def partner_sections(partner, user):
        return page_sections(PARTNER_PAGE, partner, user)

    s = spaces
    weekly_class(world, s)
    sections = dict(partner_sections(s.partner, world.wumei_staff))
    context = sections["spaces/partner_section.html"]
    for html in (render_to_string("spaces/partner_section.html", context),
                 render_to_string("spaces/partner_section.html", {"ctx": context})):
        assert "每次课后为社区老人免费上一节书法课" in html and "待审核" in html
    assert "每次课后" not in render_to_string("spaces/partner_section.html",
                                            dict(partner_sections(s.partner, world.nanmen_staff))[
                                                "spaces/partner_section.html"])
