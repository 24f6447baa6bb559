"""Demo data for 联席会议 in 象山街道, written through the meetings services as 五美社区 would run them: a year of
monthly partner meetings (合伙人月度例会) — units and departments invited, attendance (one absence with its reason
now and then), an agenda that opens with last month's open resolutions, minutes written once (one correction
appended) and two or three resolutions each, tracked as tasks owned by a unit, a department, the patrol team or a
grid worker. Most tasks were done on time; the last meetings' tasks are in progress and a few are overdue (the
sweep has reminded their owners once). One 六方议事 on the 五美小区 lift and parking brings in the property company
and the owners' committee.

`load(builder)` gets the demo builder and returns counts for `demo_counts`."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from gongzhi.core import clock
from gongzhi.lists.models import Need, NeedStatus
from gongzhi.meetings import services
from gongzhi.meetings.models import Task, TaskStatus
from gongzhi.organisations.models import Organisation
from gongzhi.people.models import VolunteerTeam

TZ = ZoneInfo("Asia/Shanghai")
PLACE = "五美社区党群服务中心二楼会议室"
CONVENER = "五美社区党委"
INVITED_UNITS = ("桂林市中医医院", "五美路商家联盟", "象山区心连心志愿者协会", "桂林市象山区图书馆")
INVITED_DEPARTMENT = "丽景街司法所"
PROPERTY_COMPANY = "桂林绿城物业服务有限公司"

# per month of the year: (topics on the agenda, resolutions as (title, owner key, days to the deadline))
MONTHS = [
    (["春节前走访慰问困难群众"], [("走访慰问辖区独居老人 30 户", "grid", 20), ("春节义诊进社区", "hospital", 25)]),
    (["老旧小区楼道杂物清理"], [("文化里楼道杂物集中清理", "patrol", 21), ("楼道消防安全宣传", "grid", 28)]),
    (["学雷锋志愿服务月安排"], [("五美路商户“一元理发”进小区", "alliance", 30),
                         ("开展防诈骗法律讲座", "judicial", 30)]),
    (["清明文明祭扫劝导"], [("清明期间文明祭扫劝导", "patrol", 14), ("中医养生讲座", "hospital", 30)]),
    (["“七彩假期”青少年活动筹备"], [("图书馆暑期阅读营", "library", 45), ("暑期青少年防溺水宣传", "grid", 30)]),
    (["汛期排水与安全巡查"], [("五美小区排水沟疏通", "grid", 15), ("汛期夜间巡逻加密", "patrol", 30),
                        ("邻里纠纷法律咨询日", "judicial", 30)]),
    (["“七彩假期”开营"], [("暑期托管志愿者招募", "xinlianxin", 20), ("高温天气老人健康随访", "hospital", 25)]),
    (["社区合伙人项目中期盘点"], [("合伙人项目清单中期公示", "grid", 20), ("商家联盟优惠信息更新", "alliance", 30)]),
    (["重阳节敬老活动"], [("重阳节敬老义诊", "hospital", 30), ("敬老文艺汇演", "xinlianxin", 30)]),
    (["冬季消防安全"], [("电动车楼道充电排查", "patrol", 30), ("冬季用电安全讲座", "grid", 40)]),
    (["年度合伙人评议准备"], [("整理全年服务台账", "grid", 40), ("年度法治宣传总结", "judicial", 45)]),
    (["明年合伙人项目征集"], [("征集明年合伙人项目建议", "alliance", 40), ("冬季义诊进小区", "hospital", 35)]),
]
ABSENCE = {2: ("象山区心连心志愿者协会", "当日承办区级志愿服务活动，书面提交意见"),
           6: ("桂林市象山区图书馆", "馆内闭馆检修，委托社区转达")}


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def _meeting_days(today: dt.date) -> list[dt.date]:
    """The 18th of each of the twelve months up to the last 18th before today."""
    year, month = today.year, today.month
    if today.day <= 18:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    days = []
    for back in range(11, -1, -1):
        y, m = year, month - back
        while m < 1:
            y, m = y - 1, m + 12
        days.append(dt.date(y, m, 18))
    return days


def load(builder) -> dict[str, int]:
    users = builder.demo_users()
    staff, grid = users["wumei"], users["wumei_grid"]
    wumei = next(c for c in builder.street_communities() if c.name == "五美社区")
    today = clock.today()
    units = {u.name: u for u in builder.units if u.name in INVITED_UNITS}
    department = builder.departments[INVITED_DEPARTMENT]
    patrol = VolunteerTeam.objects.filter(community=wumei, captain__isnull=False).order_by("pk").first()
    owners = {"hospital": {"owner_organisation": units["桂林市中医医院"]},
              "alliance": {"owner_organisation": units["五美路商家联盟"]},
              "xinlianxin": {"owner_organisation": units["象山区心连心志愿者协会"]},
              "library": {"owner_organisation": units["桂林市象山区图书馆"]},
              "judicial": {"owner_department": department}, "grid": {"owner_user": grid},
              "patrol": {"owner_team": patrol} if patrol is not None else {"owner_user": grid}}
    need = Need.objects.filter(community=wumei, status=NeedStatus.PUBLISHED).order_by("pk").first()
    meetings = tasks = 0
    for index, (day, (topics, resolutions)) in enumerate(zip(_meeting_days(today), MONTHS, strict=True)):
        starts = _at(day, 15)
        with clock.frozen(starts - dt.timedelta(days=7)):
            meeting = services.create_meeting(actor=staff, community=wumei, kind="partner_monthly", starts_at=starts,
                                              place=PLACE, convener=CONVENER, organisations=list(units.values()),
                                              departments=[department])
            services.add_agenda_item(actor=staff, meeting=meeting, title="通报上月决议事项办理情况")
            for topic in topics:
                services.add_agenda_item(actor=staff, meeting=meeting, title=topic)
            if need is not None and index % 4 == 1:
                services.add_agenda_item(actor=staff, meeting=meeting, need=need, note="需求清单中待认领的事项")
        meetings += 1
        with clock.frozen(starts + dt.timedelta(hours=2)):
            absent = ABSENCE.get(index)
            for name, unit in units.items():
                if absent and absent[0] == name:
                    services.record_attendance(actor=staff, meeting=meeting, organisation=unit, attended=False,
                                               absence_reason=absent[1])
                else:
                    services.record_attendance(actor=staff, meeting=meeting, organisation=unit, attended=True,
                                               attendees=f"{unit.short_name or unit.name}党建联络员")
            services.record_attendance(actor=staff, meeting=meeting, department=department, attended=True,
                                       attendees="司法所所长")
            made = []
            for title, owner, days in resolutions:
                made.append(services.add_resolution(actor=staff, meeting=meeting, title=title,
                                                    deadline=day + dt.timedelta(days=days), **owners[owner]))
            tasks += len(made)
            lines = "；".join(f"{i}. {t.title}（{t.owner_name}负责，{t.deadline:%m月%d日}前完成）"
                             for i, t in enumerate(made, start=1))
            services.record_minutes(actor=staff, meeting=meeting, host_attendees="社区党委书记、居委会主任、网格员",
                                    minutes=f"会议通报了上月决议事项的办理情况，围绕“{topics[0]}”进行了讨论。"
                                            f"会议议定：{lines}。")
        if index == 4:
            with clock.frozen(starts + dt.timedelta(days=1)):
                services.add_minutes_note(actor=staff, meeting=meeting,
                                          text="更正：图书馆暑期阅读营时间以图书馆公告为准。")
        _progress(made, starts, today, recent=index >= 9, stale=index == 6)
    with clock.frozen(_at(today, 8)):
        reminded = services.sweep_overdue(today=today)
    six = _six_party(builder, wumei, staff, units["桂林市中医医院"], today)
    open_tasks = Task.objects.filter(meeting__community=wumei, status=TaskStatus.OPEN).count()
    return {"joint_meetings": meetings + 1, "joint_meeting_tasks": tasks + six,
            "joint_meeting_tasks_open": open_tasks, "joint_meeting_reminders": reminded}


def _progress(made: list[Task], starts: dt.datetime, today: dt.date, *, recent: bool, stale: bool) -> None:
    """Older tasks were done before their deadlines; the last meetings' are under way (some overdue); one task of
    an older meeting stalled at half way."""
    for number, task in enumerate(made):
        halfway = max(starts + dt.timedelta(hours=3),
                      min(starts + (_at(task.deadline, 10) - starts) / 2, _at(today, 9) - dt.timedelta(days=1)))
        actor = None
        with clock.frozen(halfway):
            services.update_task(actor=actor, task=task, note="已落实责任人，正在推进", percent=50)
        if recent or (stale and number == 0):
            continue
        with clock.frozen(_at(task.deadline, 10) - dt.timedelta(days=2)):
            services.update_task(actor=actor, task=task, note="已按会议要求完成，照片和台账已报社区", done=True)


def _six_party(builder, wumei, staff, hospital, today: dt.date) -> int:
    """六方议事 on the 五美小区 lift and parking (two months ago): the community party committee, the residents'
    committee and the owners' committee (recorded with the host's attendees: the demo registers no owners'
    committee as a unit), the housing bureau, a unit and the street's property company."""
    property_company = Organisation.objects.get(name=PROPERTY_COMPANY)
    housing = builder.departments["象山区住房和城乡建设局"]
    day = today - dt.timedelta(days=60)
    starts = _at(day, 19, 30)
    with clock.frozen(starts - dt.timedelta(days=5)):
        meeting = services.create_meeting(
            actor=staff, community=wumei, kind="six_party", starts_at=starts, place="五美小区议事亭",
            convener=CONVENER, title="五美小区加装电梯与停车秩序六方议事会",
            organisations=[property_company, hospital], departments=[housing],
            roles={("organisation", property_company.pk): "property_company",
                   ("organisation", hospital.pk): "unit", ("department", housing.pk): "department"})
        services.add_agenda_item(actor=staff, meeting=meeting, title="1栋、3栋加装电梯意见征集情况")
        services.add_agenda_item(actor=staff, meeting=meeting, title="小区夜间停车秩序")
    with clock.frozen(starts + dt.timedelta(hours=2)):
        for org, who in ((property_company, "物业项目经理"), (hospital, "后勤科科长")):
            services.record_attendance(actor=staff, meeting=meeting, organisation=org, attended=True, attendees=who)
        services.record_attendance(actor=staff, meeting=meeting, department=housing, attended=True,
                                   attendees="加装电梯办工作人员")
        lift = services.add_resolution(actor=staff, meeting=meeting, title="加装电梯方案公示并办理报建",
                                       deadline=day + dt.timedelta(days=90), owner_department=housing)
        parking = services.add_resolution(actor=staff, meeting=meeting, title="划定夜间临时停车位并张贴告示",
                                          deadline=day + dt.timedelta(days=20), owner_organisation=property_company)
        services.record_minutes(actor=staff, meeting=meeting,
                                host_attendees="社区党委书记、居委会主任、五美小区业主委员会主任及业主代表 3 人",
                                minutes="六方就加装电梯和停车秩序议事。议定：住建局指导加装电梯方案公示与报建；"
                                        "物业公司划定夜间临时停车位，医院开放夜间部分车位错时共享。")
    with clock.frozen(starts + dt.timedelta(days=15)):
        services.update_task(actor=None, task=parking, note="已划定 24 个夜间临时车位并张贴告示", done=True)
    with clock.frozen(starts + dt.timedelta(days=30)):
        services.update_task(actor=None, task=lift, note="方案已公示，报建材料准备中", percent=40)
    return 2
