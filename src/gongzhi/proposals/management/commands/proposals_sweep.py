"""`gongzhi proposals_sweep`: remind once of every resident proposal not answered by its date (a chronicle entry
and the proposal marked as reminded; the staff list shows it as overdue), in this process. `gongzhi scheduler`
enqueues the same sweep hourly (`proposals.tasks.sweep_proposals`, ADR 0021); this command is for running it at
once. Safe to run twice."""

from django.core.management.base import BaseCommand

from gongzhi.proposals.services import sweep


class Command(BaseCommand):
    help = "Remind once of resident proposals past their answer date."

    def handle(self, *args, **options):
        result = sweep()
        self.stdout.write(f"overdue: {result.overdue}, reminded: {result.reminded}")
