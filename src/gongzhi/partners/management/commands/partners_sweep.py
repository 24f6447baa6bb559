"""`gongzhi partners_sweep`: enqueue the partners sweep now (`gongzhi scheduler` enqueues it daily, ADR 0021):
every partnership whose agreement ended before today is ended by the system (reason 协议到期), so the board and the
figures list partners in force only. `--now` runs the sweep in this process instead. Idempotent."""

from django.core.management.base import BaseCommand

from gongzhi.partners.services import sweep
from gongzhi.partners.tasks import sweep_partners


class Command(BaseCommand):
    help = "Enqueue (or with --now, run) the sweep ending partnerships whose agreement ran out."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true")

    def handle(self, *args, now, **options):
        if now:
            self.stdout.write(f"ended: {sweep()}")
        else:
            result = sweep_partners.enqueue()
            self.stdout.write(f"partners sweep enqueued: {result.id}")
