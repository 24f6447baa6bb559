"""rosters's registrations (navigation, figures, board sections, resident entries), called from apps.ready()."""

from django.utils.translation import gettext_lazy as _


def _is_team_member(user) -> bool:
    from gongzhi.people.models import TeamMembership

    return TeamMembership.objects.current().filter(volunteer__person__user=user).exists()


def register() -> None:

    from gongzhi.core.registry import list_link, register_nav, register_resident_entry, register_stat
    from gongzhi.volunteering import stats_rosters

    register_nav("volunteering:rosters", _("值班排班"), "◑",
                 {"community_staff", "street_staff", "district_staff", "system_admin"}, order=72)
    register_resident_entry("volunteering:m_duty", _("志愿值班"), "◑", hint=_("报名巡逻、劝导值班"), order=35,
                            visible=_is_team_member)
    register_stat("duty_teams", _("巡逻与文明劝导队"), stats_rosters.count_duty_teams, unit=_("支"), order=45,
                  link=list_link("people:teams", "kind=duty"))
    register_stat("duty_shifts_served", _("值班服务人次（已确认）"), stats_rosters.count_duty_person_times,
                  unit=_("人次"), order=46,
                  link=list_link("recognition:volunteers"))  # confirmed duty hours per person
