"""The side navigation of the staff workbench, filtered by the user's roles. Capabilities add their entries
with `core.registry.register_nav` (shown before the two tools, 导入导出 and 纪实档案)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# (url name, label, icon, who sees it: a set of roles, or None for every workbench user)
STAFF_REGION = {"grid_worker", "community_staff", "street_staff", "district_staff", "system_admin"}
NAVIGATION = [
    ("core:workbench", _("工作台"), "⌂", None),
    ("regions:tree", _("区划与网格"), "▦", STAFF_REGION),
    ("organisations:list", _("驻区单位"), "▣", STAFF_REGION | {"unit_liaison"}),
    ("organisations:departments", _("职能部门"), "☷", STAFF_REGION | {"department_receiver"}),
    ("party:list", _("党组织"), "★", STAFF_REGION | {"unit_liaison"}),
    ("people:list", _("人员"), "☺", STAFF_REGION | {"unit_liaison"}),
    ("lists:needs", _("需求清单"), "☰", STAFF_REGION | {"unit_liaison"}),
    ("lists:resources", _("资源清单"), "◆", STAFF_REGION | {"unit_liaison"}),
    ("lists:activities", _("活动清单"), "◷", STAFF_REGION | {"unit_liaison"}),
    ("contracts:list", _("共建契约"), "✍", STAFF_REGION | {"unit_liaison"}),
    ("contracts:publications", _("公开栏公示"), "▤", {"community_staff", "street_staff", "district_staff",
                                                   "system_admin"}),
    ("contracts:reminders", _("履约提醒"), "⏰", {"unit_liaison", "district_staff", "system_admin"}),
    ("evaluation:schemes", _("评约考评"), "✓", {"community_staff", "street_staff", "district_staff", "system_admin",
                                                "unit_liaison"}),
    ("exchange:index", _("导入导出"), "⇅", {"community_staff", "street_staff", "district_staff", "system_admin"}),
    ("chronicle:list", _("纪实档案"), "✎", {"community_staff", "street_staff", "district_staff", "system_admin"}),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "uses_workbench", False):
        return {}
    from gongzhi.core.registry import nav_entries

    roles = user.role_set
    items = []
    entries = NAVIGATION[:-2] + [(e.url_name, e.label, e.icon, e.roles) for e in nav_entries()] + NAVIGATION[-2:]
    for name, label, icon, allowed in entries:
        if allowed is None or roles & allowed:
            url = reverse(name)
            items.append({"url": url, "label": label, "icon": icon,
                          "active": request.path == url or (url != "/workbench/" and request.path.startswith(url))})
    return {"workbench_nav": items}
