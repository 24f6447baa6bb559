"""Labels of the Open311 actions in the chronicle (see gongzhi/chronicle/labels.py)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.chronicle.labels import register_actions

register_actions({
    "open311.request_submitted": _("Open311 提交诉求"), "open311.area_defined": _("设置服务区域"),
    "open311.client_issued": _("发放接口密钥"), "open311.client_revoked": _("吊销接口密钥"),
})
