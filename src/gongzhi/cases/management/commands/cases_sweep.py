"""`gongzhi cases_sweep`: enqueue the deadline sweep of 吹哨报到 now. `gongzhi scheduler` enqueues it every 5 minutes
(ADR 0021), so no crontab is needed; this command is for an operator who wants it at once. The task row is
durable, so a restart between enqueueing and running loses nothing; the sweep itself never escalates a step twice.
`--now` runs the sweep in this process instead."""

from django.core.management.base import BaseCommand

from gongzhi.cases.services import sweep_deadlines
from gongzhi.cases.tasks import sweep_case_deadlines


class Command(BaseCommand):
    help = "Enqueue (or with --now, run) the 吹哨报到 deadline sweep: overdue steps escalate to street and district."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="run the sweep in this process")

    def handle(self, *args, now, **options):
        if now:
            self.stdout.write(f"escalations created: {sweep_deadlines()}")
        else:
            result = sweep_case_deadlines.enqueue()
            self.stdout.write(f"deadline sweep enqueued: {result.id}")
