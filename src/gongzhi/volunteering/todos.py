"""What waits in 志愿服务 (registered with `core.registry.register_todos`): for an activity's organiser, the
activities whose hours wait for their confirmation (those with a check-in closed automatically at the end, flagged
to check, first); for the community's (street's, district's) staff, the duty hours of patrol and persuasion shifts
to confirm; for community staff, the in-service party members' registrations (报到) to decide. Each count comes from
the selector of the list its link opens, with the same filter: the organiser's list counts activities (each with
its hours to confirm on its page), the other two count entries."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core.registry import Todo, Urgency, register_todos
from gongzhi.core.scope import REGISTRAR_ROLES
from gongzhi.volunteering.permissions_activities import organises_somewhere
from gongzhi.volunteering.permissions_inservice import decides_reports
from gongzhi.volunteering.permissions_rosters import confirmable_duty_hours
from gongzhi.volunteering.selectors_activities import has_pending_hours, organiser_list
from gongzhi.volunteering.selectors_inservice import pending_reports
from gongzhi.volunteering.selectors_rosters import pending_duty_hours


def organiser_todos(user) -> list[Todo]:
    """An activity's organiser (community staff, the organising unit's liaison, the organising team's captain)."""
    if not organises_somewhere(user):
        return []
    counts = organiser_list(user, hours="pending").aggregate(
        pending=Count("pk"), flagged=Count("pk", filter=has_pending_hours(flagged=True)))
    url = reverse("volunteering:activities")
    return [Todo("volunteering.flagged", _("自动签退待核对的活动"), counts["flagged"], f"{url}?hours=flagged",
                 Urgency.WAITING, "✋"),
            Todo("volunteering.hours", _("有时长待确认的活动"), counts["pending"], f"{url}?hours=pending",
                 Urgency.WAITING, "✋")]


def staff_todos(user) -> list[Todo]:
    """Community, street and district staff: duty hours to confirm; community staff: registrations to decide."""
    if not user.is_authenticated:
        return []
    found = []
    registrars = user.scope_for(*REGISTRAR_ROLES)
    if registrars.everything or registrars.region_paths:
        found.append(Todo("volunteering.duty_hours", _("待确认的值班时长"),
                          pending_duty_hours(confirmable_duty_hours(user)).count(),
                          reverse("volunteering:duty_hours"), Urgency.WAITING, "◑"))
    if decides_reports(user):
        found.append(Todo("volunteering.inservice", _("待确认的在职党员报到"), pending_reports(user).count(),
                          reverse("volunteering:inservice_queue"), Urgency.WAITING, "☆"))
    return found


def register() -> None:
    register_todos("volunteering.organiser", organiser_todos, order=44)
    register_todos("volunteering.staff", staff_todos, order=45)
