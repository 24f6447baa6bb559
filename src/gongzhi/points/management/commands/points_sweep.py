"""`gongzhi points_sweep`: enqueue the points sweep now (`gongzhi scheduler` enqueues it every 15 minutes, ADR
0021): every confirmed hours entry not yet paid is credited at its community's rate, every paid entry since
declined or superseded is reversed. `--now` runs the sweep in this process instead. Idempotent; two at once pay
once (unique keys)."""

from django.core.management.base import BaseCommand

from gongzhi.points.services import sweep
from gongzhi.points.tasks import sweep_points


class Command(BaseCommand):
    help = "Enqueue (or with --now, run) the sweep crediting confirmed volunteer hours with points."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true")

    def handle(self, *args, now, **options):
        if now:
            result = sweep()
            self.stdout.write(f"credited: {result.credited}, reversed: {result.reversed}, skipped: {result.skipped}")
        else:
            result = sweep_points.enqueue()
            self.stdout.write(f"points sweep enqueued: {result.id}")
