"""The talent pool suggested where a team or a meeting's task needs someone: residents of the community's pool whose
skills suit the team's name and speciality (members left out) or the task's wording, shown only to staff who see
that pool."""

import datetime as dt

from gongzhi.meetings import services as meetings
from gongzhi.people.services import create_team, join_team, register_volunteer
from gongzhi.talent import services

from .conftest import CST


def _pool(world, people):
    services.register_talent(actor=world.wumei_staff, person=people.nurse, skills=["medical", "care"],
                             availability=["weekend"], consent=True)
    services.register_talent(actor=world.wumei_staff, person=people.fixer, skills=["repairs"],
                             availability=["evening"], consent=True)


def test_a_team_page_suggests_residents_whose_skills_suit_it(world, people, client_for):
    _pool(world, people)
    team = create_team(actor=world.wumei_staff, name="五美义诊志愿服务队", community=world.wumei,
                       speciality="上门测血压、健康义诊", kind="professional")
    staff = client_for(world.wumei_staff)
    page = staff.get(f"/workbench/people/teams/{team.pk}/").content.decode()
    assert 'data-testid="talent-suggestions"' in page
    assert "张丽华" in page and "特长：医疗护理" in page and "李师傅" not in page
    # a member already serving in the team is not suggested again
    volunteer = register_volunteer(actor=world.wumei_staff, person=people.nurse, on=dt.date(2026, 6, 1))
    join_team(actor=world.wumei_staff, volunteer=volunteer, team=team, on=dt.date(2026, 6, 2))
    page = staff.get(f"/workbench/people/teams/{team.pk}/").content.decode()
    assert "人才储备库中暂无合适人选" in page
    # staff of another community do not see 五美社区's pool through the team (the team itself is out of their scope)
    assert client_for(world.nanmen_staff).get(f"/workbench/people/teams/{team.pk}/").status_code == 404


def test_a_meeting_task_suggests_residents_to_staff_only(world, people, client_for):
    _pool(world, people)
    meeting = meetings.create_meeting(actor=world.wumei_staff, community=world.wumei, kind="big_committee",
                                      starts_at=dt.datetime(2026, 6, 15, 9, 0, tzinfo=CST), place="会议室",
                                      convener="五美社区党委", organisations=[world.hospital])
    task = meetings.add_resolution(actor=world.wumei_staff, meeting=meeting, title="楼道灯和水管维修",
                                   detail="组织志愿者排查老旧楼栋漏水", deadline=dt.date(2026, 7, 1),
                                   owner_organisation=world.hospital)
    page = client_for(world.wumei_staff).get(f"/workbench/meetings/tasks/{task.pk}/").content.decode()
    assert "李师傅" in page and "特长：水电维修" in page and "张丽华" not in page
    # the unit that owns the task sees its task, not the community's talent pool
    page = client_for(world.liaison).get(f"/workbench/meetings/tasks/{task.pk}/").content.decode()
    assert "李师傅" not in page and 'data-testid="talent-suggestions"' not in page
