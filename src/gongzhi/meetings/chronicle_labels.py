"""Labels of the joint-meeting actions in the chronicle (see gongzhi/chronicle/labels.py)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.chronicle.labels import register_actions

register_actions({
    "meetings.created": _("安排联席会议"), "meetings.invited": _("邀请参会"),
    "meetings.attendance": _("登记出席情况"), "meetings.agenda_item": _("列入议程"),
    "meetings.minutes": _("记录会议纪要"), "meetings.minutes_note": _("追加纪要补充说明"),
    "meetings.resolution": _("记录决议事项"), "meetings.task_progress": _("更新决议事项进展"),
    "meetings.task_done": _("决议事项办结"), "meetings.task_closed": _("关闭决议事项"),
    "meetings.task_reminder": _("决议事项逾期提醒"),
})
