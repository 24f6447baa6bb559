"""`gongzhi remind`: enqueue today's reminder sweep now (`gongzhi scheduler` enqueues it hourly, ADR 0021). The
task row is durable, so a restart between enqueueing and running loses nothing; the sweep itself never sends a
reminder twice. `--now` runs the sweep in this process instead."""

from django.core.management.base import BaseCommand

from gongzhi.contracts.services import sweep_reminders
from gongzhi.contracts.tasks import sweep_contract_reminders


class Command(BaseCommand):
    help = "Enqueue (or with --now, run) the contract reminder sweep."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true")

    def handle(self, *args, now, **options):
        if now:
            self.stdout.write(f"reminders created: {sweep_reminders()}")
        else:
            result = sweep_contract_reminders.enqueue()
            self.stdout.write(f"reminder sweep enqueued: {result.id}")
