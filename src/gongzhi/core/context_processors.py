"""The side navigation of the staff workbench, filtered by the user's roles. Capabilities add their entries
with `core.registry.register_nav` (shown before the two tools, 导入导出 and 纪实档案). Entries are grouped under
headings: the foundation's by where they stand below, registered ones by their order (GROUPS)."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

# (url name, label, icon, who sees it: a set of roles, or None for every workbench user)
STAFF_REGION = {"grid_worker", "community_staff", "street_staff", "district_staff", "system_admin"}
# The headings of the side navigation: registered entries fall under the last band whose lower bound their order
# reaches (40–49 resident services, 50–69 接诉即办, 70–79 volunteering, 80–99 co-governance, 900– accounts).
GROUPS = [
    (0, ""), (40, _("居民服务")), (50, _("诉求办理")), (70, _("志愿服务")), (80, _("共建共治")), (100, ""),
    (900, _("账号与工具")),
]
FOUNDATION_GROUPS = {"regions:tree": _("基础台账"), "lists:needs": _("清单与契约")}


def group_of(order: int):
    label = ""
    for lower, name in GROUPS:
        if order >= lower:
            label = name
    return label


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
    """The workbench's side navigation, built only if the page shows it (the resident's phone shell does not: a
    resident's page then needs no query for her roles)."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"workbench_nav": SimpleLazyObject(lambda: workbench_entries(request, user))}


def workbench_entries(request, user) -> list[dict]:
    if not user.is_authenticated or not getattr(user, "uses_workbench", False):
        return []
    from gongzhi.core.registry import nav_entries

    roles = user.role_set
    items = []
    tools = _("账号与工具")
    group = ""
    entries = ([(*entry, None) for entry in NAVIGATION[:-2]]
               + [(e.url_name, e.label, e.icon, e.roles, group_of(e.order)) for e in nav_entries()]
               + [(*entry, tools) for entry in NAVIGATION[-2:]])
    for name, label, icon, allowed, band in entries:
        group = FOUNDATION_GROUPS.get(name, group) if band is None else band
        if allowed is None or roles & allowed:
            url = reverse(name)
            items.append({"url": url, "label": label, "icon": icon, "group": group,
                          "active": request.path == url or (url != "/workbench/" and request.path.startswith(url))})
    return items
