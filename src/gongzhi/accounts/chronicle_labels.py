"""Labels of the account actions in the chronicle (see gongzhi/chronicle/labels.py)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.chronicle.labels import register_actions

register_actions({
    "user.created": _("创建账号"), "user.role_assigned": _("授予角色"), "user.role_revoked": _("收回角色"),
    "user.password_changed": _("修改密码"), "user.password_reset": _("重置密码"),
})
