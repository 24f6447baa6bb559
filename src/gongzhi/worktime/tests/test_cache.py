"""The in-process cache of special days, and its invalidation by the services, the admin and other processes."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import F

from gongzhi.chronicle.models import Entry
from gongzhi.worktime.models import Calendar, SpecialDay, SpecialDayKind
from gongzhi.worktime.selectors import default_calendar
from gongzhi.worktime.services import (
    add_working_days,
    is_working_day,
    remove_special_day,
    set_special_day,
    special_days,
)
from gongzhi.worktime.tests.conftest import cst

EXTRA_DAY = dt.date(2026, 3, 16)  # an ordinary Monday


def test_special_days_are_read_once(calendar, django_assert_num_queries):
    is_working_day(calendar, EXTRA_DAY)
    with django_assert_num_queries(0):
        assert is_working_day(calendar, dt.date(2026, 10, 1)) is False
        add_working_days(calendar, cst(2026, 9, 30, 10), 7)


def test_the_service_invalidates_the_cache(calendar):
    assert is_working_day(calendar, EXTRA_DAY) is True
    set_special_day(actor=None, calendar=calendar, date=EXTRA_DAY, kind=SpecialDayKind.HOLIDAY, name="临时休假")
    assert is_working_day(calendar, EXTRA_DAY) is False
    assert is_working_day(default_calendar(), EXTRA_DAY) is False
    assert Entry.objects.filter(action="worktime.special_day_set").exists()

    remove_special_day(actor=None, calendar=calendar, date=EXTRA_DAY)
    assert is_working_day(calendar, EXTRA_DAY) is True
    assert Entry.objects.filter(action="worktime.special_day_removed").exists()


def test_a_stale_calendar_instance_still_sees_the_change(calendar):
    stale = Calendar.objects.get(pk=calendar.pk)
    assert is_working_day(stale, EXTRA_DAY) is True
    set_special_day(actor=None, calendar=calendar, date=EXTRA_DAY, kind=SpecialDayKind.HOLIDAY, name="临时休假")
    assert stale.revision < calendar.revision
    assert is_working_day(stale, EXTRA_DAY) is False


def test_a_change_made_by_another_process_is_seen_through_the_revision(calendar):
    assert is_working_day(calendar, dt.date(2026, 10, 10)) is True  # cached here
    # another process changes the row and bumps the revision; this process's signals never fire
    SpecialDay.objects.filter(calendar=calendar, date=dt.date(2026, 10, 10)).update(kind=SpecialDayKind.HOLIDAY)
    Calendar.objects.filter(pk=calendar.pk).update(revision=F("revision") + 1)
    assert is_working_day(calendar, dt.date(2026, 10, 10)) is True  # the instance read before: cached data
    assert is_working_day(default_calendar(), dt.date(2026, 10, 10)) is False  # read afresh: reloaded


def test_only_system_administrators_edit_calendars(world, calendar):
    with pytest.raises(PermissionDenied):
        set_special_day(actor=world.wumei_staff, calendar=calendar, date=EXTRA_DAY,
                        kind=SpecialDayKind.HOLIDAY, name="临时休假")
    set_special_day(actor=world.admin, calendar=calendar, date=EXTRA_DAY, kind=SpecialDayKind.HOLIDAY,
                    name="临时休假")
    assert not is_working_day(calendar, EXTRA_DAY)


def test_editing_a_special_day_in_the_admin_invalidates_the_cache_and_is_chronicled(world, calendar, client_for):
    day = SpecialDay.objects.get(calendar=calendar, date=dt.date(2026, 10, 10))
    assert is_working_day(calendar, day.date) is True
    client = client_for(world.admin)
    response = client.post(f"/admin/worktime/specialday/{day.pk}/change/",
                           {"date": "2026-10-10", "kind": "holiday", "name": "国庆节"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert is_working_day(default_calendar(), day.date) is False
    assert is_working_day(calendar, day.date) is False  # this process's entry was dropped as well
    assert Entry.objects.filter(subject_type="worktime.specialday", subject_id=str(day.pk),
                                action="admin.changed").exists()

    response = client.post(f"/admin/worktime/specialday/{day.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert is_working_day(default_calendar(), day.date) is False  # an ordinary Saturday again
    assert special_days(default_calendar()).get(day.date) is None


def test_the_admin_pages_render(world, calendar, client_for):
    client = client_for(world.admin)
    assert client.get("/admin/worktime/specialday/").status_code == 200
    assert client.get(f"/admin/worktime/calendar/{calendar.pk}/change/").status_code == 200
