"""`gongzhi points_check`: compare every account's stored balance with the sum of its legs, every transaction's
legs with zero and every non-pool balance with zero. Exits 1 and lists what disagrees."""

from django.core.management.base import BaseCommand, CommandError

from gongzhi.points.services import check_ledger


class Command(BaseCommand):
    help = "Check the points ledger: balances equal the sums of legs, transactions balance, nothing negative."

    def handle(self, *args, **options):
        check = check_ledger()
        self.stdout.write(f"accounts: {check.accounts}, transactions: {check.transactions}, total: {check.total}")
        if not check.ok:
            for pk, stored, legs in check.mismatched:
                self.stdout.write(f"account {pk}: balance {stored} != legs {legs}")
            for pk in check.unbalanced:
                self.stdout.write(f"transaction {pk}: legs do not sum to zero")
            for pk in check.negative:
                self.stdout.write(f"account {pk}: negative balance")
            raise CommandError("points ledger check failed")
        self.stdout.write("ok")
