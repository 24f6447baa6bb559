"""Demo data for 空间使用平台 in 象山街道: 五美社区's venues (党群服务中心多功能厅, 会议室, three 共享菜园 plots) and
南门社区's activity room, with weekly opening hours and a closure; a term of bookings around today — a merchant
partner's weekly free class in the hall (in exchange for a class for the elderly, its fulfilment recorded after each
past Friday), the volunteer team's weekly meeting, a resident's garden plot every Saturday, single bookings, one
application not approved and one occurrence cancelled. Everything goes through the services with the clock set to
the day it happened. `load(builder)` returns counts for `demo_counts`."""

from __future__ import annotations

import datetime as dt

from gongzhi.core import clock
from gongzhi.partners.models import Partner, PartnerKind, PartnerStatus
from gongzhi.people.models import VolunteerTeam
from gongzhi.spaces import services
from gongzhi.spaces.models import BookingStatus

T = dt.time.fromisoformat
WEEKDAYS_ALL = range(7)
GARDEN = [(WEEKDAYS_ALL, "07:00", "10:00"), (WEEKDAYS_ALL, "16:00", "19:00")]
VENUES = [
    # name, kind, capacity, location, opening ranges per weekday set
    ("党群服务中心多功能厅", "hall", 80, "党群服务中心一楼", [(range(6), "08:30", "12:00"), (range(6), "14:30", "21:00")]),
    ("党群服务中心会议室", "room", 16, "党群服务中心二楼", [(range(5), "09:00", "12:00"), (range(5), "14:00", "17:30")]),
    ("共享菜园1号地", "garden_plot", 4, "五美小区北侧共享菜园", GARDEN),
    ("共享菜园2号地", "garden_plot", 4, "五美小区北侧共享菜园", GARDEN),
    ("共享菜园3号地", "garden_plot", 4, "五美小区北侧共享菜园", GARDEN),
]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return services.at(day, dt.time(hour))


def _ranges(spec):
    return [(d, T(o), T(c)) for days, o, c in spec for d in days]


def _partner(community, units, admin) -> Partner:
    """An approved partner of the community (the partners demo's, if it made one), else 五美快剪 as 社企合伙."""
    found = (Partner.objects.filter(community=community, status=PartnerStatus.APPROVED)
             .select_related("organisation").order_by("-organisation__kind", "pk"))
    merchant = found.filter(organisation__kind="merchant").first() or found.first()
    if merchant is not None:
        return merchant
    org = next(u for u in units if u.name == "象山区五美快剪理发店")
    return Partner.objects.create(community=community, organisation=org, kind=PartnerKind.SOCIAL_ENTERPRISE,
                                  status=PartnerStatus.APPROVED, gives="为社区老人提供“一元理发”，每月一次上门理发",
                                  gets="党群服务中心多功能厅每周一次", applied_by=admin, applied_at=clock.now(),
                                  decided_by=admin, decided_at=clock.now(), agreement_start=clock.today())


def load(builder) -> dict[str, int]:
    users = builder.demo_users()
    staff, admin = users["wumei"], builder.admin
    communities = {c.name: c for c in builder.street_communities()}
    wumei, nanmen = communities["五美社区"], communities.get("南门社区")
    today = clock.today()
    term_start = today - dt.timedelta(days=56)  # a term of 16 weeks around today
    term_end = today + dt.timedelta(days=56)
    setup = term_start - dt.timedelta(days=14)
    counts = {"space_venues": 0, "space_applications": 0, "space_bookings": 0, "exchange_fulfilments": 0}

    with clock.frozen(_at(setup, 9)):
        venues = {}
        for name, kind, capacity, location, spec in VENUES:
            venue = services.create_venue(actor=staff, community=wumei, name=name, kind=kind, capacity=capacity,
                                          location=location)
            services.set_opening_hours(actor=staff, venue=venue, ranges=_ranges(spec))
            venues[name] = venue
        if nanmen is not None:
            nanmen_staff = users.get("nanmen") or admin
            room = services.create_venue(actor=nanmen_staff, community=nanmen, name="居民活动室", kind="room",
                                         capacity=30, location="南门社区服务站一楼")
            services.set_opening_hours(actor=nanmen_staff, venue=room,
                                       ranges=_ranges([(range(6), "08:30", "17:30")]))
            venues["居民活动室"] = room
        counts["space_venues"] = len(venues)
        hall, meeting_room = venues["党群服务中心多功能厅"], venues["党群服务中心会议室"]
        monday = today + dt.timedelta(days=14 - today.weekday())  # a Monday two weeks ahead
        services.add_closure(actor=staff, venue=meeting_room, starts_on=monday, ends_on=monday,
                             reason="线路检修停电")
        partner = _partner(wumei, builder.units, admin)
        team = (VolunteerTeam.objects.filter(community=wumei, name="学雷锋志愿服务队").first()
                or VolunteerTeam.objects.filter(community=wumei).order_by("pk").first())
        resident = getattr(users.get("wangxiuying"), "person", None)

    def first(weekday: int, start: dt.date) -> dt.date:
        return start + dt.timedelta(days=(weekday - start.weekday()) % 7)

    def weekly(weekday: int) -> tuple[dt.date, dt.date]:
        return first(weekday, term_start), term_end

    made = []
    with clock.frozen(_at(setup, 10)):
        # the merchant's free class in the hall every Friday evening of the term
        begin, until = weekly(4)
        exchange = services.apply(actor=staff, venue=hall, applicant=partner, purpose="老年书法与手工兴趣班",
                                  attendance=30, first_date=begin, repeat_until=until, starts=T("19:00"),
                                  ends=T("20:30"), exchange_service="每次课后为社区老人免费上一节书法课，每月一次上门理发")
        services.approve(actor=staff, application=exchange, note="以服务换空间，同意")
        made.append(exchange)
        if team is not None:  # the volunteer team's meeting every Tuesday afternoon
            begin, until = weekly(1)
            meeting = services.apply(actor=staff, venue=meeting_room, applicant=team, purpose="志愿服务队周例会",
                                     attendance=12, first_date=begin, repeat_until=until, starts=T("15:00"),
                                     ends=T("16:30"))
            services.approve(actor=staff, application=meeting)
            made.append(meeting)
        if resident is not None:  # 王秀英's garden plot every Saturday morning
            plot = services.apply(actor=staff, venue=venues["共享菜园1号地"], applicant=resident,
                                  purpose="共享菜园种植、浇水", attendance=2, first_date=first(5, term_start),
                                  repeat_until=term_end, starts=T("07:30"), ends=T("09:30"))
            services.approve(actor=staff, application=plot)
            made.append(plot)
        # single bookings in the hall: a health lecture, the residents' council, a choir rehearsal
        for days, purpose, attendance, starts, ends, applicant in [
            (3, "中医义诊与健康讲座", 60, "09:00", "11:30", partner),
            (10, "居民议事会", 40, "14:30", "16:30", team or partner),
            (24, "合唱团排练", 25, "19:00", "20:30", team or partner),
        ]:
            day = term_start + dt.timedelta(days=days)
            if day.weekday() == 6:
                day += dt.timedelta(days=1)
            slot = {"first_date": day, "starts": T(starts), "ends": T(ends), "attendance": attendance}
            if not services.preview(venue=hall, **slot).ok:  # the class's Friday evening, say: not that day
                continue
            single = services.apply(actor=staff, venue=hall, applicant=applicant, purpose=purpose,
                                    attendance=attendance, first_date=day, starts=T(starts), ends=T(ends),
                                    exchange_service="免费为居民服务" if applicant is partner else "")
            services.approve(actor=staff, application=single)
            made.append(single)
    # one occurrence of the class cancelled a week ahead; one request not approved; two waiting for a decision
    with clock.frozen(_at(today - dt.timedelta(days=9), 11)):
        cancelled = exchange.bookings.filter(status=BookingStatus.APPROVED,
                                             starts_at__gt=clock.now()).order_by("starts_at").first()
        if cancelled is not None:
            services.cancel_booking(actor=staff, booking=cancelled, reason="授课老师外出培训，本周停课一次")
    with clock.frozen(_at(today - dt.timedelta(days=2), 10)):
        if team is not None:
            refused = services.apply(actor=staff, venue=hall, applicant=team, purpose="广场舞比赛彩排", attendance=70,
                                     first_date=first(5, today + dt.timedelta(days=7)), starts=T("19:00"),
                                     ends=T("21:00"))
            services.reject(actor=staff, application=refused, note="音量较大，建议改在广场进行")
            made.append(refused)
            made.append(services.apply(actor=staff, venue=meeting_room, applicant=team, purpose="新队员培训",
                                       attendance=14, first_date=first(3, today + dt.timedelta(days=3)),
                                       starts=T("09:30"), ends=T("11:30")))
        if resident is not None:
            made.append(services.apply(actor=staff, venue=venues["共享菜园2号地"], applicant=resident,
                                       purpose="带孙子认识蔬菜", attendance=3, first_date=today + dt.timedelta(days=2),
                                       starts=T("16:30"), ends=T("18:00")))
    # the class's fulfilment, the day after each Friday that has passed
    commitment = exchange.commitment
    for booking in exchange.bookings.filter(status=BookingStatus.APPROVED, ends_at__lt=_at(today, 0)):
        day = services.local(booking.starts_at).date()
        with clock.frozen(_at(day + dt.timedelta(days=1), 10)):
            services.record_fulfilment(actor=staff, commitment=commitment, date=day,
                                       content="为社区老人免费上书法课", person_times=18 + day.day % 9)
        counts["exchange_fulfilments"] += 1
    counts["space_applications"] = len(made)
    counts["space_bookings"] = sum(a.bookings.count() for a in made)
    return counts
