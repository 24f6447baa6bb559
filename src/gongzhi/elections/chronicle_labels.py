"""Labels of the elections actions in the chronicle."""

from django.utils.translation import gettext_lazy as _

from gongzhi.chronicle.labels import register_actions

register_actions({
    "elections.created": _("创建选举"), "elections.rescheduled": _("调整投票时间"),
    "elections.applied": _("报名参选"), "elections.nominated": _("提名候选人"),
    "elections.accepted": _("审核通过候选人"), "elections.declined": _("审核未通过候选人"),
    "elections.published": _("公布候选人名单"), "elections.voted": _("居民已投票"),
    "elections.paper_ballot_issued": _("现场领取选票"), "elections.tally_entered": _("录入现场计票"),
    "elections.tally_confirmed": _("现场计票复核一致"), "elections.tally_mismatch": _("现场计票复核不一致"),
    "elections.declared": _("公布选举结果"), "elections.inspection": _("百姓监督员巡查"),
    "elections.problem_to_case": _("巡查问题转为诉求"), "elections.withdrawn": _("候选人退出"),
    "elections.cancelled": _("取消选举"),
})
