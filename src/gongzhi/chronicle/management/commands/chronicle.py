from django.core.management.base import BaseCommand, CommandError

from gongzhi.chronicle.services import verify


class Command(BaseCommand):
    help = "Check the chronicle (纪实档案): `gongzhi chronicle verify` walks the whole hash chain."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, **options):
        result = verify()
        if not result.ok:
            raise CommandError(f"chronicle broken at entry #{result.first_bad_seq}: {result.reason} "
                               f"({result.checked} entries checked before it)")
        self.stdout.write(self.style.SUCCESS(f"chronicle intact: {result.checked} entries verified"))
