"""The rotating check-in code: the current window's code is accepted, the previous one only for the grace seconds
after the window turns, anything older refused; a replayed check-in is refused; letters get a clear Chinese
message; check-out writes the pending hours, capped at the activity's length; the sweep closes the check-ins left
open at the end (flagged), once, however often it runs."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from gongzhi.core import clock
from gongzhi.volunteering.models import HoursEntry, SignUp
from gongzhi.volunteering.services import activities as services
from gongzhi.volunteering.tests.test_activities_helpers import (
    BEFORE,
    END,
    START,
    at,
    make_activity,
    volunteer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):
    activity = make_activity(world, quota=1)
    user = volunteer(world, "v1", "陈静")
    waiting = volunteer(world, "v2", "李明")
    with clock.frozen(BEFORE):
        services.sign_up(actor=user, activity=activity)
        services.sign_up(actor=waiting, activity=activity)
    return activity, user, waiting


def code(activity, purpose, moment):
    with clock.frozen(moment):
        return services.current_code(actor=None, activity=activity, purpose=purpose).code


def test_codes_are_six_digits_and_rotate_every_minute(world, setup):
    activity, *_ = setup
    a, b = code(activity, "in", at(2026, 6, 6, 9, 0, 5)), code(activity, "in", at(2026, 6, 6, 9, 0, 55))
    c = code(activity, "in", at(2026, 6, 6, 9, 1, 5))
    assert a == b != c and len(a) == 6 and a.isdigit()
    assert code(activity, "out", at(2026, 6, 6, 9, 0, 5)) != a  # check-in and check-out codes differ


def test_check_in_with_the_current_code(world, setup):
    activity, user, _ = setup
    moment = at(2026, 6, 6, 8, 50, 20)
    with clock.frozen(moment):
        signup = services.check_in(actor=user, activity=activity, code=code(activity, "in", moment))
    assert signup.checked_in_at == moment


def test_an_expired_code_is_refused(world, setup):
    activity, user, _ = setup
    old = code(activity, "in", at(2026, 6, 6, 9, 0, 30))
    with clock.frozen(at(2026, 6, 6, 9, 2, 1)), pytest.raises(ValidationError, match="已过期"):
        services.check_in(actor=user, activity=activity, code=old)
    assert SignUp.objects.get(person=user.person).checked_in_at is None


def test_the_previous_code_counts_only_for_the_grace_seconds(world, setup):
    activity, user, _ = setup
    previous = code(activity, "in", at(2026, 6, 6, 9, 0, 50))
    with clock.frozen(at(2026, 6, 6, 9, 1, services.CODE_GRACE_SECONDS + 1)), pytest.raises(ValidationError):
        services.check_in(actor=user, activity=activity, code=previous)
    with clock.frozen(at(2026, 6, 6, 9, 1, 3)):
        services.check_in(actor=user, activity=activity, code=previous)


def test_a_replayed_check_in_is_refused(world, setup):
    activity, user, _ = setup
    moment = at(2026, 6, 6, 9, 5, 10)
    current = code(activity, "in", moment)
    with clock.frozen(moment):
        services.check_in(actor=user, activity=activity, code=current)
        with pytest.raises(ValidationError, match="不能重复签到"):
            services.check_in(actor=user, activity=activity, code=current)
    assert SignUp.objects.get(person=user.person).checked_in_at == moment


@pytest.mark.parametrize("typed", ["12a456", "abcdef", "１２３４５６", "12345", "1234567", "", "12;DROP"])
def test_a_code_of_letters_gets_a_clear_message(world, setup, typed):
    activity, user, _ = setup
    with clock.frozen(at(2026, 6, 6, 9, 5)), pytest.raises(ValidationError) as error:
        services.check_in(actor=user, activity=activity, code=typed)
    assert "签到码" in " ".join(error.value.messages)
    assert SignUp.objects.get(person=user.person).checked_in_at is None


def test_the_waiting_cannot_check_in(world, setup):
    activity, _, waiting = setup
    moment = at(2026, 6, 6, 9, 5)
    with clock.frozen(moment), pytest.raises(ValidationError, match="候补"):
        services.check_in(actor=waiting, activity=activity, code=code(activity, "in", moment))


def test_check_out_writes_pending_hours_capped_at_the_length(world, setup):
    activity, user, _ = setup
    early, late = at(2026, 6, 6, 8, 35), at(2026, 6, 6, 12, 10)
    with clock.frozen(early):
        services.check_in(actor=user, activity=activity, code=code(activity, "in", early))
    with clock.frozen(late):
        entry = services.check_out(actor=user, activity=activity, code=code(activity, "out", late))
    assert entry.hours == Decimal("3.0") == activity.length_hours
    assert entry.status == "pending" and entry.kind == "service" and not entry.flagged
    assert (entry.started_at, entry.ended_at) == (early, late) and entry.served_on == dt.date(2026, 6, 6)
    with clock.frozen(late), pytest.raises(ValidationError, match="不能重复签退"):
        services.check_out(actor=user, activity=activity, code=code(activity, "out", late))
    assert HoursEntry.objects.count() == 1


def test_hours_count_from_check_in_to_check_out(world, setup):
    activity, user, _ = setup
    start, end = at(2026, 6, 6, 9, 30), at(2026, 6, 6, 11, 15)
    with clock.frozen(start):
        services.check_in(actor=user, activity=activity, code=code(activity, "in", start))
    with clock.frozen(end):
        entry = services.check_out(actor=user, activity=activity, code=code(activity, "out", end))
    assert entry.hours == Decimal("1.8")  # 1 h 45 min, one decimal


def test_the_check_in_code_does_not_check_out(world, setup):
    activity, user, _ = setup
    start, end = at(2026, 6, 6, 9, 30), at(2026, 6, 6, 11, 15)
    with clock.frozen(start):
        services.check_in(actor=user, activity=activity, code=code(activity, "in", start))
    with clock.frozen(end), pytest.raises(ValidationError):
        services.check_out(actor=user, activity=activity, code=code(activity, "in", end))


def test_the_sweep_closes_open_check_ins_once_and_flags_them(world, setup):
    activity, user, _ = setup
    start = at(2026, 6, 6, 9, 10)
    with clock.frozen(start):
        services.check_in(actor=user, activity=activity, code=code(activity, "in", start))
    assert services.sweep_unclosed_checkins(now=END) == 0  # still within the check-out grace
    after = END + services.CHECK_OUT_GRACE
    assert services.sweep_unclosed_checkins(now=after) == 1
    assert services.sweep_unclosed_checkins(now=after) == 0
    entry = HoursEntry.objects.get()
    assert entry.flagged and entry.status == "pending" and entry.ended_at == END and entry.hours == Decimal("2.8")
    signup = SignUp.objects.get(person=user.person)
    assert signup.auto_closed and signup.checked_out_at == END
    with clock.frozen(after + dt.timedelta(minutes=1)), pytest.raises(ValidationError):
        services.check_out(actor=user, activity=activity, code=code(activity, "out", after + dt.timedelta(minutes=1)))


def test_the_sweep_command(world, setup):
    activity, user, _ = setup
    with clock.frozen(START):
        services.check_in(actor=user, activity=activity, code=code(activity, "in", START))
    with clock.frozen(at(2026, 6, 7, 0, 0)):
        call_command("volunteering_sweep", "--now")
        call_command("volunteering_sweep")
    assert HoursEntry.objects.filter(flagged=True).count() == 1


def test_the_phone_pages_check_in_and_out(world, setup, client_for):
    activity, user, _ = setup
    client = client_for(user)
    start, end = at(2026, 6, 6, 9, 0, 5), at(2026, 6, 6, 12, 0, 5)
    with clock.frozen(start):
        current = code(activity, "in", start)
        page = client.get(reverse("volunteering:m_activity", args=[activity.pk]) + f"?code={current}")
        assert f'value="{current}"' in page.content.decode()  # the QR code's link fills in the code
        bad = client.post(reverse("volunteering:m_check_in", args=[activity.pk]), {"code": "abc123"})
        assert bad.status_code == 200 and "签到码只能是 6 位数字" in bad.content.decode()
        client.post(reverse("volunteering:m_check_in", args=[activity.pk]), {"code": current})
    with clock.frozen(end):
        client.post(reverse("volunteering:m_check_out", args=[activity.pk]), {"code": code(activity, "out", end)})
        page = client.get(reverse("volunteering:m_activity", args=[activity.pk])).content.decode()
    assert "3.0" in page and "待确认" in page


def test_the_organisers_phone_shows_the_code_and_a_qr_code(world, setup, client_for):
    activity, *_ = setup
    client = client_for(world.wumei_staff)
    moment = at(2026, 6, 6, 9, 0, 5)
    with clock.frozen(moment):
        page = client.get(reverse("volunteering:m_code", args=[activity.pk])).content.decode()
        live = client.get(reverse("volunteering:m_code_live", args=[activity.pk]) + "?purpose=out").content.decode()
    assert code(activity, "in", moment) in page and "<svg" in page and 'hx-trigger="every 5s"' in page
    assert code(activity, "out", moment) in live and "<svg" in live
    assert "<script" not in live and "style=" not in live
