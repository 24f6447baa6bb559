"""Daily snapshots of the registered figures (`core.registry.compute_stats`) for every city, district, street and
community node: taken by the `figures_snapshot` job (the scheduler runs it nightly), read by pages that must not
compute sixty figures over a district's rows on every request. A snapshot taken again the same day replaces that
day's row; `latest` gives the newest for a node and year (or None: the page then computes live)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from gongzhi.core import clock
from gongzhi.core.registry import compute_stats
from gongzhi.regions.models import RegionKind, RegionNode
from gongzhi.reports.models import FiguresSnapshot

KINDS = (RegionKind.CITY, RegionKind.DISTRICT, RegionKind.STREET, RegionKind.COMMUNITY)


def _plain(value):
    return float(value) if isinstance(value, Decimal) else value


def values_for(node, year: int) -> dict:
    return {s["key"]: _plain(s["value"]) for s in compute_stats(node, year)}


def take_snapshots(*, year: int | None = None, nodes=None) -> int:
    """Snapshot every node (or `nodes`) for `year` (default: this year); returns how many rows were written."""
    year = year or clock.today().year
    nodes = list(nodes if nodes is not None else RegionNode.objects.filter(kind__in=KINDS).order_by("path"))
    written = 0
    for node in nodes:
        values = values_for(node, year)
        with transaction.atomic():
            FiguresSnapshot.objects.update_or_create(node=node, year=year, day=clock.today(),
                                                     defaults={"values": values, "taken_at": clock.now()})
        written += 1
    return written


def latest(node, year: int) -> FiguresSnapshot | None:
    return FiguresSnapshot.objects.filter(node=node, year=year).order_by("-day").first()


def snapshot_of(node, year: int) -> tuple[dict, dt.datetime] | None:
    """The latest snapshot's values of `node` and `year` and when it was taken (core.registry.snapshot_stats)."""
    snap = latest(node, year)
    return (snap.values, snap.taken_at) if snap is not None else None
