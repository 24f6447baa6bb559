"""Labels of the talent pool's actions in the chronicle (see gongzhi/chronicle/labels.py)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.chronicle.labels import register_actions

register_actions({
    "talent.registered": _("加入人才储备库"), "talent.changed": _("修改人才储备信息"),
    "talent.withdrawn": _("退出人才储备库"),
})
