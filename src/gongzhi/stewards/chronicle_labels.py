"""Labels of the 楼门管家 actions in the chronicle (see gongzhi/chronicle/labels.py)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.chronicle.labels import register_actions

register_actions({
    "stewards.appointed": _("选任楼门管家"), "stewards.roles_set": _("调整楼门管家职责"),
    "stewards.evaluated": _("楼门管家月度评价"), "stewards.commended": _("表彰楼门管家"),
    "stewards.retired": _("楼门管家光荣退休"), "stewards.suggestion_submitted": _("楼门管家提交意见建议"),
    "stewards.suggestion_to_need": _("意见建议转为需求"), "stewards.suggestion_to_case": _("意见建议转为诉求"),
    "stewards.suggestion_declined": _("意见建议不予采纳"), "stewards.reminded": _("提醒月度评价"),
    "stewards.evaluations_loaded": _("批量载入楼门管家月度评价"),
})
