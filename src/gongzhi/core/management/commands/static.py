"""`gongzhi static`: collect static files when they changed since the last collection (what `gongzhi serve` does
before it serves). `make run` runs it while the demo loads, so the server starts at once."""

from django.core.management.base import BaseCommand

from gongzhi.core.staticcollect import collect_if_changed


class Command(BaseCommand):
    help = "Collect static files (hashed and compressed) when they changed since the last collection."

    def handle(self, *args, **options):
        if collect_if_changed():
            self.stdout.write("Static files collected.")
        else:
            self.stdout.write("Static files unchanged since the last collection.")
