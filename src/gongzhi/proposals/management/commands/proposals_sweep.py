"""`gongzhi proposals_sweep`: remind once of every resident proposal not answered by its date (a chronicle entry and
the proposal marked as reminded; the staff list shows it as overdue). Run it daily; safe to run twice."""

from django.core.management.base import BaseCommand

from gongzhi.proposals.services import sweep


class Command(BaseCommand):
    help = "Remind once of resident proposals past their answer date."

    def handle(self, *args, **options):
        result = sweep()
        self.stdout.write(f"overdue: {result.overdue}, reminded: {result.reminded}")
