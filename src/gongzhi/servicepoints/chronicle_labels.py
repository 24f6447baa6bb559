"""Labels of the service-point actions in the chronicle (see gongzhi/chronicle/labels.py)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.chronicle.labels import register_actions

register_actions({
    "servicepoints.created": _("登记服务阵地"), "servicepoints.changed": _("修改服务阵地"),
    "servicepoints.closed": _("停用服务阵地"), "servicepoints.reopened": _("恢复服务阵地"),
    "servicepoints.neighbourhood_located": _("设定小区位置"), "servicepoints.area_set": _("设定地理范围"),
})
