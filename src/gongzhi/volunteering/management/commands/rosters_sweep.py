"""`gongzhi rosters_sweep`: keep the duty rosters' shifts made for the coming weeks, now (`gongzhi scheduler`
enqueues it daily with the default four weeks, ADR 0021). Idempotent and safe when two run at once: a shift is
made once per roster and day. `--now` runs the sweep in this process instead of enqueueing it; `--weeks N` looks N
weeks ahead (default 4)."""

from django.core.management.base import BaseCommand

from gongzhi.volunteering.services.rosters import DEFAULT_WEEKS, MAX_WEEKS, sweep_rosters
from gongzhi.volunteering.tasks_rosters import sweep_roster_shifts


class Command(BaseCommand):
    help = "Enqueue (or with --now, run) the duty rosters' sweep: make the shifts of the coming weeks."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true")
        parser.add_argument("--weeks", type=int, default=DEFAULT_WEEKS, choices=range(1, MAX_WEEKS + 1),
                            metavar=f"1..{MAX_WEEKS}")

    def handle(self, *args, now, weeks, **options):
        if now:
            done = sweep_rosters(weeks=weeks)
            self.stdout.write("rosters: {rosters}, shifts made: {created}".format(**done))
        else:
            result = sweep_roster_shifts.enqueue(weeks=weeks)
            self.stdout.write(f"rosters sweep enqueued: {result.id}")
