"""Figure snapshots agree with the live figures when taken, one row per node, year and day, and the newest is found."""

import datetime as dt

from django.core.management import call_command

from gongzhi.core import clock
from gongzhi.reports.models import FiguresSnapshot
from gongzhi.reports.snapshots import latest, take_snapshots, values_for
from gongzhi.scheduler.tests.conftest import enqueued_paths


def test_a_snapshot_equals_the_live_figures_when_taken(world):
    with clock.frozen(dt.datetime(2026, 6, 1, 2, 0, tzinfo=dt.UTC)):
        written = take_snapshots(year=2026)
        assert written >= 6  # the city, two districts, two streets, three communities
        for node in (world.city, world.xiangshan_street, world.wumei):
            assert latest(node, 2026).values == values_for(node, 2026)


def test_one_row_a_day_and_the_newest_wins(world):
    for day in (1, 1, 2):
        with clock.frozen(dt.datetime(2026, 6, day, 2, 0, tzinfo=dt.UTC)):
            take_snapshots(year=2026, nodes=[world.wumei])
    assert FiguresSnapshot.objects.filter(node=world.wumei).count() == 2
    assert latest(world.wumei, 2026).day == dt.date(2026, 6, 2)
    assert latest(world.wumei, 2025) is None


def test_the_command_enqueues_or_takes(world, capsys):
    call_command("figures_snapshot")
    assert enqueued_paths() == ["gongzhi.reports.tasks.figures_snapshot"]
    call_command("figures_snapshot", "--now", "--year", "2026")
    assert FiguresSnapshot.objects.filter(year=2026).exists()
