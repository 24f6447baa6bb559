"""The Django side of the cluster check (gongzhi/ops/cluster/, docs/cluster-check.md).

The harness runs this module in its own process with the cluster's environment (`python -m
gongzhi.testing.cluster_scenario <command>`), so that the harness itself needs no database settings:

  seed        the personas, two menu items (one with a small stock), residents with sessions, orders, whistles and
              contract commitments already overdue (so the scheduler's first sweeps have escalations and reminders
              to fire); prints the ids and session keys the load generator needs, as JSON
  sweeper     for --seconds: enqueue the orders', cases' and reminders' sweeps every second or two (as a second
              scheduler or an operator would) and short probe tasks, while the load runs
  probe       enqueue probe tasks (--count, --seconds each): each writes its key once, in one transaction
  fail-lost   mark failed the tasks a killed worker left running (scheduler.services.fail_orphaned_tasks, with the
              clock moved past its 30 minutes)
  verify      read the load's record (--record FILE) and check every invariant; prints the figures as JSON

Test support, like the personas it builds on: it imports the apps, and no app imports it."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from collections import Counter


def _task():
    from gongzhi.testing.cluster_probe import probe_effect

    return probe_effect


# --- seeding ----------------------------------------------------------------------------------------------

def reseed_data_migrations() -> None:
    """The rows the data migrations seed (the national calendar, case and service categories), for a database whose
    schema was copied without them (ops.cluster.check's `schema_from`); each seed is idempotent."""
    import importlib

    from django.apps import apps

    from gongzhi.cases.testing import seed_case_categories

    seed_case_categories()
    importlib.import_module("gongzhi.lists.migrations.0003_seed_categories").seed(apps, None)


def seed(*, residents: int, stock: int, overdue_orders: int, overdue_whistles: int, commitments: int,
         reseed: bool = False) -> dict:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection

    from gongzhi.accounts.services import assign_role, create_user
    from gongzhi.cases import services as cases
    from gongzhi.cases.models import CaseCategory
    from gongzhi.contracts import services as contracts
    from gongzhi.core import clock
    from gongzhi.lists.models import Category
    from gongzhi.orders import services as orders
    from gongzhi.organisations.services import create_organisation
    from gongzhi.people.services import link_account, register_person
    from gongzhi.testing.cluster_probe import PROBE_TABLE
    from gongzhi.testing.personas import PASSWORD, build_world

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # nobody logs in by password
    if reseed:
        reseed_data_migrations()
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {PROBE_TABLE} (id bigserial PRIMARY KEY, key text NOT NULL, "
                       "part text NOT NULL, pid integer NOT NULL, at timestamptz NOT NULL DEFAULT now())")
    now = clock.now()
    past = now - dt.timedelta(days=10)
    w = build_world()
    cats = {c.code: c for c in Category.objects.all()}
    any_cat = cats.get("elderly") or next(iter(cats.values()))
    merchants = create_organisation(actor=w.admin, name="五美路商家联盟", kind="merchant",
                                    partner_type="social_enterprise", home=w.wumei)
    takers = []
    for name in ("a", "b"):  # two people of one provider, on two phones: they race for the same orders
        u = create_user(actor=w.admin, username=f"cluster_taker_{name}", password=PASSWORD,
                        display_name=f"商家联盟·接单员{name.upper()}")
        assign_role(actor=w.admin, user=u, role="unit_liaison", organisation=merchants)
        takers.append(u)
    scarce = orders.create_item(actor=w.wumei_staff, community=w.wumei, title="一元理发", category=any_cat,
                                provider=merchants, capacity=stock, schedule="每月第一个周六上午")
    plenty = orders.create_item(actor=w.wumei_staff, community=w.wumei, title="助餐送餐", category=any_cat,
                                provider=merchants, capacity=None, schedule="每天中午")
    old = orders.create_item(actor=w.wumei_staff, community=w.wumei, title="上门维修", category=any_cat,
                             provider=merchants, capacity=None, schedule="预约")
    people = []
    for i in range(residents):
        u = create_user(actor=w.admin, username=f"cluster_r{i:03d}", password=PASSWORD, display_name=f"居民{i:03d}")
        assign_role(actor=w.admin, user=u, role="resident", region=w.wumei_b1)
        person = register_person(actor=w.admin, name=f"居民{i:03d}", home=w.wumei_b1, phone=f"139{i:08d}")
        link_account(actor=w.admin, person=person, user=u)
        people.append(u)
    with clock.frozen(past):  # orders nobody took: overdue long ago, for the orders' sweep to escalate
        for u in people[:overdue_orders]:
            orders.place_order(actor=u, menu_item=old)
    case_cat = CaseCategory.objects.filter(code="sewage").first() or CaseCategory.objects.first()
    assert case_cat is not None, "the case categories are seeded by a migration (or --reseed)"
    whistles = []
    for i in range(overdue_whistles):  # whistled ten days ago and never answered: every step overdue
        with clock.frozen(past + dt.timedelta(minutes=i)):
            case = cases.report_case(actor=people[i % len(people)], category=case_cat, community=w.wumei,
                                     title=f"下水管堵塞{i}", description="污水倒灌", channel="phone_app",
                                     place=w.wumei_b1, address="五美小区1栋")
            case = cases.accept_case(actor=w.wumei_grid_worker, case=case)
            whistles += cases.blow_whistle(actor=w.wumei_staff, case=case, departments=[w.judicial_office],
                                           request="请司法所到场调解")
    # a signed contract whose commitments are overdue or about to be: the reminders' sweep fires one each
    today = clock.today()
    year = today.year
    with clock.frozen(dt.datetime(year, 1, 5, 9, tzinfo=dt.UTC)):
        contract = contracts.draft_contract(
            actor=w.wumei_staff, community=w.wumei, title=f"五美社区{year}年度党建共建契约", year=year,
            term_start=dt.date(year, 1, 1), term_end=dt.date(year, 12, 31), units=[w.hospital])
        due = [max(dt.date(year, 1, 6), today - dt.timedelta(days=1 + i)) for i in range(commitments)]
        for i, deadline in enumerate(due):
            contracts.add_commitment(actor=w.wumei_staff, contract=contract, undertakers=[w.hospital],
                                     area="governance", title=f"共建项目{i}", content="每季度义诊",
                                     beneficiaries=["elderly"], deadline=deadline, target_services=4,
                                     target_person_times=40)
        contracts.record_agreement(actor=w.liaison, contract=contract, organisation=w.hospital,
                                   representative="周丽华")
        contracts.sign_contract(actor=w.wumei_staff, contract=contract)

    def session_of(user) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key or ""

    return {
        "community": w.wumei.pk, "department": w.judicial_office.pk, "place": w.wumei_b1.pk,
        "case_category": case_cat.code, "order_category": any_cat.code, "scarce": scarce.pk, "stock": stock, "plenty": plenty.pk,
        "residents": [session_of(u) for u in people],
        "takers": [session_of(u) for u in takers],
        "staff": session_of(w.wumei_staff), "grid": session_of(w.wumei_grid_worker),
        "receiver": session_of(w.receiver),
        "overdue_whistles": [x.pk for x in whistles], "commitments": commitments,
    }


# --- during the load ----------------------------------------------------------------------------------------

def sweeper(*, seconds: float, every: float, probes_every: float) -> dict:
    """Enqueue the three sweeps every `every` seconds and a short probe task every `probes_every` seconds."""
    from gongzhi.cases.tasks import sweep_case_deadlines
    from gongzhi.contracts.tasks import sweep_contract_reminders
    from gongzhi.orders.tasks import sweep_order_timeouts

    probe = _task()
    end = time.monotonic() + seconds
    sweeps = probes = failed = 0
    next_sweep = time.monotonic()
    while time.monotonic() < end:
        try:
            if time.monotonic() >= next_sweep:
                for t in (sweep_order_timeouts, sweep_case_deadlines, sweep_contract_reminders):
                    t.enqueue()
                    sweeps += 1
                next_sweep += every
            probe.enqueue(f"load-{os.getpid()}-{probes}", 0.05)
            probes += 1
        except Exception:  # the database away (the restart fault): try again
            failed += 1
            from django.db import close_old_connections

            close_old_connections()
        time.sleep(probes_every)
    return {"sweeps_enqueued": sweeps, "probes_enqueued": probes, "enqueue_failures": failed}


def probe(*, count: int, seconds: float, prefix: str) -> dict:
    t = _task()
    ids = [str(t.enqueue(f"{prefix}-{i}", seconds).id) for i in range(count)]
    return {"task_ids": ids, "keys": [f"{prefix}-{i}" for i in range(count)]}


def fail_lost() -> dict:
    from gongzhi.core import clock
    from gongzhi.scheduler.services import ORPHAN_AFTER, fail_orphaned_tasks

    # the clock moved past the 30 minutes a lost task is given, so the check need not wait for them
    with clock.frozen(clock.now() + ORPHAN_AFTER + dt.timedelta(minutes=1)):
        return {"failed": fail_orphaned_tasks()}


# --- after the load ---------------------------------------------------------------------------------------

def verify(*, record: dict) -> dict:
    """Every invariant of issue 15's cluster check, from the database and the load's own record of its 2xx."""
    from django.db import connection
    from django.db.models import Count
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from gongzhi.cases.models import Case, Whistle
    from gongzhi.cases.models import Escalation as CaseEscalation
    from gongzhi.cases.services import sweep_deadlines
    from gongzhi.chronicle.models import Entry
    from gongzhi.chronicle.services import verify as verify_chronicle
    from gongzhi.contracts.models import Reminder
    from gongzhi.contracts.services import sweep_reminders
    from gongzhi.orders.models import Escalation as OrderEscalation
    from gongzhi.orders.models import MenuItem, Order, OrderEvent, OrderStatus
    from gongzhi.orders.services.sweep import escalate_overdue
    from gongzhi.scheduler.models import ScheduledRun
    from gongzhi.testing.cluster_probe import PROBE_TABLE

    seeded = record["seed"]
    ok = record["ok"]  # what the load generator got a 2xx for
    problems: list[str] = []
    figures: dict = {}

    def check(name: str, condition: bool, detail: str = "") -> None:
        if not condition:
            problems.append(f"{name}: {detail}")

    counts = record["counts"]

    def doubt(*kinds: str) -> int:
        """Requests whose connection broke (a server killed under them): applied or not, nobody knows."""
        return sum(counts.get(f"in_doubt_{k}", 0) for k in kinds)

    def same(name: str, db: set, got: set, in_doubt: int) -> tuple[int, int]:
        """Every 2xx is in the database (none lost), and the database holds nothing else but what requests in
        doubt may have done. Returns (lost, in doubt and applied)."""
        lost, extra = got - db, db - got
        check(name, not lost and len(extra) <= in_doubt,
              f"db {len(db)}, 2xx {len(got)}, lost {sorted(lost)[:5]}, not answered {sorted(extra)[:5]} "
              f"({in_doubt} requests in doubt)")
        return len(lost), len(extra)

    # orders: every 2xx placement is in the database, and nothing the load was refused
    placed = set(ok["order_placed"])
    load_orders = Order.objects.filter(placed_at__gte=record["started_at"])
    in_db = set(load_orders.values_list("pk", flat=True))
    lost, applied_in_doubt = same("orders placed = 2xx", in_db, placed,
                                  doubt("place_scarce", "place_plenty", "place_help"))
    figures["orders_placed"] = len(in_db)
    duplicates = 0
    # every order taken once: one 2xx take, one 'taken' event, one chronicle entry
    taken_2xx = Counter(ok["order_taken"])
    dup = [pk for pk, n in taken_2xx.items() if n > 1]
    check("each order taken at most once (2xx)", not dup, f"{dup[:5]}")
    duplicates += len(dup)
    taken_db = set(Order.objects.filter(pk__in=in_db, taken_at__isnull=False).values_list("pk", flat=True))
    n_lost, n_doubt = same("orders taken = 2xx", taken_db, set(taken_2xx), doubt("take"))
    lost, applied_in_doubt = lost + n_lost, applied_in_doubt + n_doubt
    events = Counter(OrderEvent.objects.filter(order__in=in_db, to_status=OrderStatus.TAKEN)
                     .values_list("order_id", flat=True))
    check("one taken event per order", all(n == 1 for n in events.values()) and set(events) == taken_db,
          f"{[(k, n) for k, n in events.items() if n != 1][:5]}")
    chron_taken = Counter(Entry.objects.filter(action="order.taken", subject_id__in=[str(pk) for pk in in_db])
                          .values_list("subject_id", flat=True))
    check("one chronicle entry per take", all(n == 1 for n in chron_taken.values())
          and len(chron_taken) == len(taken_db), f"{len(chron_taken)} entries for {len(taken_db)} takes")
    figures["orders_taken"] = len(taken_db)
    figures["take_races_lost"] = counts.get("take_refused", 0)
    # no menu item oversold
    scarce = MenuItem.objects.get(pk=seeded["scarce"])
    assert scarce.places_left is not None and scarce.capacity is not None
    holding = Order.objects.filter(menu_item=scarce, holds_place=True).count()
    check("places never below zero", scarce.places_left >= 0, f"{scarce.places_left}")
    check("places + held = capacity", scarce.places_left + holding == scarce.capacity,
          f"{scarce.places_left} left + {holding} held != {scarce.capacity}")
    scarce_2xx = sum(1 for pk in placed if pk in set(ok["scarce_placed"]))
    check("scarce item not oversold", scarce_2xx <= seeded["stock"], f"{scarce_2xx} sold of {seeded['stock']}")
    figures["scarce_sold"] = f"{scarce_2xx}/{seeded['stock']}"
    figures["scarce_refused"] = record["counts"].get("sold_out", 0)
    # cases and whistles of the load
    cases_db = set(Case.objects.filter(reported_at__gte=record["started_at"]).values_list("pk", flat=True))
    whistles_db = set(Whistle.objects.filter(case__in=cases_db).values_list("pk", flat=True))
    reported_db = set(Whistle.objects.filter(pk__in=whistles_db, reported_at__isnull=False)
                      .values_list("pk", flat=True))
    for name, db, got, kinds in (("cases reported = 2xx", cases_db, set(ok["case_reported"]), ("report_case",)),
                                 ("whistles = 2xx", whistles_db, set(ok["whistle_blown"]), ("whistle",)),
                                 ("whistles reported = 2xx", reported_db, set(ok["whistle_reported"]),
                                  ("report_whistle",))):
        n_lost, n_doubt = same(name, db, got, doubt(*kinds))
        lost, applied_in_doubt = lost + n_lost, applied_in_doubt + n_doubt
    figures["cases_reported"], figures["whistles"] = len(cases_db), len(whistles_db)
    # escalations: none twice, each with one chronicle entry, and none left to fire
    order_esc = OrderEscalation.objects.values("order_id", "kind").annotate(n=Count("id")).filter(n__gt=1)
    case_esc = CaseEscalation.objects.values("whistle_id", "case_id", "step", "level").annotate(n=Count("id")) \
        .filter(n__gt=1)
    check("order escalations once", not order_esc.exists(), f"{list(order_esc[:3])}")
    check("case escalations once", not case_esc.exists(), f"{list(case_esc[:3])}")
    n_order_esc, n_case_esc = OrderEscalation.objects.count(), CaseEscalation.objects.count()
    check("order escalation chronicle", Entry.objects.filter(action="order.escalated").count() == n_order_esc,
          "entries != escalations")
    check("order escalations fired", n_order_esc >= seeded.get("overdue_orders", 0),
          f"{n_order_esc} < {seeded.get('overdue_orders')}")
    check("case escalations fired", n_case_esc > 0 or not seeded["overdue_whistles"], "none")
    late_orders, late_cases, late_reminders = escalate_overdue(), sweep_deadlines(), sweep_reminders()
    check("no escalation left to fire", late_orders == 0 and late_cases == 0,
          f"a final sweep fired {late_orders} order and {late_cases} case escalations")
    check("no reminder left to fire", late_reminders == 0, f"a final sweep created {late_reminders}")
    figures["order_escalations"], figures["case_escalations"] = n_order_esc, n_case_esc
    duplicates += order_esc.count() + case_esc.count()
    # reminders: one per commitment (and kind), each with one chronicle entry
    rem_dup = Reminder.objects.values("commitment_id", "kind").annotate(n=Count("id")).filter(n__gt=1)
    check("reminders once", not rem_dup.exists(), f"{list(rem_dup[:3])}")
    n_rem = Reminder.objects.count()
    check("every reminder fired", n_rem == seeded["commitments"], f"{n_rem} of {seeded['commitments']}")
    check("reminder chronicle", Entry.objects.filter(action__startswith="commitment.reminder_").count() == n_rem,
          "entries != reminders")
    figures["reminders"] = n_rem
    duplicates += rem_dup.count()
    # tasks: every one finished, each claimed by one worker, every probe's effect written once and whole
    statuses = Counter(DBTaskResult.objects.values_list("status", flat=True))
    expected_failed = set(record.get("expected_failed_tasks", []))
    failed = {str(pk) for pk in DBTaskResult.objects.filter(status=TaskResultStatus.FAILED)
                 .values_list("id", flat=True)}
    check("no task waiting or running", statuses.get(TaskResultStatus.READY, 0) == 0
          and statuses.get(TaskResultStatus.RUNNING, 0) == 0, f"{dict(statuses)}")
    check("no task failed but the killed ones", failed <= expected_failed, f"{sorted(failed - expected_failed)[:3]}")
    claims = Counter(len(ids) for ids in DBTaskResult.objects.values_list("worker_ids", flat=True))
    check("each task claimed once", set(claims) <= {1}, f"claims per task: {dict(claims)}")
    workers = Counter(w for ids in DBTaskResult.objects.values_list("worker_ids", flat=True) for w in ids)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, part, count(*) FROM {PROBE_TABLE} WHERE part <> 'started' GROUP BY key, part")
        parts = cursor.fetchall()
    by_key: dict[str, dict[str, int]] = {}
    for key, part, n in parts:
        by_key.setdefault(key, {})[part] = n
    killed_keys = set(record.get("killed_keys", []))
    twice = [k for k, p in by_key.items() if any(n > 1 for n in p.values())]
    half = [k for k, p in by_key.items() if set(p) != {"first", "second"}]
    check("probe effects once", not twice, f"{twice[:3]}")
    check("probe effects whole", not half, f"{half[:3]}")
    check("killed task left no effect", not (killed_keys & set(by_key)), f"{sorted(killed_keys & set(by_key))}")
    probes_done = DBTaskResult.objects.filter(task_path__endswith="probe_effect",
                                              status=TaskResultStatus.SUCCESSFUL).count()
    check("every finished probe has its effect", probes_done == len(by_key), f"{probes_done} != {len(by_key)}")
    duplicates += len(twice) + sum(n for c, n in claims.items() if c > 1)
    figures["tasks"] = sum(statuses.values())
    figures["tasks_failed"] = len(failed)
    figures["tasks_by_worker"] = dict(workers)
    # the scheduler(s): one run per job and slot, each with its task
    runs = ScheduledRun.objects.count()
    distinct = ScheduledRun.objects.values("job", "slot").distinct().count()
    with_task = DBTaskResult.objects.filter(
        id__in=[r for r in ScheduledRun.objects.values_list("task_result_id", flat=True) if r]).count()
    check("one scheduled run per slot", runs == distinct, f"{runs} runs, {distinct} slots")
    check("every scheduled run enqueued one task", with_task == runs, f"{with_task} tasks for {runs} runs")
    figures["scheduled_runs"] = runs
    # the chronicle
    v = verify_chronicle()
    check("chronicle verifies", v.ok, f"{v.reason} at #{v.first_bad_seq}")
    figures["chronicle_entries"], figures["chronicle_ok"] = v.checked, v.ok
    figures["duplicates"], figures["lost"], figures["applied_in_doubt"] = duplicates, lost, applied_in_doubt
    return {"ok": not problems, "problems": problems, "figures": figures}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongzhi.settings")
    import django

    django.setup()
    parser = argparse.ArgumentParser(prog="python -m gongzhi.testing.cluster_scenario")
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("seed")
    s.add_argument("--residents", type=int, default=30)
    s.add_argument("--stock", type=int, default=5)
    s.add_argument("--overdue-orders", type=int, default=5)
    s.add_argument("--overdue-whistles", type=int, default=4)
    s.add_argument("--commitments", type=int, default=3)
    s.add_argument("--reseed", action="store_true", help="seed the data migrations' rows first")
    w = sub.add_parser("sweeper")
    w.add_argument("--seconds", type=float, required=True)
    w.add_argument("--every", type=float, default=2.0)
    w.add_argument("--probes-every", type=float, default=0.25)
    p = sub.add_parser("probe")
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--seconds", type=float, default=0.05)
    p.add_argument("--prefix", default="probe")
    sub.add_parser("fail-lost")
    v = sub.add_parser("verify")
    v.add_argument("--record", required=True)
    args = parser.parse_args(argv)
    if args.command == "seed":
        out = seed(residents=args.residents, stock=args.stock, overdue_orders=args.overdue_orders,
                   overdue_whistles=args.overdue_whistles, commitments=args.commitments, reseed=args.reseed)
        out["overdue_orders"] = args.overdue_orders
    elif args.command == "sweeper":
        out = sweeper(seconds=args.seconds, every=args.every, probes_every=args.probes_every)
    elif args.command == "probe":
        out = probe(count=args.count, seconds=args.seconds, prefix=args.prefix)
    elif args.command == "fail-lost":
        out = fail_lost()
    else:
        with open(args.record, encoding="utf-8") as f:
            out = verify(record=json.load(f))
    sys.stdout.write("CLUSTER-JSON " + json.dumps(out, default=str) + "\n")


if __name__ == "__main__":
    main()
