"""The notification of two-way claiming: whoever owns the item hears that it was claimed (the community's staff
for a community need or resource, the unit's liaisons for a unit's)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.lists.models import Need, Side
from gongzhi.notifications.kinds import register_kind
from gongzhi.notifications.recipients import community_staff, unit_liaisons
from gongzhi.notifications.services import notify


def register() -> None:
    register_kind("claimed", gettext_lazy("认领"), order=30, roles={"community_staff", "unit_liaison"},
                  description=gettext_lazy("您的需求或资源被认领，请联系认领方跟进落实"),
                  sms_text=gettext_lazy("【共治】您发布的清单事项已被认领，请登录共治查看。"))


def claimed(claim, item) -> None:
    is_need = isinstance(item, Need)
    if item.side == Side.COMMUNITY:
        users = community_staff(item.community_id)
    else:
        users = unit_liaisons(item.organisation_id) if item.organisation_id else []
    who = claim.organisation.name if claim.organisation_id else item.community.name
    notify(kind="claimed", recipients=users, event_key=f"claim:{claim.pk}",
           title=(_("需求“%(t)s”已被%(who)s认领") if is_need else _("资源“%(t)s”已被%(who)s认领")) % {
               "t": item.title, "who": who},
           body=_("完成时限 %(d)s") % {"d": claim.deadline.isoformat()},
           url=reverse("lists:need" if is_need else "lists:resource", args=[item.pk]))
