"""`gongzhi stewards_sweep`: enqueue the 楼门管家 sweep now (`gongzhi scheduler` enqueues it hourly, ADR 0021): every
community whose stewards were not all evaluated last month gets one reminder to its community staff (an
`EvaluationReminder`, shown on the month's evaluation page). `--now` runs it in this process. Idempotent: once per
community and month, also when two run at once (a unique constraint)."""

from django.core.management.base import BaseCommand

from gongzhi.stewards.services import sweep
from gongzhi.stewards.tasks import sweep_stewards


class Command(BaseCommand):
    help = "Enqueue (or with --now, run) the reminder of missing monthly evaluations of building stewards."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true")

    def handle(self, *args, now, **options):
        if now:
            self.stdout.write(f"reminded: {sweep()}")
        else:
            result = sweep_stewards.enqueue()
            self.stdout.write(f"stewards sweep enqueued: {result.id}")
