"""The dashboard reads the registered figures from the night's snapshot when there is one, says when it was taken,
and the snapshot agrees with the live figures (reports/tests/test_snapshots.py); without one it computes live."""

import datetime as dt

from gongzhi.core import clock
from gongzhi.dashboards.selectors import node_data, registered_figures
from gongzhi.reports.models import FiguresSnapshot
from gongzhi.reports.snapshots import take_snapshots, values_for

NIGHT = dt.datetime(2026, 6, 1, 2, 0, tzinfo=dt.UTC)


def test_without_a_snapshot_the_figures_are_live(world):
    with clock.frozen(NIGHT):
        values, taken = registered_figures(world.xiangshan, 2026)
        assert taken is None and values == values_for(world.xiangshan, 2026)
        assert node_data(world.xiangshan, 2026, "fulfilment")["snapshot_at"] == ""


def test_the_tiles_come_from_the_nights_snapshot(world, client_for):
    with clock.frozen(NIGHT):
        take_snapshots(year=2026, nodes=[world.xiangshan])
        snap = FiguresSnapshot.objects.get(node=world.xiangshan)
        snap.values = {**snap.values, "contract_units": 777}  # a value only the snapshot holds
        snap.save()
        data = node_data(world.xiangshan, 2026, "fulfilment")
        assert next(t for t in data["tiles"] if t["key"] == "units")["value"] == 777
        assert data["snapshot_at"] == "06-01 10:00"  # taken at 02:00 UTC, shown in Beijing time
        page = client_for(world.district_staff).get(f"/workbench/dashboard/?node={world.xiangshan.pk}")
        assert "数据快照" in page.content.decode()
