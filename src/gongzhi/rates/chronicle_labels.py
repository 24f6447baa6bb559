"""Labels of the rates actions in the chronicle (see gongzhi/chronicle/labels.py)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.chronicle.labels import register_actions

register_actions({
    "rate_weights.set": _("设置考核权重"), "rate_weights.cleared": _("恢复默认权重"),
    "rating_review.requested": _("申请复核评价"), "rating_review.excluded": _("复核：剔除评价"),
    "rating_review.kept": _("复核：维持评价"),
})
