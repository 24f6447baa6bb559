import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

CASE_ROLES = {"grid_worker", "community_staff", "street_staff", "district_staff", "system_admin"}


class CasesConfig(AppConfig):
    name = "gongzhi.cases"
    label = "cases"
    verbose_name = _("吹哨报到")

    def ready(self) -> None:
        from gongzhi.cases import board, notices, todos
        from gongzhi.core.registry import register_nav, register_resident_entry

        board.register()
        notices.register()
        todos.register()
        from gongzhi.cases.models import Case
        from gongzhi.cases.permissions import case_text_access
        from gongzhi.people.permissions import register_text_access

        register_text_access(Case, case_text_access)
        register_nav("cases:list", _("接诉即办"), "☎", CASE_ROLES | {"department_receiver"}, order=50)
        register_nav("cases:inbox", _("接哨报到"), "✉", {"department_receiver"}, order=51)
        register_nav("cases:escalations", _("超时督办"), "⚑", {"community_staff", "street_staff", "district_staff",
                                                            "system_admin"}, order=52)
        register_nav("cases:responsibilities", _("权责清单"), "☷", CASE_ROLES, order=53)
        register_nav("cases:categories", _("诉求类别与时限"), "⏱", {"system_admin"}, order=54)
        register_resident_entry("cases:m_new", _("我要反映"), "☎", hint=_("接诉即办"), order=5)
        register_resident_entry("cases:m_list", _("我的诉求"), "☰", hint=_("进度·确认·评价"), order=6)

        # periodic work, enqueued by `gongzhi scheduler` (intervals and why: ADR 0021)
        from gongzhi.cases.tasks import sweep_case_deadlines
        from gongzhi.core.registry import register_periodic

        register_periodic("cases_sweep", sweep_case_deadlines, every=dt.timedelta(minutes=5),
                          label=_("接诉即办超时督办巡检"))
