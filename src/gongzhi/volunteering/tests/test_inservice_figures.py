"""The figures of in-service party members (docs/figures.md): members registered (current, not lapsed) per node and
year, and their confirmed hours; and the sweep command."""

import datetime as dt
from decimal import Decimal

from django.core.management import call_command

from gongzhi.core import clock
from gongzhi.core.registry import compute_stats
from gongzhi.volunteering.models import InServiceLapse
from gongzhi.volunteering.selectors_inservice import member_hours, registered_count
from gongzhi.volunteering.services import inservice as services
from gongzhi.volunteering.tests.test_inservice_world import add_member, at, confirmed_hours


def test_registered_members_and_their_hours_per_node_and_year(world):
    chen = add_member(world)
    with clock.frozen(at(2026, 3, 2)):
        services.confirm_report(actor=world.wumei_staff,
                                report=services.apply_to_report(actor=chen.user, member=chen.member))
    confirmed_hours(chen.person, world.wumei, dt.date(2026, 4, 18), "3.5")
    confirmed_hours(chen.person, world.nanmen, dt.date(2026, 4, 19), "1")
    confirmed_hours(chen.person, world.wumei, dt.date(2026, 4, 20), "6", status="pending")
    confirmed_hours(world.resident_person, world.wumei, dt.date(2026, 4, 18), "2")  # not a party member
    with clock.frozen(at(2026, 5, 1)):
        # 陈志刚 in 五美社区 (2026-03-02) and 李建国 in 南门社区 (2026-03-05), both current
        assert registered_count(world.wumei) == 1 and registered_count(world.nanmen) == 1
        assert registered_count(world.xiangshan_street, 2026) == 2 and registered_count(world.xiufeng) == 0
        assert registered_count(world.xiangshan, 2025) == 0  # not registered on 31 December 2025
        assert member_hours(world.wumei, 2026) == Decimal("3.5")
        assert member_hours(world.xiangshan, 2026) == Decimal("4.5") and member_hours(world.xiangshan, 2025) == 0
        figures = {s["key"]: s["value"] for s in compute_stats(world.xiangshan, 2026)}
        assert figures["inservice_registered"] == 2 and figures["inservice_hours"] == 4.5
    with clock.frozen(at(2026, 9, 4)):  # 陈志刚 lapsed on 2026-09-03, 李建国 still current until 2026-09-05
        assert registered_count(world.xiangshan) == 1
    with clock.frozen(at(2027, 2, 1)):  # both lapsed; on 31 December 2026 neither was current
        assert registered_count(world.xiangshan) == 0 and registered_count(world.xiangshan, 2026) == 0


def test_a_past_years_figure_counts_the_registration_as_it_stood_then(world):
    chen = add_member(world)
    with clock.frozen(at(2026, 8, 1)):
        services.confirm_report(actor=world.wumei_staff,
                                report=services.apply_to_report(actor=chen.user, member=chen.member))
    with clock.frozen(at(2027, 1, 20)):  # renewed in January: the 2026 figure still counts her (valid 31 Dec)
        services.confirm_report(actor=world.wumei_staff,
                                report=services.apply_to_report(actor=chen.user, member=chen.member))
        assert registered_count(world.wumei, 2026) == 1 and registered_count(world.wumei) == 1


def test_the_sweep_command(world, capsys):
    with clock.frozen(at(2026, 12, 1)):
        call_command("inservice_sweep", "--now")
        call_command("inservice_sweep", "--now")
    out = capsys.readouterr().out
    assert "lapsed registrations recorded: 1" in out and "lapsed registrations recorded: 0" in out
    assert InServiceLapse.objects.get().member == world.member


def test_the_sweep_command_enqueues_by_default(world, capsys):
    call_command("inservice_sweep")
    assert "in-service sweep enqueued" in capsys.readouterr().out
