"""`gongzhi orders_sweep`: enqueue the orders' timeout sweep now (`gongzhi scheduler` enqueues it every 5 minutes,
ADR 0021). The task row is durable, so a restart between enqueueing and running loses nothing; the sweep itself
escalates an order once however often it runs. `--now` runs the sweep in this process instead."""

from django.core.management.base import BaseCommand

from gongzhi.orders.services import sweep_orders
from gongzhi.orders.tasks import sweep_order_timeouts


class Command(BaseCommand):
    help = "Enqueue (or with --now, run) the orders' timeout sweep: escalate untaken orders, close unconfirmed ones."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true")

    def handle(self, *args, now, **options):
        if now:
            done = sweep_orders()
            self.stdout.write("escalated: {escalated}, confirmed: {confirmed}, refilled: {refilled}".format(**done))
        else:
            result = sweep_order_timeouts.enqueue()
            self.stdout.write(f"orders sweep enqueued: {result.id}")
