"""`gongzhi inservice_sweep`: enqueue now the sweep (`gongzhi scheduler` enqueues it daily, ADR 0021) that records
in-service party members' registrations that lapsed (no renewal confirmed within six months). Pages compute the
lapse from the date themselves; the sweep leaves a dated record and a chronicle entry, once per lapse however
often it runs. `--now` runs it in this process instead."""

from django.core.management.base import BaseCommand

from gongzhi.volunteering.services.inservice import sweep_lapses
from gongzhi.volunteering.tasks_inservice import sweep_inservice_lapses


class Command(BaseCommand):
    help = "Enqueue (or with --now, run) the sweep recording lapsed in-service party member registrations."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true")

    def handle(self, *args, now, **options):
        if now:
            self.stdout.write(f"lapsed registrations recorded: {sweep_lapses()}")
        else:
            result = sweep_inservice_lapses.enqueue()
            self.stdout.write(f"in-service sweep enqueued: {result.id}")
