"""Labels of the volunteering actions in the chronicle (see gongzhi/chronicle/labels.py)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.chronicle.labels import register_actions

# in-service party members (在职党员报到)
register_actions({
    "inservice.applied": _("在职党员申请报到"), "inservice.confirmed": _("确认在职党员报到"),
    "inservice.returned": _("退回在职党员报到申请"), "inservice.lapsed": _("在职党员报到过期"),
    "inservice.target_set": _("设定在职党员年度服务目标"),
})

# activities: sign-up, waiting list, check-in/out and the organiser's decisions on hours
register_actions({
    "volunteering.signed_up": _("报名参加活动"), "volunteering.waiting": _("报名进入候补"),
    "volunteering.cancelled": _("取消活动报名"), "volunteering.promoted": _("候补转正"),
    "volunteering.checked_in": _("活动签到"), "volunteering.checked_out": _("活动签退"),
    "volunteering.auto_checked_out": _("活动结束自动签退"),
    "volunteering.hours_confirmed": _("确认服务时长"), "volunteering.hours_declined": _("不予确认服务时长"),
    "volunteering.hours_corrected": _("更正服务时长"), "volunteering.hours_honoured": _("登记荣誉时长"),
})

# duty rosters
register_actions({
    "roster.created": _("设立值班排班"), "roster.paused": _("暂停值班排班"), "roster.resumed": _("恢复值班排班"),
    "roster.shifts_made": _("生成值班班次"), "roster.signed_up": _("报名值班"), "roster.cancelled": _("取消值班报名"),
    "roster.attendance": _("登记值班到岗"), "duty_hours.confirmed": _("确认值班时长"),
})
