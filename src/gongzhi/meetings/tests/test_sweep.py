"""The sweep reminds the owner of an overdue task once: running it again, or after progress, creates nothing more;
the management command runs it inline with --now; finished tasks are never reminded."""

import datetime as dt

from django.core.management import call_command

from gongzhi.core import clock
from gongzhi.meetings import services
from gongzhi.meetings.models import TaskReminder
from gongzhi.meetings.tests.conftest import at, hold


def test_an_overdue_task_reminds_its_owner_once(world, m, team):
    meeting = hold(world, at(2026, 2, 24))
    team_task = services.add_resolution(actor=world.wumei_staff, meeting=meeting, title="巡逻", owner_team=team,
                                        deadline=dt.date(2026, 3, 1))
    dept_task = services.add_resolution(actor=world.wumei_staff, meeting=meeting, title="法律讲座",
                                        owner_department=world.judicial_office, deadline=dt.date(2026, 3, 1))
    done = services.add_resolution(actor=world.wumei_staff, meeting=meeting, title="已办结", deadline=dt.date(2026, 3, 1),
                                   owner_user=world.wumei_grid_worker)
    services.update_task(actor=world.wumei_grid_worker, task=done, note="办结", done=True)
    with clock.frozen(at(2026, 2, 28, 23)):
        assert services.sweep_overdue() == 0  # the January task's deadline is today: not yet overdue
    with clock.frozen(at(2026, 3, 2, 8)):
        assert services.sweep_overdue() == 3
        assert services.sweep_overdue() == 0
        services.update_task(actor=world.liaison, task=m.task, note="还在办", percent=60)
        assert services.sweep_overdue() == 0
    recipients = {r.task_id: sorted(u.username for u in r.recipients.all()) for r in TaskReminder.objects.all()}
    assert recipients == {m.task.pk: ["hospital_liaison"], team_task.pk: ["volunteer"],
                          dept_task.pk: ["judicial_receiver"]}
    assert "已逾期（完成时限 2026-02-28" in TaskReminder.objects.get(task=m.task).message


def test_the_command_runs_inline(world, m, capsys):
    with clock.frozen(at(2026, 3, 2, 8)):
        call_command("meetings_sweep", "--now")
        call_command("meetings_sweep", "--now")
    out = capsys.readouterr().out
    assert "reminders created: 1" in out and "reminders created: 0" in out
    assert TaskReminder.objects.count() == 1
