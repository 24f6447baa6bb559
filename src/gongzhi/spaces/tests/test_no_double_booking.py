"""A venue is never booked twice for overlapping times, and the database holds it:

- on PostgreSQL twenty requests for the same slot at once (twenty threads on their own connections, released
  together) → exactly one booking; the nineteen others get a Chinese message naming the date and time;
- on SQLite the trigger refuses an overlapping row inserted behind the ORM's back (raw SQL and bulk_create), also
  an UPDATE that would bring a freed booking back over a taken slot; on PostgreSQL the exclusion constraint does;
- touching ranges (16:00 end, 16:00 start) do not clash; rejected and cancelled rows hold nothing."""

import pytest
from django.db import IntegrityError, connection, transaction

from gongzhi.core import clock
from gongzhi.people.services import register_person
from gongzhi.spaces import services
from gongzhi.spaces.models import Booking, BookingStatus
from gongzhi.spaces.tests.conftest import FRIDAY, NOW, build_spaces, t
from gongzhi.testing.personas import build_world
from gongzhi.testing.races import race


def _slot(day=FRIDAY, starts="14:30", ends="16:00"):
    return services.at(day, t(starts)), services.at(day, t(ends))


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent PostgreSQL transactions")
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_bookings_of_one_slot_give_exactly_one():
    with clock.frozen(NOW):
        world = build_world()
        s = build_spaces(world)
        people = [register_person(actor=world.admin, name=f"居民{i}", home=world.wumei_b1, phone=f"1390000{i:04d}")
                  for i in range(20)]

    def book(i):
        services.apply(actor=world.wumei_staff, venue=s.hall, applicant=people[i], purpose=f"活动{i}",
                       attendance=10, first_date=FRIDAY, starts=t("14:30"), ends=t("16:00"))

    # frozen once, around the race: the clock is one global, so threads entering and leaving their own frozen()
    # out of order left it frozen at NOW for every later test on the worker
    with clock.frozen(NOW):
        outcomes = race(20, book)
    assert outcomes.count("ok") == 1, outcomes
    refused = [o for o in outcomes if o != "ok"]
    assert len(refused) == 19
    assert all("2026年3月6日（周五）14:30—16:00" in o for o in refused), refused
    assert Booking.objects.filter(venue=s.hall).count() == 1


def test_the_database_refuses_an_overlap_inserted_behind_the_orms_back(world, spaces):
    s = spaces
    application = services.apply(actor=world.wumei_staff, venue=s.hall, applicant=world.resident_person,
                                 purpose="合唱排练", attendance=20, first_date=FRIDAY, starts=t("14:30"),
                                 ends=t("16:00"))
    starts, ends = _slot(starts="15:00", ends="17:00")
    # bulk_create skips every Python check
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.bulk_create([Booking(application=application, venue=s.hall, starts_at=starts, ends_at=ends)])
    # raw SQL, with times as ISO text in Beijing time (the stored rows are UTC): the same instants clash
    raw_start, raw_end = starts.isoformat(), ends.isoformat()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO spaces_booking (application_id, venue_id, starts_at, ends_at, status, "
                       "cancel_reason) VALUES (%s, %s, %s, %s, 'approved', '')",
                       [application.pk, s.hall.pk, raw_start, raw_end])
    assert Booking.objects.count() == 1
    # a different venue, a touching slot and a freed row are fine
    Booking.objects.bulk_create([
        Booking(application=application, venue=s.room, starts_at=starts, ends_at=ends),
        Booking(application=application, venue=s.hall, starts_at=_slot(starts="16:00", ends="17:00")[0],
                ends_at=_slot(starts="16:00", ends="17:00")[1]),
        Booking(application=application, venue=s.hall, starts_at=starts, ends_at=ends, status=BookingStatus.CANCELLED),
    ])
    # bringing the cancelled row back over a taken slot is an UPDATE the database refuses too
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.filter(status=BookingStatus.CANCELLED).update(status=BookingStatus.APPLIED)
    assert Booking.objects.filter(venue=s.hall, status__in=["applied", "approved"]).count() == 2


def test_a_lost_race_becomes_a_chinese_message_naming_the_slot(world, spaces, monkeypatch):
    """The check passed, but another request took the slot before the insert: the IntegrityError of the database
    turns into the message, and the application is not kept."""
    s = spaces
    services.apply(actor=world.wumei_staff, venue=s.hall, applicant=world.resident_person, purpose="合唱排练",
                   attendance=20, first_date=FRIDAY, starts=t("14:30"), ends=t("16:00"))
    real = services.preview

    def blind(**kwargs):  # the other request's row is not seen by the check
        found = real(**kwargs)
        for o in found.occurrences:
            o.problems.clear()
        return found

    monkeypatch.setattr(services, "preview", blind)
    from django.core.exceptions import ValidationError
    with pytest.raises(ValidationError) as e:
        services.apply(actor=world.wumei_staff, venue=s.hall, applicant=world.resident_person, purpose="广场舞",
                       attendance=20, first_date=FRIDAY, starts=t("15:00"), ends=t("16:30"))
    assert "2026年3月6日（周五）15:00—16:30 刚刚已被他人预约" in e.value.messages[0]
    assert Booking.objects.count() == 1
    from gongzhi.spaces.models import Application
    assert Application.objects.count() == 1
