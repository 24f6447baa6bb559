"""The notification of fulfilment: a commitment approaching its deadline or overdue reaches its undertakers'
liaisons (once per commitment and kind, as the reminder itself)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy

from gongzhi.notifications.kinds import register_kind
from gongzhi.notifications.services import notify


def register() -> None:
    register_kind("reminder", gettext_lazy("履约提醒"), order=40, roles={"unit_liaison"}, default_channels={"email"},
                  description=gettext_lazy("本单位承诺的共建事项即将到期或已逾期"),
                  sms_text=gettext_lazy("【共治】贵单位有共建承诺即将到期或已逾期，请登录共治查看。"))


def reminded(reminder) -> None:
    notify(kind="reminder", recipients=reminder.recipients.values_list("pk", flat=True),
           event_key=f"reminder:{reminder.pk}", title=str(reminder.message),
           body=reminder.commitment.contract.community.name, url=reverse("contracts:reminders"))
