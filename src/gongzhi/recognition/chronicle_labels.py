"""Labels of the recognition actions in the chronicle (see gongzhi/chronicle/labels.py)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.chronicle.labels import register_actions

register_actions({})
register_actions({
    "certificate.issued": _("出具志愿服务时长证明"), "certificate.revoked": _("作废志愿服务时长证明"),
    "certificate_request.made": _("申请志愿服务时长证明"), "certificate_request.declined": _("不予出具证明"),
    "honour.opened": _("发起表彰评选"), "honour.nominated": _("推荐表彰对象"), "honour.decided": _("评审委员会评定"),
    "honour.published": _("公布表彰结果"),
})
