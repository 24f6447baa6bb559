"""`gongzhi figures_snapshot`: enqueue (or with --now, take) the snapshot of every region node's figures. The
scheduler runs it nightly (ADR 0021); run it by hand after a bulk import to refresh the dashboards at once."""

from django.core.management.base import BaseCommand

from gongzhi.reports.snapshots import take_snapshots
from gongzhi.reports.tasks import figures_snapshot


class Command(BaseCommand):
    help = "Enqueue (or with --now, take) the snapshot of every region node's figures for this year."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true")
        parser.add_argument("--year", type=int)

    def handle(self, *args, now, year, **options):
        if now:
            self.stdout.write(f"snapshots written: {take_snapshots(year=year)}")
        else:
            result = figures_snapshot.enqueue()
            self.stdout.write(f"figures snapshot enqueued: {result.id}")
