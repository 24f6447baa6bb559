"""Labels of the evaluation actions in the chronicle (see gongzhi/chronicle/labels.py)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.chronicle.labels import register_actions

register_actions({
    "scheme.created": _("制定考评方案"), "scheme.assessments_opened": _("启动考评"),
    "assessment.self": _("单位自评"), "assessment.community": _("社区评议"), "assessment.street": _("街道总评"),
    "assessment.district": _("城区复核"), "assessment.notice_issued": _("发出整改通知"),
    "scheme.commended": _("列入表彰名单"), "scheme.commendation_withdrawn": _("撤销表彰"),
    "scheme.outcomes_published": _("公布考评结果"),
})
