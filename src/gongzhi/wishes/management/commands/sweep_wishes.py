"""`gongzhi sweep_wishes`: enqueue now the sweep that marks wish claims past their deadline as overdue (`gongzhi
scheduler` enqueues it hourly, ADR 0021). `--now` runs the sweep in this process instead."""

from django.core.management.base import BaseCommand

from gongzhi.wishes.services import sweep_overdue_claims
from gongzhi.wishes.tasks import sweep_overdue_wishes


class Command(BaseCommand):
    help = "Enqueue (or with --now, run) the sweep marking overdue wish claims."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true")

    def handle(self, *args, now, **options):
        if now:
            self.stdout.write(f"overdue claims marked: {sweep_overdue_claims()}")
        else:
            result = sweep_overdue_wishes.enqueue()
            self.stdout.write(f"wish sweep enqueued: {result.id}")
