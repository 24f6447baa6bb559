"""activities's registrations (navigation, figures, board sections, resident entries), called from apps.ready().

Figures (docs/figures.md, "Volunteering: activities and hours"): over confirmed hours entries only
(`HoursEntry.status == confirmed`), of the communities in the node's subtree, `served_on` in the year."""


from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from gongzhi.core.numbers import tenths
from gongzhi.core.registry import list_link, register_nav, register_resident_entry, register_stat, shared


def volunteer_figures(path: str, year=None) -> dict:
    """Confirmed volunteer hours (every kind) and person-times (confirmed service entries: one per person and
    activity attended) of the subtree at `path`, in `year` when given."""
    from gongzhi.volunteering.models import HoursEntry, HoursKind, HoursStatus

    qs = HoursEntry.objects.filter(status=HoursStatus.CONFIRMED, community__path__startswith=path)
    if year:
        qs = qs.filter(served_on__year=year)
    row = qs.aggregate(hours=Sum("hours"), times=Count("pk", filter=Q(kind=HoursKind.SERVICE)))
    # one decimal, as recorded (SQLite sums a decimal column as a float)
    return {"hours": tenths(row["hours"]), "person_times": row["times"]}


def _figure(name):
    def compute(node, year=None):
        return shared(("volunteering.activities", node.path, year), lambda: volunteer_figures(node.path, year))[name]

    return compute


def _may_sign_up_somewhere(user) -> bool:
    from gongzhi.volunteering.permissions_activities import own_person

    return own_person(user) is not None


def register() -> None:
    register_nav("volunteering:activities", _("志愿活动"), "✋", {"community_staff", "street_staff", "district_staff",
                                                               "system_admin", "unit_liaison"}, order=70)
    register_resident_entry("volunteering:m_activities", _("志愿活动"), "✋", hint=_("报名、签到签退"), order=25,
                            visible=_may_sign_up_somewhere)
    register_stat("volunteer_hours", _("志愿服务时长（已确认）"), _figure("hours"), unit=_("小时"), order=45,
                  link=list_link("recognition:volunteers"))  # confirmed hours per volunteer
    register_stat("volunteer_person_times", _("志愿服务人次"), _figure("person_times"), unit=_("人次"), order=46,
                  link=list_link("recognition:volunteers"))
