"""Labels of the space platform's actions in the chronicle (see gongzhi/chronicle/labels.py)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.chronicle.labels import register_actions

register_actions({
    "spaces.venue_created": _("登记场地"), "spaces.venue_changed": _("修改场地"),
    "spaces.hours_set": _("设置场地开放时间"), "spaces.closure_added": _("登记闭馆"),
    "spaces.applied": _("申请使用场地"), "spaces.approved": _("批准场地申请"), "spaces.rejected": _("不批准场地申请"),
    "spaces.application_cancelled": _("取消场地申请"), "spaces.booking_cancelled": _("取消一次场地预约"),
    "spaces.fulfilled": _("登记交换服务履约"), "spaces.lapsed": _("场地申请逾期未审"),
})
