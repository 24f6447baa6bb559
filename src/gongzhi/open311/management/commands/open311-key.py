"""`gongzhi open311-key NAME`: issue an Open311 client and print its api_key once (only its hash is stored).
`gongzhi open311-key --revoke NAME` stops a key; `gongzhi open311-key --list` shows the clients."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gongzhi.open311 import services
from gongzhi.open311.models import ApiClient


class Command(BaseCommand):
    help = "Issue (or --revoke) an Open311 GeoReport v2 API key; --list shows the clients."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="client name, e.g. 桂林12345热线")
        parser.add_argument("--revoke", action="store_true", help="revoke the named client's key")
        parser.add_argument("--list", action="store_true", help="list the clients and their key prefixes")

    def handle(self, *args, name, revoke, list, **options):
        if list:
            for client in ApiClient.objects.order_by("name"):
                state = "active" if client.active else f"revoked {client.revoked_at:%Y-%m-%d %H:%M}"
                used = f"{client.last_used_at:%Y-%m-%d %H:%M}" if client.last_used_at else "never"
                self.stdout.write(f"{client.key_prefix}…  {client.name}  ({state}; last used {used})")
            return
        if not name:
            raise CommandError("give the client's name (or --list)")
        try:
            if revoke:
                client = ApiClient.objects.filter(name=name).first()
                if client is None:
                    raise CommandError(f"no Open311 client named {name!r}")
                services.revoke_client(actor=None, client=client)
                self.stdout.write(f"revoked the key of {client.name} ({client.key_prefix}…)")
                return
            client, key = services.issue_client(actor=None, name=name)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stderr.write(f"Open311 client {client.name!r} created. Its api_key is shown only this once:")
        self.stdout.write(key)
