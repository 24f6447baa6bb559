"""`gongzhi meetings_sweep`: enqueue the joint-meeting sweep now (`gongzhi scheduler` enqueues it hourly, ADR
0021): every open task past its deadline reminds its owner (the unit's liaisons, the department's receivers, the
team's captain or the staff user) once. `--now` runs it in this process. Idempotent: the reminder is unique per
task in the database, so a second run, or two at once, reminds nobody twice."""

from django.core.management.base import BaseCommand

from gongzhi.meetings.services import sweep_overdue
from gongzhi.meetings.tasks import sweep_meeting_tasks


class Command(BaseCommand):
    help = "Enqueue (or with --now, run) the sweep reminding owners of overdue joint-meeting tasks once."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true")

    def handle(self, *args, now, **options):
        if now:
            self.stdout.write(f"reminders created: {sweep_overdue()}")
        else:
            result = sweep_meeting_tasks.enqueue()
            self.stdout.write(f"meetings sweep enqueued: {result.id}")
