import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "gongzhi.accounts"
    label = "accounts"
    verbose_name = _("账号与角色")

    def ready(self):
        from gongzhi.core.registry import register_nav, register_resident_entry

        register_nav("accounts:accounts", _("账号密码"), "⚿", {"community_staff", "system_admin"}, order=900)
        register_nav("accounts:password", _("修改密码"), "✱", None, order=910)
        register_resident_entry("accounts:password", _("修改密码"), "✱", hint=_("设置自己的登录密码"), order=990)

        # periodic work, enqueued by `gongzhi scheduler` (intervals and why: ADR 0021)
        from gongzhi.accounts.tasks import prune_old_login_attempts
        from gongzhi.core.registry import register_periodic

        register_periodic("prune_login_attempts", prune_old_login_attempts, every=dt.timedelta(days=1),
                          offset=dt.timedelta(hours=4), label=_("清理旧登录记录"))
