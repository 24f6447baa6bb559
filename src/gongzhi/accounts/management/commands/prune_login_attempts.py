"""`gongzhi prune_login_attempts`: enqueue the daily job that deletes old login attempts (failures after a day,
successes after GONGZHI_LOGIN_ATTEMPT_RETENTION_DAYS) now; `gongzhi scheduler` enqueues it daily at 04:00 (ADR
0021). `--now` runs it in this process instead."""

from django.core.management.base import BaseCommand

from gongzhi.accounts.services import prune_login_attempts
from gongzhi.accounts.tasks import prune_old_login_attempts


class Command(BaseCommand):
    help = "Enqueue (or with --now, run) the pruning of old login attempts."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true")

    def handle(self, *args, now, **options):
        if now:
            self.stdout.write(f"login attempts deleted: {prune_login_attempts()}")
        else:
            result = prune_old_login_attempts.enqueue()
            self.stdout.write(f"login attempt pruning enqueued: {result.id}")
