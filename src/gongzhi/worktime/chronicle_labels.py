"""Labels of the working calendar actions in the chronicle (see gongzhi/chronicle/labels.py)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.chronicle.labels import register_actions

register_actions({
    "worktime.special_day_set": _("设置节假日或调休"), "worktime.special_day_removed": _("删除节假日或调休"),
})
