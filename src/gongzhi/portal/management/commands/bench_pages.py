"""`gongzhi bench_pages`: time the list pages and API lists against the loaded database (e.g. after
`gongzhi demo --scale 100`) as the demo accounts, and print queries and milliseconds per page. A command,
not a test: it prints figures for the README's performance section."""

import statistics
import time

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongzhi.accounts.models import User

PAGES = [
    ("wumei", "/workbench/"), ("wumei", "/workbench/people/"), ("wumei", "/workbench/people/?q=wang"),
    ("wumei", "/workbench/organisations/"), ("wumei", "/workbench/party/"), ("wumei", "/workbench/lists/needs/"),
    ("wumei", "/workbench/contracts/"), ("xiangshan", "/workbench/people/"), ("xiangshan", "/workbench/regions/"),
    ("xiangshan", "/workbench/contracts/report/"), ("xiangshan", "/workbench/evaluation/"),
    ("xiangshan", "/api/v1/people"), ("xiangshan", "/api/v1/organisations"), ("admin", "/workbench/chronicle/"),
    # Resident services (issue 4) and 接诉即办 (issue 5); "" is an anonymous visitor, {wumei} 五美社区's id.
    ("wumei", "/workbench/orders/"), ("wumei", "/workbench/service-menu/"), ("wangxiuying", "/m/orders/menu/"),
    ("wangxiuying", "/m/orders/"), ("wumei", "/workbench/wishes/"), ("", "/board/{wumei}/wishes/"),
    ("wumei", "/workbench/cases/"), ("xiangshan", "/workbench/cases/"), ("sifasuo", "/workbench/whistle-inbox/"),
    ("xiangshan_street", "/workbench/escalations/"), ("xiangshan", "/workbench/responsibilities/"),
    ("wangxiuying", "/m/cases/"), ("wumei", "/workbench/disputes/"), ("xiangshan", "/workbench/rates/"),
    ("", "/board/{wumei}/cases/"), ("", "/open311/v2/requests.json"), ("xiangshan", "/api/v1/cases"),
    # Volunteering, points and recognition (issue 9); {activity} is 五美社区's activity with the most sign-ups.
    ("wumei", "/workbench/volunteering/activities/"), ("wumei", "/workbench/volunteering/activities/{activity}/"),
    ("wumei", "/workbench/people/teams/"), ("wumei", "/workbench/rosters/"), ("wumei", "/workbench/inservice/"),
    ("wumei", "/workbench/points/"), ("wumei", "/workbench/points/accounts/"), ("wumei", "/workbench/points/items/"),
    ("wumei", "/workbench/points/redemptions/"), ("wumei", "/workbench/recognition/"),
    ("wumei", "/workbench/recognition/certificates/"), ("wangxiuying", "/m/activities/"),
    ("wangxiuying", "/m/points/"), ("wangxiuying", "/m/points/shop/"), ("", "/board/{wumei}/"),
    # The space platform (issue 10).
    ("wumei", "/workbench/spaces/"), ("wumei", "/workbench/spaces/applications/"), ("wumei", "/workbench/spaces/usage/"),
    ("wangxiuying", "/m/spaces/"),
    # Service points and the 15-minute service circle (issue 11)
    ("wumei", "/workbench/servicepoints/"), ("wumei", "/workbench/servicepoints/circle/"),
    ("xiangshan_street", "/workbench/servicepoints/neighbourhoods/"), ("wangxiuying", "/m/servicepoints/"),
    ("wangxiuying", "/m/servicepoints/circle/"), ("", "/api/v1/servicepoints/hsds"),
    # Partners (issue 10)
    ("wumei", "/workbench/partners/"), ("wumei", "/workbench/partners/projects/"),
    ("xiangshan_street", "/workbench/partners/alliances/"), ("xiangshan_street", "/workbench/partners/offers/"),
    ("zhongyi", "/workbench/partners/"),
    ("wumei", "/workbench/meetings/"), ("wumei", "/workbench/meetings/tasks/"),
    ("zhongyi", "/workbench/meetings/tasks/mine/"), ("wumei", "/api/v1/meetings/meetings"),
    ("wumei", "/api/v1/meetings/tasks"),
    # Building stewards and the talent pool (issue 11)
    ("wumei", "/workbench/stewards/"), ("wumei", "/workbench/stewards/vacancies/"),
    ("wumei", "/workbench/stewards/evaluations/"), ("wumei", "/workbench/stewards/suggestions/"),
    ("xiangshan", "/api/v1/stewards"), ("wangxiuying", "/m/stewards/"), ("wumei", "/workbench/talent/"),
    ("wumei", "/workbench/talent/?q=zl"), ("xiangshan", "/api/v1/talent"),
    ("wumei", "/workbench/proposals/"), ("wangxiuying", "/m/proposals/"),
    ("wumei", "/workbench/elections/"), ("wangxiuying", "/m/elections/"),
    # A district of 650,000 residents (issue 12, `gongzhi demo --scale 1000`): the lists whose rows grow with the
    # residents, seen from the district (xiangshan) and a street, and a deep page of the people list.
    ("xiangshan", "/workbench/people/?kind=volunteer"), ("xiangshan", "/workbench/people/?q=wang"),
    ("xiangshan", "/workbench/people/?page=5000"), ("xiangshan", "/workbench/party/"),
    ("xiangshan", "/workbench/people/teams/"), ("xiangshan", "/workbench/inservice/"),
    ("xiangshan", "/workbench/organisations/"), ("xiangshan_street", "/workbench/people/"),
    ("xiangshan", "/workbench/recognition/"), ("xiangshan", "/workbench/points/accounts/"),
    ("xiangshan", "/workbench/lists/needs/"), ("xiangshan", "/workbench/contracts/"),
    ("xiangshan", "/workbench/orders/"), ("xiangshan", "/workbench/wishes/"), ("xiangshan", "/workbench/disputes/"),
    ("xiangshan", "/workbench/stewards/"), ("xiangshan", "/workbench/talent/"),
    ("xiangshan", "/workbench/servicepoints/"), ("xiangshan_street", "/workbench/servicepoints/neighbourhoods/"),
    ("xiangshan", "/workbench/reports/"), ("xiangshan", "/workbench/"), ("", "/board/"),
    # The API's lists (issue 12), each as a role that uses it.
    ("xiangshan", "/api/v1/regions"), ("xiangshan", "/api/v1/regions/grids"),
    ("xiangshan", "/api/v1/organisations/departments"), ("xiangshan", "/api/v1/party-organisations"),
    ("wumei", "/api/v1/people"), ("xiangshan", "/api/v1/people?kind=volunteer"), ("xiangshan", "/api/v1/people?q=wang"),
    ("xiangshan", "/api/v1/people?offset=500000"), ("xiangshan", "/api/v1/people/teams"),
    ("wumei", "/api/v1/lists/needs"), ("wumei", "/api/v1/lists/resources"), ("wumei", "/api/v1/lists/activities"),
    ("zhongyi", "/api/v1/lists/claims"), ("wumei", "/api/v1/contracts"),
    ("wumei", "/api/v1/contracts/publications"), ("xiangshan", "/api/v1/evaluation/schemes"),
    ("wangxiuying", "/api/v1/orders/menu"), ("wumei", "/api/v1/orders"), ("wangxiuying", "/api/v1/orders"),
    ("wumei", "/api/v1/wishes"), ("wangxiuying", "/api/v1/wishes/mine"), ("wumei", "/api/v1/cases"),
    ("xiangshan_street", "/api/v1/cases/escalations"), ("sifasuo", "/api/v1/cases/whistles"),
    ("xiangshan", "/api/v1/cases/responsibilities"), ("wumei", "/api/v1/disputes"),
    ("xiangshan", "/api/v1/rates/league"), ("xiangshan_street", "/api/v1/rates/reviews"),
    ("wumei", "/api/v1/volunteering/rosters"), ("wumei", "/api/v1/volunteering/shifts/upcoming"),
    ("wumei", "/api/v1/volunteering/inservice/reports"), ("xiangshan", "/api/v1/volunteering/inservice/members"),
    ("xiangshan", "/api/v1/volunteering/inservice/targets"), ("wumei", "/api/v1/points/transactions"),
    ("xiangshan", "/api/v1/points/accounts"), ("wumei", "/api/v1/points/items"), ("wumei", "/api/v1/points/redemptions"),
    ("wangxiuying", "/api/v1/points/shop"), ("xiangshan", "/api/v1/recognition/volunteers"),
    ("wumei", "/api/v1/recognition/certificates"), ("wumei", "/api/v1/recognition/honours"),
    ("wumei", "/api/v1/partners/partners"), ("wumei", "/api/v1/partners/projects"),
    ("xiangshan_street", "/api/v1/partners/alliances"), ("xiangshan_street", "/api/v1/partners/offers"),
    ("wumei", "/api/v1/spaces/venues"), ("wumei", "/api/v1/spaces/applications"),
    ("zhongyi", "/api/v1/meetings/tasks/mine"), ("wumei", "/api/v1/proposals/"), ("wumei", "/api/v1/elections/"),
    ("wumei", "/api/v1/stewards/vacancies?community_id={wumei}"),
    ("wumei", "/api/v1/stewards/evaluations/missing"), ("wumei", "/api/v1/stewards/suggestions"),
    ("xiangshan", "/api/v1/servicepoints/points"), ("xiangshan_street", "/api/v1/servicepoints/neighbourhoods"),
    ("xiangshan", "/api/v1/servicepoints/areas"),
    # The dashboards (issue 14): {district} is 象山区's id. Served from the cache until the chronicle changes;
    # `--rebuilt` times the request that rebuilds them (the cache emptied before each).
    ("xiangshan", "/workbench/dashboard/"), ("xiangshan", "/workbench/dashboard/data/"),
    ("", "/board/dashboard/{district}/"), ("", "/board/dashboard/{district}/data/"),
]


class Command(BaseCommand):
    help = "Time the workbench list pages and API lists as the demo accounts (needs `gongzhi demo`)."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument("--only", default="", help="time only the pages whose address contains this text")
        parser.add_argument("--slowest", type=int, default=0, help="then list the N slowest pages by median")
        parser.add_argument("--rebuilt", action="store_true",
                            help="empty the cache before each request: time pages as the first visitor after a change")

    def handle(self, *args, repeat, only, rebuilt, slowest, **options):
        call_command("collectstatic", interactive=False, verbosity=0)  # pages render as `gongzhi serve` does
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        from django.db.models import Count

        from gongzhi.lists.models import Activity
        from gongzhi.regions.models import RegionNode

        wumei = RegionNode.objects.filter(kind="community", name="五美社区").values_list("pk", flat=True).first()
        activity = (Activity.objects.filter(community_id=wumei).annotate(n=Count("signups")).order_by("-n", "pk")
                    .values_list("pk", flat=True).first())
        if activity is None:
            raise CommandError("五美社区 has no volunteering activity: run `gongzhi demo` first")
        district = RegionNode.objects.filter(kind="district", name="象山区").values_list("pk", flat=True).first()
        ids = {"wumei": wumei, "activity": activity, "district": district}
        pages = [(u, url) for u, url in PAGES if only in url]
        clients = {"": Client()}
        for username in {u for u, _ in pages} - {""}:
            user = User.objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"demo account {username!r} missing: run `gongzhi demo` first")
            clients[username] = Client()
            clients[username].force_login(user)
        self.stdout.write(f"{'page':<46} {'as':<16} {'queries':>7} {'median ms':>10} {'max ms':>8}")
        measured: list[tuple[float, str]] = []
        for username, url in pages:
            url = url.format(**ids)
            client, times = clients[username], []
            client.get(url, follow=True)  # untimed: the process's first request of a page loads its templates
            for _ in range(repeat):
                if rebuilt:
                    cache.clear()
                with CaptureQueriesContext(connection) as ctx:
                    started = time.perf_counter()
                    response = client.get(url, follow=True)
                    times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:  # an address this role may not use: say so and go on
                self.stdout.write(f"{url:<46} {username or '—':<16} HTTP {response.status_code}")
                continue
            line = (f"{url:<46} {username or '—':<16} {len(ctx.captured_queries):>7} "
                    f"{statistics.median(times):>10.1f} {max(times):>8.1f}")
            measured.append((statistics.median(times), line))
            self.stdout.write(line)
        if slowest:
            self.stdout.write(f"\nthe {slowest} slowest by median:")
            for _median, line in sorted(measured, reverse=True)[:slowest]:
                self.stdout.write(line)
