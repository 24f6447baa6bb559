"""Labels of the proposals actions in the chronicle."""

from django.utils.translation import gettext_lazy as _

from gongzhi.chronicle.labels import register_actions

register_actions({
    "proposals.submitted": _("提交居民提议"), "proposals.supported": _("支持居民提议"),
    "proposals.answered": _("答复居民提议"), "proposals.agenda": _("提议列入会议议程"),
    "proposals.overdue": _("居民提议超期提醒"),
})
