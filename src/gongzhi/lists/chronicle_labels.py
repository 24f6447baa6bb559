"""Labels of the lists actions in the chronicle (see gongzhi/chronicle/labels.py)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.chronicle.labels import register_actions

register_actions({
    "need.submitted": _("提交需求"), "need.published": _("需求采纳并公布"), "need.rejected": _("需求未采纳"),
    "need.merged": _("需求合并"), "need.closed": _("需求完成"), "need.claimed": _("认领需求"),
    "need.claim_fulfilled": _("需求认领已完成"), "need.claim_withdrawn": _("撤回需求认领"),
    "resource.registered": _("登记资源"), "resource.withdrawn": _("撤下资源"), "resource.claimed": _("认领资源"),
    "resource.claim_fulfilled": _("资源认领已完成"), "resource.claim_withdrawn": _("撤回资源认领"),
    "activity.created": _("发布活动"),
})
