"""Labels of the dispute actions in the chronicle (see gongzhi/chronicle/labels.py)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.chronicle.labels import register_actions

register_actions({
    "dispute.registered": _("登记矛盾纠纷"), "dispute.party_added": _("添加当事人"),
    "dispute.risk_assessed": _("评估风险"), "dispute.flagged_major": _("列为重大纠纷"),
    "dispute.session_recorded": _("登记调解"), "dispute.outcome_recorded": _("登记调解结果"),
    "dispute.follow_up_scheduled": _("安排回访"), "dispute.follow_up_recorded": _("登记回访"),
    "dispute.closed": _("纠纷结案"), "dispute.reopened": _("纠纷重新办理"),
})
