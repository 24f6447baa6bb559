"""Labels of the cases actions in the chronicle (see gongzhi/chronicle/labels.py)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.chronicle.labels import register_actions

register_actions({
    "case.reported": _("反映诉求"), "case.accepted": _("受理"), "case.contacted": _("联系诉求人"),
    "case.transferred": _("移交首问责任"), "case.rejected": _("不予受理"), "case.meeting_recorded": _("记录协调会"),
    "case.resolved": _("办结"), "case.confirmed": _("居民确认办结"), "case.reopened": _("居民提出异议"),
    "case.closed_unconfirmed": _("居民逾期未确认，关闭"), "case.rated": _("居民评价"), "case.escalated": _("超时督办"),
    "whistle.blown": _("吹哨"), "whistle.reported": _("部门报到"), "whistle.done": _("部门办结"),
    "whistle.withdrawn": _("撤回吹哨"), "whistle.scored": _("吹哨满意度赋分"),
    "responsibility.added": _("新增权责事项"), "responsibility.edited": _("修改权责事项"),
    "responsibility.removed": _("删除权责事项"), "case_category.limits_changed": _("修改办理时限"),
    "case.public_wording_set": _("审定公开表述"), "case.public_wording_withdrawn": _("撤回公开表述"),
})
