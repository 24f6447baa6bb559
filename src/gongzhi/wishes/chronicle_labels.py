"""Labels of the wishes actions in the chronicle (see gongzhi/chronicle/labels.py)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.chronicle.labels import register_actions

register_actions({
    "wish.posted": _("提交心愿"), "wish.approved": _("心愿审核通过"), "wish.rejected": _("心愿未通过审核"),
    "wish.reworded": _("修改公开表述"), "wish.withdrawn": _("撤下心愿"), "wish.claimed": _("认领心愿"),
    "wish.released": _("放弃认领"), "wish.abandoned": _("认领逾期，重新上墙"), "wish.overdue": _("认领逾期"),
    "wish.deadline_set": _("调整完成期限"), "wish.fulfilled": _("登记心愿已完成"), "wish.confirmed": _("确认圆梦"),
    "wish.thanked": _("感谢留言"), "wish_policy.set": _("设置心愿规则"),
})
