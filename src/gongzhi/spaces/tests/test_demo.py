"""The demo's space platform (`gongzhi.demo.spaces_demo.load`) on the personas' 象山街道: venues with hours, a
term of weekly bookings approved, the merchant's class with its fulfilment, a cancelled occurrence, a refused and
waiting applications — all through the services, never two holding bookings overlapping, and fast."""

import time
from types import SimpleNamespace

from gongzhi.chronicle.services import verify
from gongzhi.demo import spaces_demo
from gongzhi.organisations.services import create_organisation
from gongzhi.people.models import VolunteerTeam
from gongzhi.spaces import selectors
from gongzhi.spaces.models import HOLDING, Application, Booking, BookingStatus, ExchangeFulfilment, Venue


def test_the_demo_spaces_run_through_the_services(world):
    from gongzhi.people.services import link_account  # noqa: F401 (the personas link the resident already)

    barber = create_organisation(actor=world.admin, name="象山区五美快剪理发店", kind="merchant", home=world.wumei)
    VolunteerTeam.objects.create(name="学雷锋志愿服务队", community=world.wumei, kind="leifeng")
    builder = SimpleNamespace(admin=world.admin, units=[barber, world.hospital],
                              demo_users=lambda: {"wumei": world.wumei_staff, "nanmen": world.nanmen_staff,
                                                  "wangxiuying": world.resident},
                              street_communities=lambda: [world.wumei, world.nanmen])
    started = time.perf_counter()
    counts = spaces_demo.load(builder)
    assert time.perf_counter() - started < 20  # well under 2 s on an idle machine; CI machines are busy
    assert counts["space_venues"] == 6 and Venue.objects.count() == 6
    assert counts["space_applications"] >= 7 and counts["space_bookings"] > 40
    assert counts["exchange_fulfilments"] >= 7 and ExchangeFulfilment.objects.count() == counts["exchange_fulfilments"]
    statuses = set(Booking.objects.values_list("status", flat=True))
    assert {BookingStatus.APPROVED, BookingStatus.CANCELLED, BookingStatus.REJECTED, BookingStatus.APPLIED} <= statuses
    assert set(Application.objects.values_list("status", flat=True)) >= {"approved", "rejected", "applied"}
    held = list(Booking.objects.filter(status__in=HOLDING).values_list("venue_id", "starts_at", "ends_at"))
    for i, (v, s, e) in enumerate(held):
        assert not any(v == v2 and s < e2 and s2 < e for v2, s2, e2 in held[i + 1:])
    hall = Venue.objects.get(name="党群服务中心多功能厅")
    p = selectors.period("30")
    assert 0 < selectors.usage([hall.pk], p.start, p.end)[hall.pk].rate < 1
    assert verify().ok
