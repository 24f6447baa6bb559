"""`gongzhi volunteering_sweep [--now]`: close the check-ins left open after their activity ended, in this process
(`gongzhi scheduler` enqueues the same sweep every 10 minutes, `volunteering.tasks_activities`, ADR 0021).
Check-out is set to the activity's end, the hours entry is written and flagged for the organiser. Idempotent and
safe when two run at once (each activity's row is locked, each open check-in closed once). `--now` is accepted for
symmetry with the other sweeps: the sweep always runs in this process."""

from django.core.management.base import BaseCommand

from gongzhi.volunteering.services.activities import sweep_unclosed_checkins


class Command(BaseCommand):
    help = "Close the check-ins left open after their activity ended; the hours are flagged for the organiser."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true")

    def handle(self, *args, now, **options):
        closed = sweep_unclosed_checkins()
        self.stdout.write(f"closed check-ins: {closed}")
