"""Labels of the contract actions in the chronicle (see gongzhi/chronicle/labels.py)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.chronicle.labels import register_actions

register_actions({
    "meeting.convened": _("召集商谈会"), "meeting.held": _("商谈会已召开"), "contract.drafted": _("起草契约"),
    "contract.commitment_added": _("添加承诺事项"), "contract.commitment_removed": _("删除承诺事项"),
    "contract.agreed": _("单位确认商定内容"), "contract.agreement_reopened": _("承诺变更，待单位重新确认"),
    "contract.signed": _("签订契约"), "contract.superseded": _("被新版本取代"),
    "contract.amendment_drafted": _("发起修订"), "contract.liaison_officer_appointed": _("选派联络员"),
    "commitment.fulfilled": _("登记履约"), "commitment.milestone_done": _("实施步骤完成"),
    "commitment.reminder_approaching": _("临期提醒"), "commitment.reminder_overdue": _("逾期提醒"),
    "board.published": _("公开栏公示"),
})
