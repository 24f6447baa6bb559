"""`gongzhi scheduler`: the one process that enqueues Gongzhi's periodic work (the sweeps) at their intervals, so
that no deployment has to keep a crontab of them (ADR 0021). Run one beside `gongzhi db_worker`; a second one by
mistake, or a restart, enqueues no slot twice (a unique key per job and slot).

  gongzhi scheduler             tick every 30 seconds until SIGTERM or SIGINT (Ctrl-C)
  gongzhi scheduler --once      one tick, then exit (non-zero if a job failed to enqueue)
  gongzhi scheduler --list      the jobs, their intervals, their last and next slots"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connections
from django.utils import timezone

from gongzhi.core import clock
from gongzhi.core.registry import periodic_jobs
from gongzhi.scheduler.selectors import last_runs
from gongzhi.scheduler.services import enqueue_due

logger = logging.getLogger("gongzhi.scheduler")


def duration(delta: dt.timedelta) -> str:
    """5m, 1h, 1d, 4h30m — how --list writes intervals and offsets."""
    minutes = int(delta.total_seconds()) // 60
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{n}{unit}" for n, unit in ((days, "d"), (hours, "h"), (minutes, "m")) if n]
    return "".join(parts) or "0m"


def local(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S") if moment else "—"


class Command(BaseCommand):
    help = ("Enqueue the periodic work (sweeps, reminders, chronicle verification) at its intervals, each slot "
            "once; --once runs one tick, --list prints the jobs.")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run one tick and exit")
        parser.add_argument("--list", action="store_true", dest="list_jobs",
                            help="print the jobs with their interval and last run")
        parser.add_argument("--tick", type=float, default=30.0, metavar="SECONDS",
                            help="seconds between two ticks (default 30)")

    def handle(self, *args, once, list_jobs, tick, **options):
        if list_jobs:
            self.list_jobs()
        elif once:
            self.one_tick()
        else:
            if tick <= 0:
                raise CommandError("--tick must be positive")
            self.loop(tick)

    def one_tick(self) -> None:
        result = enqueue_due()
        for run in result.enqueued:
            self.stdout.write(f"enqueued {run.job} (slot {local(run.slot)}, task result {run.task_result_id})")
        if not result.enqueued and not result.failed:
            self.stdout.write(f"nothing due ({len(result.done_already)} jobs enqueued already in their slot)")
        if result.failed:
            raise CommandError(f"could not enqueue: {', '.join(result.failed)} (see the log)")

    def loop(self, tick: float) -> None:
        stop = threading.Event()

        def on_signal(signum, frame):
            logger.info("scheduler: %s received, stopping after this tick", signal.Signals(signum).name)
            stop.set()

        previous = {signum: signal.signal(signum, on_signal) for signum in (signal.SIGTERM, signal.SIGINT)}
        logger.info("scheduler: started, %d jobs, a tick every %s s", len(periodic_jobs()), tick)
        try:
            while not stop.is_set():
                close_old_connections()  # a connection the database dropped while we slept is reopened
                try:
                    enqueue_due()  # logs each enqueue, and each job that failed (it is tried again next tick)
                except Exception:  # the database away: try again next tick
                    logger.exception("scheduler: the tick failed")
                stop.wait(tick)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
            connections.close_all()
        logger.info("scheduler: stopped")

    def list_jobs(self) -> None:
        now = clock.now()
        last = last_runs()
        rows = [("job", "every", "offset", "last slot", "enqueued at", "next slot", "label")]
        for job in periodic_jobs():
            run, current = last.get(job.key), job.slot(now)
            upcoming = local(current + job.every) if run and run.slot >= current else "due now"
            rows.append((job.key, duration(job.every), duration(job.offset), local(run.slot if run else None),
                         local(run.enqueued_at if run else None), upcoming, str(job.label)))
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
        for row in rows:
            self.stdout.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)).rstrip()
                              + "  " + row[-1])
