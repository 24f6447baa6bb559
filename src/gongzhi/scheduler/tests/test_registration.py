"""Every sweep of Gongzhi is a periodic job: an app that adds a sweep command or a background task without
registering it with `core.registry.register_periodic` fails here, so that no deployment can forget it."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil

import pytest
from django.core.management import call_command, get_commands
from django_tasks.base import Task

import gongzhi
from gongzhi.core.registry import PeriodicJob, periodic_jobs, register_periodic
from gongzhi.scheduler.tests.conftest import at, enqueued_paths

# Commands that are periodic work but not named *sweep*.
PERIODIC_COMMANDS = {"remind", "prune_login_attempts"}
# Sweep commands that run their sweep in the command's own process (no --now needed); the scheduler enqueues the
# same service's task.
INLINE_COMMANDS = {"proposals_sweep", "volunteering_sweep"}
# Background tasks that are not periodic (enqueued by a service on an event).
NOT_PERIODIC: set[str] = {
    "gongzhi.notifications.tasks.deliver_notifications",  # after each notify's commit
    "gongzhi.reports.tasks.build_annual_report",  # when staff ask for a report
}


def sweep_commands() -> set[str]:
    return {name for name, app in get_commands().items()
            if app.startswith("gongzhi.") and ("sweep" in name or name in PERIODIC_COMMANDS)}


def project_tasks() -> dict[str, Task]:
    """Every task defined in a `tasks` or `tasks_*` module of a Gongzhi app, by module path."""
    found = {}
    for app in pkgutil.iter_modules(gongzhi.__path__):
        if not app.ispkg:
            continue
        package = importlib.import_module(f"gongzhi.{app.name}")
        for module in pkgutil.iter_modules(package.__path__):
            if module.name == "tasks" or module.name.startswith("tasks_"):
                loaded = importlib.import_module(f"gongzhi.{app.name}.{module.name}")
                for value in vars(loaded).values():
                    if isinstance(value, Task) and value.func.__module__ == loaded.__name__:
                        found[value.module_path] = value
    return found


def test_every_sweep_command_is_a_registered_job():
    commands = sweep_commands()
    assert len(commands) >= 14  # twelve *sweep* commands, remind and prune_login_attempts: the search finds them
    registered = {job.key for job in periodic_jobs()}
    assert commands - registered == set(), "register these sweeps with core.registry.register_periodic"


def test_every_background_task_of_the_project_is_a_registered_job():
    tasks = project_tasks()
    assert "gongzhi.chronicle.tasks.verify_chronicle" in tasks
    registered = {job.task.module_path for job in periodic_jobs()}
    assert set(tasks) - registered - NOT_PERIODIC == set(), "register these tasks with register_periodic"
    assert len(registered) == len(periodic_jobs())  # no task twice under two keys


@pytest.mark.django_db
@pytest.mark.parametrize("command", sorted(sweep_commands() - INLINE_COMMANDS))
def test_a_sweep_command_enqueues_the_task_its_job_enqueues(command):
    call_command(command, stdout=None)
    job = {job.key: job for job in periodic_jobs()}[command]
    assert enqueued_paths() == [job.task.module_path]


def test_the_inline_sweep_commands_and_their_jobs_call_one_service():
    jobs = {job.key: job for job in periodic_jobs()}
    from gongzhi.proposals.management.commands import proposals_sweep
    from gongzhi.volunteering.management.commands import volunteering_sweep

    assert jobs["proposals_sweep"].task.func.__globals__["sweep"] is proposals_sweep.sweep
    assert (jobs["volunteering_sweep"].task.func.__globals__["sweep_unclosed_checkins"]
            is volunteering_sweep.sweep_unclosed_checkins)


def test_intervals_follow_the_work():
    every = {job.key: job.every for job in periodic_jobs()}
    minutes, hour, day = dt.timedelta(minutes=1), dt.timedelta(hours=1), dt.timedelta(days=1)
    assert 5 * minutes <= every["orders_sweep"] <= 15 * minutes  # order time-outs
    assert 5 * minutes <= every["cases_sweep"] <= 15 * minutes  # whistle deadlines
    assert every["remind"] == every["meetings_sweep"] == every["proposals_sweep"] == hour  # reminders
    assert every["verify_chronicle"] == every["prune_login_attempts"] == day


def test_a_slot_is_counted_from_local_midnight_plus_the_offset():
    daily = PeriodicJob("x", None, dt.timedelta(days=1), dt.timedelta(hours=3), "x")
    assert daily.slot(at(2026, 5, 11, 2, 59, 59)) == at(2026, 5, 10, 3, 0)
    assert daily.slot(at(2026, 5, 11, 3, 0)) == at(2026, 5, 11, 3, 0)
    five = PeriodicJob("y", None, dt.timedelta(minutes=5), dt.timedelta(minutes=1), "y")
    assert five.slot(at(2026, 5, 11, 10, 0, 59)) == at(2026, 5, 11, 9, 56)
    assert five.slot(at(2026, 5, 11, 10, 1)) == at(2026, 5, 11, 10, 1)


@pytest.mark.parametrize(("every", "offset"), [
    (dt.timedelta(0), dt.timedelta(0)),
    (dt.timedelta(minutes=-5), dt.timedelta(0)),
    (dt.timedelta(hours=1), dt.timedelta(hours=1)),
    (dt.timedelta(hours=1), dt.timedelta(minutes=-1)),
])
def test_it_refuses_an_interval_or_offset_that_makes_no_slots(every, offset):
    with pytest.raises(ValueError):
        register_periodic("never", object(), every=every, offset=offset)
    assert "never" not in {job.key for job in periodic_jobs()}
