"""`gongzhi notifications_sweep`: enqueue (or with --now, run) the retry of notification deliveries."""

from django.core.management.base import BaseCommand

from gongzhi.notifications.services import sweep_deliveries
from gongzhi.notifications.tasks import sweep_notification_deliveries


class Command(BaseCommand):
    help = "Enqueue (or with --now, run) the notifications' delivery sweep: retries and half-sent deliveries."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true")

    def handle(self, *args, now, **options):
        if now:
            done = sweep_deliveries()
            self.stdout.write(", ".join(f"{k}: {v}" for k, v in done.items()))
        else:
            result = sweep_notification_deliveries.enqueue()
            self.stdout.write(f"notifications sweep enqueued: {result.id}")
