"""Labels of the annual reports' actions in the chronicle (see gongzhi/chronicle/labels.py)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.chronicle.labels import register_actions

register_actions({
    "annual_report.requested": _("申请生成年度报告"), "annual_report.built": _("年度报告已生成"),
    "annual_report.published": _("发布年度报告"),
})
