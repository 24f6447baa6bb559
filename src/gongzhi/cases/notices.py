"""The notifications of 接诉即办: a whistle to a department's receivers, an escalation to the street or district
staff it is raised to, a resolved case to the resident who must confirm it."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.notifications.kinds import register_kind
from gongzhi.notifications.recipients import department_receivers
from gongzhi.notifications.services import notify


def register() -> None:
    register_kind("whistle", gettext_lazy("吹哨待报到"), order=10, roles={"department_receiver"}, default_channels={"sms"},
                  description=gettext_lazy("社区向本部门吹哨，需要在时限内报到"),
                  sms_text=gettext_lazy("【共治】有新的吹哨需贵部门报到，请在时限内登录共治工作台处理。"))
    register_kind("escalation", gettext_lazy("超时督办"), order=11, roles={"street_staff", "district_staff"}, default_channels={"sms"},
                  description=gettext_lazy("诉求或吹哨超过时限，升级到街道或城区督办"),
                  sms_text=gettext_lazy("【共治】有诉求超时升级督办，请登录共治工作台查看。"))
    register_kind("case_to_confirm", gettext_lazy("诉求待确认"), order=12, roles={"resident", "volunteer"},
                  description=gettext_lazy("您反映的问题已办结，请确认并评价"),
                  sms_text=gettext_lazy("【共治】您反映的问题已办结，请打开共治确认并评价。"))


def whistle_blown(whistle) -> None:
    case = whistle.case
    notify(kind="whistle", recipients=department_receivers(whistle.department), event_key=f"whistle:{whistle.pk}",
           title=_("吹哨：%(number)s 需%(department)s报到") % {"number": case.number,
                                                          "department": whistle.department.name},
           body=_("%(community)s · %(category)s · 报到时限 %(due)s") % {
               "community": case.community.name, "category": case.category.name,
               "due": timezone.localtime(whistle.respond_due_at).strftime("%m-%d %H:%M")},
           url=reverse("cases:inbox"))


def escalated(escalation) -> None:
    notify(kind="escalation", recipients=escalation.recipients.values_list("pk", flat=True),
           event_key=f"escalation:{escalation.pk}",
           title=_("%(level)s：%(number)s") % {"level": escalation.get_level_display(),
                                              "number": escalation.case.number},
           body=escalation.message, url=reverse("cases:escalations"))


def resolved(case) -> None:
    user_id = case.reporter.user_id if case.reporter_id else None
    if user_id is None:
        return
    notify(kind="case_to_confirm", recipients=[user_id], event_key=f"case-resolved:{case.pk}",
           title=_("您反映的问题已办结，请确认：%(number)s") % {"number": case.number},
           url=reverse("cases:m_list") + "?status=resolved")
