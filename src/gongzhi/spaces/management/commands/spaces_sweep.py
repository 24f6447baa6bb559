"""`gongzhi spaces_sweep`: enqueue the space platform's sweep now (`gongzhi scheduler` enqueues it every 15
minutes, ADR 0021): occurrences still waiting for a decision when their time comes lapse (逾期未审) and free their
slot. `--now` runs it in this process instead. Idempotent: an occurrence lapses once."""

from django.core.management.base import BaseCommand

from gongzhi.spaces.services import sweep
from gongzhi.spaces.tasks import sweep_spaces


class Command(BaseCommand):
    help = "Enqueue (or with --now, run) the sweep lapsing venue bookings left undecided until they began."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true")

    def handle(self, *args, now, **options):
        if now:
            self.stdout.write(f"lapsed: {sweep().lapsed}")
        else:
            self.stdout.write(f"spaces sweep enqueued: {sweep_spaces.enqueue().id}")
