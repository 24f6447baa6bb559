"""inservice's registrations (navigation, figures, board sections, resident entries), called from apps.ready()."""

from django.utils.translation import gettext_lazy as _


def _is_in_service_member(user) -> bool:
    from gongzhi.volunteering.permissions_inservice import own_member

    if not hasattr(user, "_inservice_member"):
        user._inservice_member = own_member(user)
    return user._inservice_member is not None


def _registered(node, year=None):
    from gongzhi.volunteering.selectors_inservice import registered_count

    return registered_count(node, year)


def _hours(node, year=None):
    from gongzhi.volunteering.selectors_inservice import member_hours

    return float(member_hours(node, year))


def register() -> None:

    from gongzhi.core.registry import list_link, register_nav, register_resident_entry, register_stat

    register_nav("volunteering:inservice_list", _("在职党员"), "☆",
                 {"community_staff", "street_staff", "district_staff", "system_admin", "unit_liaison"}, order=72)
    register_resident_entry("volunteering:m_inservice", _("在职党员报到"), "☆", hint=_("报到·定期报到·服务时长"),
                            order=32, visible=_is_in_service_member)
    register_stat("inservice_registered", _("在职党员报到（有效）"), _registered, unit=_("人"), order=82,
                  link=list_link("volunteering:inservice_list", "status=current"))
    register_stat("inservice_hours", _("在职党员服务时长（已确认）"), _hours, unit=_("小时"), order=83,
                  link=list_link("volunteering:inservice_list"))  # each member's hours
